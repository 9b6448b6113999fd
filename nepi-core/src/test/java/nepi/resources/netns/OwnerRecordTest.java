package nepi.resources.netns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OwnerRecordTest {

    @Test
    void thisJvmIsAlive() {
        assertThat(OwnerRecord.current("exp", "run").isAlive()).isTrue();
    }

    @Test
    void aDeadProcessIsNot() throws Exception {
        Process p = new ProcessBuilder("true").start();
        long pid = p.pid();
        long start = OwnerRecord.startTicks(pid).orElse(0L);
        p.waitFor();
        p.getInputStream().close();
        assertThat(new OwnerRecord(pid, start, "exp", "run").isAlive()).isFalse();
    }

    @Test
    void aReusedPidIsNotTheOwner() {
        OwnerRecord me = OwnerRecord.current("exp", "run");
        assertThat(new OwnerRecord(me.pid(), me.startTicks() - 1, "exp", "run").isAlive())
                .isFalse();
    }
}
