package dev.jconvex.execution.internal;

/**
 * How long a function's recent runs took: an exponentially weighted mean of their wall-clock times
 * (each new run weighs 1/8), unknown until the function has run once.
 *
 * <p>Updated by concurrent runs without a lock: a lost update only drops one sample from the mean,
 * which is an estimate anyway.
 */
final class RunCost {

    private static final long UNKNOWN = -1;

    private volatile long meanNanos = UNKNOWN;

    /** Adds one run of {@code nanos} to the mean. */
    void record(long nanos) {
        long mean = meanNanos;
        meanNanos = mean == UNKNOWN ? nanos : mean + (nanos - mean) / 8;
    }

    /** Whether runs are known and their mean is below {@code nanos}. */
    boolean below(long nanos) {
        long mean = meanNanos;
        return mean != UNKNOWN && mean < nanos;
    }
}
