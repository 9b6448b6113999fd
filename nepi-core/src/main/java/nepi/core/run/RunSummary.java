package nepi.core.run;

import java.util.List;
import java.util.Locale;

/**
 * What a series of runs measured: each run's metric, their mean and confidence interval.
 *
 * @param runs every run, in order
 * @param mean the mean metric of the runs that produced one (NaN when none did)
 * @param halfWidth the half-width of the confidence interval around the mean (NaN under two values)
 * @param confidence the confidence level of the interval, e.g. 0.95
 * @param converged whether the interval became narrow enough before the last run
 */
public record RunSummary(List<RunResult> runs, double mean, double halfWidth, double confidence, boolean converged) {

    /**
     * One run of the series.
     *
     * @param index 1 for the first run
     * @param runId the run's id (its archive is under the experiment's directory)
     * @param metric what the metric function computed (NaN when there is none or the run failed)
     * @param failureLevel how the run ended
     */
    public record RunResult(int index, String runId, double metric, nepi.core.FailureLevel failureLevel) {}

    /** The interval as a fraction of the mean. */
    public double relativeHalfWidth() {
        return halfWidth / Math.abs(mean);
    }

    /** A plain-text table of the runs and the statistics. */
    public String toText() {
        StringBuilder out = new StringBuilder(
                String.format(Locale.ROOT, "%-4s %-20s %-12s %s%n", "run", "runId", "metric", "failure"));
        for (RunResult r : runs) {
            out.append(String.format(
                    Locale.ROOT, "%-4d %-20s %-12.6g %s%n", r.index(), r.runId(), r.metric(), r.failureLevel()));
        }
        out.append(String.format(
                Locale.ROOT,
                "mean %.6g ± %.6g (%.0f%% confidence, %s)%n",
                mean,
                halfWidth,
                confidence * 100,
                converged ? "converged" : "not converged"));
        return out.toString();
    }

    /** The same table as HTML. */
    public String toHtml() {
        StringBuilder out = new StringBuilder(
                "<table><thead><tr><th>run</th><th>runId</th><th>metric</th><th>failure</th></tr></thead><tbody>");
        for (RunResult r : runs) {
            out.append(String.format(
                    Locale.ROOT,
                    "<tr><td>%d</td><td>%s</td><td>%.6g</td><td>%s</td></tr>",
                    r.index(),
                    r.runId(),
                    r.metric(),
                    r.failureLevel()));
        }
        out.append(String.format(
                Locale.ROOT,
                "</tbody><tfoot><tr><td colspan=\"4\">mean %.6g &plusmn; %.6g (%.0f%% confidence, %s)</td></tr></tfoot></table>",
                mean,
                halfWidth,
                confidence * 100,
                converged ? "converged" : "not converged"));
        return out.toString();
    }

    @Override
    public String toString() {
        return toText();
    }
}
