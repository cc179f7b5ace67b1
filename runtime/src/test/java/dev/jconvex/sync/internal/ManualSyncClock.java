package dev.jconvex.sync.internal;

import dev.jconvex.sync.SyncClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SyncClock} that moves only when a test calls {@link #advance}: wake-ups that fall due run
 * on the test's thread, so a ping or a token expiry happens exactly when the test says, without
 * waiting. Starts at the real wall-clock time, so tokens signed "now" are valid.
 */
final class ManualSyncClock implements SyncClock {

    private record Pending(long atNanos, Runnable task) {}

    private long millis = System.currentTimeMillis();
    private long nanos;
    private final List<Pending> pending = new ArrayList<>();

    @Override
    public synchronized long millis() {
        return millis;
    }

    @Override
    public synchronized long nanos() {
        return nanos;
    }

    @Override
    public Runnable schedule(long delayNanos, Runnable task) {
        Pending p;
        synchronized (this) {
            if (delayNanos > 0) {
                p = new Pending(nanos + delayNanos, task);
                pending.add(p);
                return () -> cancel(p);
            }
        }
        task.run();
        return () -> {};
    }

    private synchronized void cancel(Pending p) {
        pending.remove(p);
    }

    /** Moves time forward by {@code by} and runs the wake-ups that fall due, in order. */
    void advance(Duration by) {
        List<Pending> due = new ArrayList<>();
        synchronized (this) {
            millis += by.toMillis();
            nanos += by.toNanos();
            for (var it = pending.iterator(); it.hasNext(); ) {
                Pending p = it.next();
                if (p.atNanos() - nanos <= 0) {
                    due.add(p);
                    it.remove();
                }
            }
        }
        due.sort(java.util.Comparator.comparingLong(Pending::atNanos));
        due.forEach(p -> p.task().run());
    }
}
