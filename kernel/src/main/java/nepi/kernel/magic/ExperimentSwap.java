package nepi.kernel.magic;

import nepi.core.ExperimentController;

/** Puts a new experiment in {@code ec} for {@code %new} and {@code %load}, shutting the previous one down. */
final class ExperimentSwap {

    private ExperimentSwap() {
    }

    /**
     * Makes {@code ec} hold {@code next}, then shuts the previous controller down (releasing its RMs).
     *
     * @return what to tell the user
     */
    static String swap(ExperimentSlot slot, ExperimentController next, String what) {
        ExperimentController previous;
        try {
            previous = slot.current();
        } catch (MagicUsageException e) {
            previous = null;
        }
        slot.replace(next);
        if (previous == null || previous == next) {
            return "ec is now the " + what;
        }
        previous.shutdown();
        return "ec is now the " + what + " (" + next.getResources().size() + " RMs); the previous experiment, "
                + previous.getExpId() + ", was shut down";
    }
}
