package dev.jconvex.admin;

import dev.jconvex.protocol.FunctionKind;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The recent function executions of a deployment, newest last: what {@code npx convex logs}
 * streams from {@code GET /api/stream_function_logs?cursor=N} (BE {@code log_streaming}).
 *
 * <p>Each entry has a sequence number; a reader passes the last number it saw as its cursor and
 * gets the entries after it, waiting up to a bound when there are none yet (a long poll). The log
 * keeps the last {@link #capacity} entries; a reader that falls further behind skips the older ones,
 * as Convex's in-memory log does. Thread-safe: executions append from any thread.
 */
public final class FunctionLog {

    /** How many entries are kept by default. */
    public static final int DEFAULT_CAPACITY = 10_000;

    /**
     * One completed execution.
     *
     * @param sequence position in the log, from 1
     * @param kind query, mutation or action
     * @param identifier the function as Convex prints it, {@code mutable:set}
     * @param timestampMillis when it finished
     * @param logLines its console lines, {@code "[LOG] text"}
     * @param error the error message when it failed
     * @param executionNanos how long it ran
     * @param requestId the id that identifies this execution in the log (16 hex digits)
     */
    public record Entry(
            long sequence,
            FunctionKind kind,
            String identifier,
            long timestampMillis,
            List<String> logLines,
            Optional<String> error,
            long executionNanos,
            String requestId) {
        public Entry {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(identifier, "identifier");
            logLines = List.copyOf(logLines);
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(requestId, "requestId");
        }
    }

    /** The entries after a cursor, and the cursor to pass next. */
    public record Page(List<Entry> entries, long newCursor) {
        public Page {
            entries = List.copyOf(entries);
        }
    }

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long lastSequence;
    private boolean closed;

    public FunctionLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /** Appends an execution; the log assigns its sequence number. */
    public void append(
            FunctionKind kind,
            String identifier,
            long timestampMillis,
            List<String> logLines,
            Optional<String> error,
            long executionNanos,
            String requestId) {
        lock.lock();
        try {
            lastSequence++;
            entries.addLast(new Entry(
                    lastSequence, kind, identifier, timestampMillis, logLines, error, executionNanos, requestId));
            if (entries.size() > capacity) {
                entries.removeFirst();
            }
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The entries after {@code cursor}; when there are none, waits up to {@code wait} for one (or for
     * {@link #close}). A cursor ahead of the log (from before a restart) reads from the start.
     */
    public Page after(long cursor, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        lock.lock();
        try {
            long from = cursor > lastSequence ? 0 : cursor;
            while (lastSequence <= from && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                appended.awaitNanos(left);
            }
            List<Entry> page = new ArrayList<>();
            for (Entry entry : entries) {
                if (entry.sequence() > from) {
                    page.add(entry);
                }
            }
            return new Page(page, Math.max(from, lastSequence));
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiting reader; later reads do not wait. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
