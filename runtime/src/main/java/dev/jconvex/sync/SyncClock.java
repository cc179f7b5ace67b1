package dev.jconvex.sync;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

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
        return SystemClock.INSTANCE;
    }

    /** {@link SyncClock#system()}: {@link System#currentTimeMillis()} and {@link System#nanoTime()}. */
    final class SystemClock implements SyncClock {
        static final SystemClock INSTANCE = new SystemClock();

        private final ScheduledExecutorService timer;

        private SystemClock() {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, "jconvex-sync-timer");
                thread.setDaemon(true);
                return thread;
            });
            executor.setRemoveOnCancelPolicy(true);
            this.timer = Executors.unconfigurableScheduledExecutorService(executor);
        }

        @Override
        public long millis() {
            return System.currentTimeMillis();
        }

        @Override
        public long nanos() {
            return System.nanoTime();
        }

        @Override
        public Runnable schedule(long delayNanos, Runnable task) {
            ScheduledFuture<?> future = timer.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        }
    }
}
