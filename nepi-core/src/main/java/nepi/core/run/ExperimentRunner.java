package nepi.core.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.ToDoubleFunction;
import nepi.core.ExperimentController;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the same experiment description again and again: a fixed number of times, or until
 * a metric computed from each run converges (its confidence interval narrower than a given
 * fraction of its mean). Each run gets a fresh controller, is archived
 * ({@link RunArchive}), and is followed by a pause.
 * <pre>{@code
 * RunSummary summary = new ExperimentRunner(Path.of("ping.json"))
 *         .runs(3, 30)
 *         .metric(ec -> averageRtt(ec.trace(ping, "stdout")))
 *         .untilConverged(0.05, 0.95)
 *         .run();
 * }</pre>
 */
public final class ExperimentRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ExperimentRunner.class);

    private final Path description;
    private Path localDir;
    private int minRuns = 1;
    private int maxRuns = 1;
    private Duration pause = Duration.ZERO;
    private Duration timeout;
    private List<Integer> waitFor;
    private ToDoubleFunction<ExperimentController> metric;
    private double relativeHalfWidth = Double.NaN;
    private double confidence = 0.95;

    /** A runner of the experiment described in {@code description} (see {@link ExperimentController#save}). */
    public ExperimentRunner(Path description) {
        this.description = description;
    }

    /** Keeps the runs' results under {@code dir} (default: the system temp dir). */
    public ExperimentRunner localDir(Path dir) {
        this.localDir = dir;
        return this;
    }

    /** Exactly {@code n} runs (unless converging earlier with {@link #untilConverged}). */
    public ExperimentRunner runs(int n) {
        return runs(n, n);
    }

    /** At least {@code min} and at most {@code max} runs. */
    public ExperimentRunner runs(int min, int max) {
        if (min < 1 || max < min) {
            throw new IllegalArgumentException("runs need 1 <= min <= max (got min " + min + ", max " + max + ")");
        }
        this.minRuns = min;
        this.maxRuns = max;
        return this;
    }

    /** The pause between two runs. */
    public ExperimentRunner pause(Duration between) {
        this.pause = between;
        return this;
    }

    /** The most a run may take to finish; past it the run is ended and its metric is not counted. */
    public ExperimentRunner timeout(Duration perRun) {
        this.timeout = perRun;
        return this;
    }

    /** The RMs whose end (STOPPED, FAILED or RELEASED) ends a run; needed unless a timeout ends each run. */
    public ExperimentRunner waitFor(Collection<Integer> guids) {
        this.waitFor = List.copyOf(guids);
        return this;
    }

    /** What to measure in each run, computed once the run finished, before it is released. */
    public ExperimentRunner metric(ToDoubleFunction<ExperimentController> compute) {
        this.metric = compute;
        return this;
    }

    /**
     * Stops once the {@code confidence} interval of the metric's mean is at most
     * {@code relativeHalfWidth} of the mean (after at least the minimum number of runs).
     */
    public ExperimentRunner untilConverged(double relativeHalfWidth, double confidence) {
        if (!(relativeHalfWidth > 0) || !(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("convergence needs relativeHalfWidth > 0 and 0 < confidence < 1 (got "
                    + relativeHalfWidth + ", " + confidence + ")");
        }
        this.relativeHalfWidth = relativeHalfWidth;
        this.confidence = confidence;
        return this;
    }

    /**
     * Runs the series.
     *
     * @throws IllegalStateException when convergence was asked without a metric
     * @throws InterruptedException when interrupted (the current run is released first)
     */
    public RunSummary run() throws InterruptedException {
        if (waitFor == null && timeout == null) {
            throw new IllegalStateException("say what ends a run: waitFor(guids) of the RMs that finish by themselves"
                    + " (hosts never do), or a timeout(...)");
        }
        if (!Double.isNaN(relativeHalfWidth) && metric == null) {
            throw new IllegalStateException("convergence needs a metric: call metric(...) first");
        }
        List<RunSummary.RunResult> results = new ArrayList<>();
        SummaryStatistics stats = new SummaryStatistics();
        boolean converged = false;
        for (int i = 1; i <= maxRuns && !converged; i++) {
            if (i > 1 && !pause.isZero()) {
                Thread.sleep(pause.toMillis());
            }
            RunSummary.RunResult result = runOnce(i);
            results.add(result);
            if (!Double.isNaN(result.metric())) {
                stats.addValue(result.metric());
            }
            converged = i >= minRuns
                    && !Double.isNaN(relativeHalfWidth)
                    && stats.getN() >= 2
                    && halfWidth(stats) <= relativeHalfWidth * Math.abs(stats.getMean());
        }
        return new RunSummary(
                results, stats.getN() == 0 ? Double.NaN : stats.getMean(), halfWidth(stats), confidence, converged);
    }

    private RunSummary.RunResult runOnce(int index) throws InterruptedException {
        ExperimentController ec = ExperimentController.load(description, localDir);
        try {
            ec.deploy();
            boolean finished = waitFor != null && ec.waitFinished(waitFor, timeout);
            if (waitFor == null) {
                Thread.sleep(timeout.toMillis());
            }
            double value = Double.NaN;
            if (!finished) {
                LOG.warn(
                        "run {} ({}) did not finish: {}",
                        index,
                        ec.getRunId(),
                        ec.isAborted() ? "aborted, " + ec.getFailureLevel() : "timed out after " + timeout);
            } else if (metric != null) {
                value = metric.applyAsDouble(ec);
            }
            RunArchive.write(ec);
            return new RunSummary.RunResult(index, ec.getRunId(), value, ec.getFailureLevel());
        } finally {
            ec.shutdown();
        }
    }

    private double halfWidth(SummaryStatistics stats) {
        if (stats.getN() < 2) {
            return Double.NaN;
        }
        double t = new TDistribution(stats.getN() - 1).inverseCumulativeProbability(1 - (1 - confidence) / 2);
        return t * stats.getStandardDeviation() / Math.sqrt(stats.getN());
    }
}
