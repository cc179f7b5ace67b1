package dev.jconvex.typescript;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The execution-time budget of one function run, counted as Convex counts it (values-and-validation
 * §7: "1 s of user (JS) time, excludes time spent in syscalls"): the clock stops while a syscall runs
 * ({@link #pause}/{@link #resume}). Time comes from an injected clock (the run thread's CPU time in
 * production), which must advance no faster than wall time: timers are armed in wall time and
 * re-armed for what is left. When the budget is spent, {@code onExpiry} runs once on the
 * watchdog thread (it cancels the GraalJS context). Checked by one-shot timers that re-arm for the
 * unspent rest, so a run costs one scheduled task, not a polling loop.
 */
final class RunClock {

    private final ScheduledExecutorService watchdog;
    private final LongSupplier nanoTime;
    private final Runnable onExpiry;
    private long budgetNanos;
    private long runningSince; // nanoTime when the clock last started; -1 while paused
    private boolean expired;
    private boolean stopped;
    private ScheduledFuture<?> timer;

    RunClock(ScheduledExecutorService watchdog, LongSupplier nanoTime, Duration budget, Runnable onExpiry) {
        this.watchdog = watchdog;
        this.nanoTime = nanoTime;
        this.onExpiry = onExpiry;
        this.budgetNanos = budget.toNanos();
        this.runningSince = nanoTime.getAsLong();
        arm(budgetNanos);
    }

    /** Stops the clock: a syscall starts. */
    synchronized void pause() {
        if (runningSince >= 0) {
            budgetNanos -= nanoTime.getAsLong() - runningSince;
            runningSince = -1;
        }
    }

    /** Restarts the clock: the syscall returned to JavaScript. */
    synchronized void resume() {
        if (runningSince < 0) {
            runningSince = nanoTime.getAsLong();
        }
    }

    /** Whether the budget ran out ({@code onExpiry} has then been started, once). */
    synchronized boolean expired() {
        return expired;
    }

    /** Ends the run's clock; no expiry after this. */
    synchronized void stop() {
        stopped = true;
        if (timer != null) {
            timer.cancel(false);
        }
    }

    /**
     * Runs on the watchdog: re-arms for the unspent rest, or expires the run. {@code onExpiry} runs
     * outside this clock's lock: it closes the GraalJS context, which waits for the run's thread to
     * leave it, and that thread may be entering a syscall ({@link #pause}) at that very moment; holding
     * the lock there deadlocked both (a hot-key test under load hung for 20 minutes).
     */
    private void check() {
        synchronized (this) {
            if (stopped || expired) {
                return;
            }
            long left = runningSince < 0 ? budgetNanos : budgetNanos - (nanoTime.getAsLong() - runningSince);
            if (left > 0) {
                arm(left);
                return;
            }
            expired = true;
        }
        onExpiry.run();
    }

    private void arm(long nanos) {
        timer = watchdog.schedule(this::check, Math.max(nanos, 1_000_000), TimeUnit.NANOSECONDS);
    }
}
