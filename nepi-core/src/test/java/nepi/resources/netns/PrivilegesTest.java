package nepi.resources.netns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrivilegesTest {

    private static String status(String uid, String capEff) {
        return "Name:\tjava\nUid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid + "\nCapEff:\t" + capEff + "\n";
    }

    @Test
    void rootWithAllCapabilitiesMay() {
        assertThat(Privileges.missing(status("0", "000001ffffffffff"))).isEmpty();
    }

    @Test
    void anOrdinaryUserIsToldToRunAsRoot() {
        assertThat(Privileges.missing(status("1000", "0000000000000000"))).hasValueSatisfying(m -> assertThat(m)
                .contains("need root")
                .contains("uid 1000")
                .contains("without CAP_NET_ADMIN and CAP_SYS_ADMIN")
                .contains("sudo"));
    }

    @Test
    void theMissingCapabilityIsNamed() {
        long netAdminOnly = 1L << 12;
        assertThat(Privileges.missing(status("0", Long.toHexString(netAdminOnly))))
                .hasValueSatisfying(m -> assertThat(m).contains("without CAP_SYS_ADMIN"));
    }
}
