package dev.jconvex.database;

import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of the database: snapshots, OCC validation, commit timestamps, group commit.
 *
 * <h2>Design note: serializable mutations over H2 (spec values-and-validation §8)</h2>
 *
 * <ol>
 *   <li><b>Snapshots.</b> Every transaction reads one H2 connection in {@code SNAPSHOT} isolation
 *       (H2 2.3's {@code REPEATABLE READ} fixes each table's snapshot only when the transaction first
 *       touches that table, which is not one consistent snapshot). The snapshot is opened while
 *       holding the read side of {@link #lock}, and its first statement reads the meta row holding
 *       the last commit timestamp: so {@code ts} is exactly the last commit visible in the snapshot.
 *   <li><b>Buffered writes.</b> A mutation never writes to H2 while it runs. Its writes are kept in
 *       an overlay in {@link WriteTransaction}, merged into its own reads (read-your-writes).
 *   <li><b>Read sets.</b> Each read records the index interval it consumed ({@link ReadSet}).
 *   <li><b>Commit.</b> Under the write side of {@link #lock} (one committer at a time), the
 *       transaction's read set is checked against the {@linkplain #log write log} of every commit
 *       after its begin timestamp: the old and new key of each written document in each index
 *       read; a key inside an interval is a conflict, and the transaction is retried from scratch.
 *       Otherwise its writes, the new timestamp {@code max(last + 1, clock)} and its idempotency
 *       records are applied and committed in one H2 transaction on the committer's own connection.
 *       (Not on the transaction's connection: its snapshot is older than the meta row, which H2
 *       would report as a concurrent update.) No two H2 writers ever run at once, so H2 never waits
 *       on a row lock or reports a deadlock. Because every conflict is detected by validation, the
 *       outcome is equivalent to running the transactions one by one in commit-timestamp order.
 *   <li><b>Progress.</b> After {@code occMaxRetries} conflicts, the last attempt by default runs
 *       holding the write lock from begin to commit, so nothing can interleave and it cannot
 *       conflict. With {@link DatabaseConfig#exclusiveLastAttempt()} off, the last conflict fails
 *       with Convex's OCC error instead.
 *   <li><b>Group commit.</b> In file mode H2 commits stay in memory (a long {@code WRITE_DELAY}).
 *       A flusher thread writes one MVStore chunk for everything committed so far (optionally
 *       fsync'ed), then acknowledges every mutation of the batch and calls the commit listeners in
 *       commit order. A mutation returns only after its batch is on disk, so an acknowledged
 *       mutation survives SIGKILL, while concurrent mutations share one write.
 * </ol>
 */
final class Committer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Committer.class);

    private final Storage storage;
    private final InstantSource clock;
    private final boolean sync;

    /** Read side: opening a snapshot. Write side: a commit, table creation, an exclusive attempt. */
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    /** Commit ts → what it wrote; entries newer than the oldest active transaction. Guarded by lock. */
    private final TreeMap<Long, WriteSet> log = new TreeMap<>();

    /** Begin ts → number of open transactions with it. Guarded by itself. */
    private final TreeMap<Long, Integer> active = new TreeMap<>();

    private volatile long lastTs;

    // group commit state, guarded by flushMonitor
    private final Object flushMonitor = new Object();
    private long requestedTs;
    private long durableTs;
    private RuntimeException flushFailure;
    private boolean closing;

    private final ConcurrentLinkedQueue<Map.Entry<Long, WriteSet>> toPublish = new ConcurrentLinkedQueue<>();
    private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();
    private final Thread flusher;

    Committer(Storage storage, InstantSource clock, Durability durability) throws SQLException {
        this.storage = storage;
        this.clock = clock;
        this.sync = durability == Durability.POWER_LOSS;
        this.lastTs = storage.lastTimestamp();
        this.durableTs = lastTs;
        this.requestedTs = lastTs;
        this.flusher = Thread.ofPlatform().name("jconvex-flusher").daemon().start(this::flushLoop);
    }

    long lastTs() {
        return lastTs;
    }

    void addListener(CommitListener l) {
        listeners.add(l);
    }

    /** An open snapshot: its connection and the timestamp of the last commit it sees. */
    record Snapshot(Session session, long ts, long catalogVersion) {}

    /** Opens a snapshot and registers it as active (so the write log keeps what it needs). */
    Snapshot begin(Supplier<Long> catalogVersion) {
        Session c = storage.acquire();
        lock.readLock().lock();
        try {
            long ts = Storage.snapshotTimestamp(c);
            synchronized (active) {
                active.merge(ts, 1, Integer::sum);
            }
            return new Snapshot(c, ts, catalogVersion.get());
        } catch (SQLException e) {
            storage.release(c);
            throw new IllegalStateException(e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Closes a snapshot opened by {@link #begin}. */
    void end(Snapshot s) {
        synchronized (active) {
            active.computeIfPresent(s.ts(), (k, n) -> n == 1 ? null : n - 1);
        }
        storage.release(s.session());
    }

    /** A conflict found at validation: the table and id of a document written since the snapshot. */
    static final class Conflict extends Exception {
        final String table;
        final String id;

        Conflict(String table, String id) {
            super(null, null, false, false);
            this.table = table;
            this.id = id;
        }
    }

    /**
     * Validates and applies a transaction; returns its commit timestamp (its begin timestamp when it
     * wrote nothing). Does not wait for durability: see {@link #awaitDurable}.
     */
    long commit(long beginTs, ReadSet reads, List<DocumentWrite> writes, Map<String, byte[]> records) throws Conflict {
        WriteSet writeSet = WriteSet.of(writes);
        lock.writeLock().lock();
        try {
            for (WriteSet committed : log.tailMap(beginTs, false).values()) {
                Optional<WriteSet.Write> w = reads.firstConflict(committed);
                if (w.isPresent()) {
                    throw new Conflict(w.get().table(), w.get().id());
                }
            }
            if (writes.isEmpty() && records.isEmpty()) {
                return beginTs;
            }
            for (String key : records.keySet()) {
                if (Storage.findMutationRecord(storage.adminSession(), key).isPresent()) {
                    throw new Conflict("some table", key);
                }
            }
            long ts = Math.max(lastTs + 1, nanos(clock));
            storage.apply(writes, records, ts);
            log.put(ts, writeSet);
            lastTs = ts;
            toPublish.add(Map.entry(ts, writeSet));
            long oldest;
            synchronized (active) {
                oldest = active.isEmpty() ? ts : active.firstKey();
            }
            log.headMap(oldest, true).clear();
            return ts;
        } catch (SQLException e) {
            throw new IllegalStateException("commit failed: " + e.getMessage(), e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    static long nanos(InstantSource clock) {
        java.time.Instant now = clock.instant();
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
    }

    /** Blocks until every commit up to {@code ts} is on disk (at once in memory mode). */
    void awaitDurable(long ts) {
        synchronized (flushMonitor) {
            if (ts > requestedTs) {
                requestedTs = ts;
                flushMonitor.notifyAll();
            }
            if (storage.inMemory()) {
                return;
            }
            boolean interrupted = false;
            while (durableTs < ts && flushFailure == null) {
                try {
                    flushMonitor.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (durableTs < ts) {
                throw flushFailure;
            }
        }
    }

    private void flushLoop() {
        while (true) {
            synchronized (flushMonitor) {
                while (requestedTs <= durableTs && toPublish.isEmpty() && !closing) {
                    try {
                        flushMonitor.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closing && requestedTs <= durableTs && toPublish.isEmpty()) {
                    return;
                }
            }
            long target = lastTs;
            try {
                storage.flush(sync);
            } catch (SQLException | RuntimeException e) {
                LOG.error("flushing the database failed; acknowledging no more mutations", e);
                synchronized (flushMonitor) {
                    flushFailure = new IllegalStateException("the database could not be written: " + e.getMessage(), e);
                    flushMonitor.notifyAll();
                }
                return;
            }
            synchronized (flushMonitor) {
                durableTs = Math.max(durableTs, target);
                flushMonitor.notifyAll();
            }
            publishUpTo(target);
        }
    }

    private void publishUpTo(long target) {
        List<Map.Entry<Long, WriteSet>> batch = new ArrayList<>();
        Map.Entry<Long, WriteSet> e;
        while ((e = toPublish.peek()) != null && e.getKey() <= target) {
            batch.add(toPublish.poll());
        }
        for (Map.Entry<Long, WriteSet> commit : batch) {
            Timestamp ts = new Timestamp(commit.getKey());
            for (CommitListener l : listeners) {
                try {
                    l.committed(ts, commit.getValue());
                } catch (RuntimeException ex) {
                    LOG.warn("commit listener failed", ex);
                }
            }
        }
    }

    @Override
    public void close() {
        synchronized (flushMonitor) {
            closing = true;
            flushMonitor.notifyAll();
        }
        try {
            flusher.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
