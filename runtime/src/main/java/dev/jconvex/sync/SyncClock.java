package dev.jconvex.sync;

/**
 * The time a sync session lives by: the wall clock (token expiry, the server timestamps of
 * Transitions, the client's clock skew), a monotonic clock (the ping interval), and wake-ups after a
 * delay on that monotonic clock. Injected through {@link SyncConfig.Builder#clock}, so tests move time
 * forward instead of waiting for it (as Caffeine injects its {@code Ticker} and {@code Scheduler}).
 */
public interface SyncClock {

    /** Milliseconds since the epoch. */
    long millis();

    /** A monotonic reading in nanoseconds, comparable only with other readings of this clock. */
    long nanos();

    /**
     * Runs {@code task} once {@code delayNanos} have passed on {@link #nanos()} (at once if not
     * positive), on a thread of the clock's choosing; the returned handle cancels it.
     */
    Runnable schedule(long delayNanos, Runnable task);

    /** The system's clocks; wake-ups run on one shared daemon thread. */
    static SyncClock system() {
        return SystemSyncClock.INSTANCE;
    }
}
