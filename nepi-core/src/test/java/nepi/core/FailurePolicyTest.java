package nepi.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import nepi.core.resource.ManualContext;
import nepi.core.resource.ResourceContext;
import nepi.core.resource.ResourceFactory;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceState;
import nepi.core.resource.ResourceType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FailurePolicyTest {

    /** An RM that fails when the test says. */
    @ResourceType("test::Breakable")
    static class Breakable extends ResourceManager {
        Breakable(ResourceContext ec, int guid) {
            super(ec, guid);
        }

        void breakDown(String why) {
            fail(new IllegalStateException(why));
        }
    }

    private final ManualContext context = new ManualContext();
    private final AtomicInteger abandoned = new AtomicInteger();
    private final FailurePolicy policy = new FailurePolicy(abandoned::incrementAndGet);

    @BeforeAll
    static void types() {
        ResourceFactory.registerType(Breakable.class);
    }

    private Breakable failed(boolean critical) {
        Breakable rm = (Breakable) context.add("test::Breakable");
        rm.set("critical", critical);
        rm.breakDown("disk full");
        return rm;
    }

    @Test
    void anExperimentStartsOkAndNotAborted() {
        assertThat(policy.level()).isEqualTo(FailureLevel.OK);
        assertThat(policy.aborted()).isFalse();
    }

    @Test
    void aCriticalFailureRaisesTheLevelAbortsAndAbandonsPendingWork() {
        assertThat(policy.evaluate(failed(true))).isTrue();
        assertThat(policy.level()).isEqualTo(FailureLevel.RM_FAILURE);
        assertThat(policy.aborted()).isTrue();
        assertThat(abandoned).hasValue(1);
    }

    @Test
    void aNonCriticalFailureIsOnlyRecorded() {
        assertThat(policy.evaluate(failed(false))).isFalse();
        assertThat(policy.level()).isEqualTo(FailureLevel.OK);
        assertThat(policy.aborted()).isFalse();
        assertThat(abandoned).hasValue(0);
    }

    @Test
    void onlyTheFirstCriticalFailureAborts() {
        assertThat(policy.evaluate(failed(true))).isTrue();
        assertThat(policy.evaluate(failed(true))).isFalse();
        assertThat(policy.level()).isEqualTo(FailureLevel.RM_FAILURE);
        assertThat(abandoned).hasValue(1);
    }

    @Test
    void anRmThatDidNotFailOrIsUnknownIsNoFailure() {
        ResourceManager healthy = context.add("test::Breakable");
        assertThat(healthy.getState()).isEqualTo(ResourceState.NEW);
        assertThat(policy.evaluate(healthy)).isFalse();
        assertThat(policy.evaluate(null)).isFalse();
        assertThat(policy.level()).isEqualTo(FailureLevel.OK);
        assertThat(abandoned).hasValue(0);
    }

    @Test
    void aMachineryFailureIsAnEcFailureThatRmFailuresDoNotLower() {
        policy.machineryFailed(new IllegalStateException("listener bug"));
        assertThat(policy.level()).isEqualTo(FailureLevel.EC_FAILURE);
        assertThat(policy.aborted()).isTrue();
        assertThat(abandoned).hasValue(1);

        assertThat(policy.evaluate(failed(true))).isFalse();
        assertThat(policy.level()).isEqualTo(FailureLevel.EC_FAILURE);
    }

    @Test
    void theAbortCauseNamesTheRmWhoseFailureAbortedTheExperiment() {
        assertThat(policy.abortCause()).isEmpty();
        Breakable first = failed(true);
        policy.evaluate(first);
        policy.evaluate(failed(true));
        assertThat(policy.abortCause()).contains("#" + first.getGuid() + " test::Breakable: disk full");
    }

    @Test
    void recoverAfterAnRmFailureReturnsToOkAndTheNextCriticalFailureAbortsAgain() {
        policy.evaluate(failed(true));
        assertThat(policy.recover(() -> {})).isTrue();
        assertThat(policy.level()).isEqualTo(FailureLevel.OK);
        assertThat(policy.aborted()).isFalse();
        assertThat(policy.abortCause()).isEmpty();

        Breakable second = failed(true);
        assertThat(policy.evaluate(second)).isTrue();
        assertThat(policy.abortCause())
                .hasValueSatisfying(cause -> assertThat(cause).startsWith("#" + second.getGuid()));
        assertThat(abandoned).hasValue(2);
    }

    @Test
    void aMachineryFailureCannotBeRecoveredFrom() {
        policy.machineryFailed(new IllegalStateException("listener bug"));
        assertThatThrownBy(() -> policy.recover(() -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("listener bug")
                .hasMessageContaining("cannot recover")
                .hasMessageContaining("start a new experiment");
        assertThat(policy.level()).isEqualTo(FailureLevel.EC_FAILURE);
        assertThat(policy.aborted()).isTrue();
    }
}
