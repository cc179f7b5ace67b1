package dev.jconvex.database;

import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of the database: snapshots, OCC validation, commit timestamps, and the order in
 * which commit listeners hear of commits.
 *
 * <h2>Design note: serializable mutations over a persistence engine (spec values-and-validation §8)</h2>
 *
 * <ol>
 *   <li><b>Snapshots.</b> Every transaction reads one immutable {@link Persistence.Snapshot}
 *       whose timestamp is exactly the last commit visible in it. Opening one never waits for a
 *       commit or for a mutation body: there is no lock between readers and the writer. A mutation's
 *       snapshot is also registered as active (a tiny monitor, never held while user code runs), so
 *       the {@linkplain #log write log} keeps what its validation needs.
 *   <li><b>Buffered writes.</b> A mutation never writes to the engine while it runs. Its writes are
 *       kept in an overlay in {@link WriteTransaction}, merged into its own reads.
 *   <li><b>Read sets.</b> Each read records the index interval it consumed ({@link ReadSet}).
 *   <li><b>Commit.</b> Under {@link #commitLock} (one committer at a time) the transaction's read set
 *       is checked against the write set of every commit after its begin timestamp: the old and
 *       new key of each written document in each index read; a key inside an interval is a
 *       conflict, and the transaction is retried from scratch. Otherwise it gets the timestamp
 *       {@code max(last + 1, clock)} and the engine stores it ({@link Persistence#write}): from
 *       then on it survives a crash of the process and every new snapshot sees it. Because every
 *       conflict is found by validation, the outcome is that of running the transactions one by
 *       one in commit-timestamp order.
 *   <li><b>Progress.</b> After {@code occMaxRetries} conflicts, the last attempt by default runs
 *       holding {@link #commitLock} from begin to commit, so no commit can interleave and it cannot
 *       conflict. Other writers wait; readers do not. With {@link DatabaseConfig#exclusiveLastAttempt()}
 *       off, the last conflict fails with Convex's OCC error instead.
 *   <li><b>Listeners.</b> A publisher thread hands each commit's write set to the commit listeners
 *       in commit order, after the commit is as durable as the configuration asks, so the commit
 *       path never runs subscription code.
 * </ol>
 *
 * <h2>Several processes on one shared engine</h2>
 *
 * <p>When the engine is {@linkplain Persistence#shared() shared} (PostgreSQL: several {@code serve}
 * processes on one database), steps 4 to 6 move into the engine's serialization point, because
 * commits of other processes are invisible to this one's write log and clock: {@link
 * Persistence#commit} validates the read set against the write sets the engine logged for every
 * commit after the begin timestamp, from any process, and picks the timestamp there; the commits
 * of this process that arrive while one is being stored are stored together (group commit, see
 * {@link PgPersistence#commit}), without {@link #commitLock}. The exclusive last attempt holds
 * both {@link #commitLock} and the engine's lock ({@link #lockExclusive}), and listeners hear of every commit, local or remote, from {@link
 * Persistence#tail} in timestamp order. The in-memory write log and the active-snapshot registry
 * are not used. See docs/postgres.md.
 */
final class Committer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Committer.class);

    private final Persistence persistence;
    private final InstantSource clock;

    /** Held by a commit, a table creation, and an exclusive last attempt. Never by a reader. */
    final ReentrantLock commitLock = new ReentrantLock();

    /** Commit ts → what it wrote; entries newer than the oldest active mutation. Guarded by commitLock. */
    private final TreeMap<Long, WriteSet> log = new TreeMap<>();

    /** Begin ts → number of open mutations with it. Guarded by itself. */
    private final TreeMap<Long, Integer> active = new TreeMap<>();

    private volatile long lastTs;

    /** Whether the engine validates and timestamps commits itself (several processes). */
    private final boolean shared;

    /** A commit to hand to the listeners that were registered when it committed. */
    private record Published(long ts, WriteSet writes, CommitListener[] listeners) {}

    private static final Published STOP = new Published(-1, WriteSet.EMPTY, new CommitListener[0]);

    private final LinkedBlockingQueue<Published> toPublish = new LinkedBlockingQueue<>();
    private volatile CommitListener[] listeners = new CommitListener[0];
    private final Thread publisher;

    Committer(Persistence persistence, InstantSource clock) {
        this.persistence = persistence;
        this.clock = clock;
        this.lastTs = persistence.lastTimestamp();
        this.shared = persistence.shared();
        this.publisher =
                Thread.ofPlatform().name("jconvex-commit-publisher").daemon().start(this::publishLoop);
        if (shared) {
            persistence.tail(lastTs, (ts, writes) -> {
                advanceLastTs(ts.nanos());
                toPublish.add(new Published(ts.nanos(), writes, listeners));
            });
        }
    }

    private synchronized void advanceLastTs(long ts) {
        if (ts > lastTs) {
            lastTs = ts;
        }
    }

    /**
     * Holds the committer (and a shared engine's serialization point) for a mutation's exclusive
     * last attempt; see the design note, step 5.
     */
    void lockExclusive() {
        commitLock.lock();
        if (shared) {
            try {
                persistence.beginExclusive();
            } catch (RuntimeException e) {
                commitLock.unlock();
                throw e;
            }
        }
    }

    /** Ends {@link #lockExclusive}. */
    void unlockExclusive() {
        try {
            if (shared) {
                persistence.endExclusive();
            }
        } finally {
            commitLock.unlock();
        }
    }

    long lastTs() {
        return lastTs;
    }

    /** Adds a listener; it hears of every commit made after this call returns. */
    void addListener(CommitListener listener) {
        commitLock.lock();
        try {
            CommitListener l = listener;
            if (shared) {
                // the tail may still deliver commits made before this call: skip them
                long from = lastTs;
                l = (ts, writes) -> {
                    if (ts.nanos() > from) {
                        listener.committed(ts, writes);
                    }
                };
            }
            CommitListener[] next = java.util.Arrays.copyOf(listeners, listeners.length + 1);
            next[listeners.length] = l;
            listeners = next;
        } finally {
            commitLock.unlock();
        }
    }

    /** An open snapshot: the engine's view, its timestamp, the catalog version when it began. */
    record Snapshot(Persistence.Snapshot view, long ts, long catalogVersion, boolean registered) {}

    /** Opens a snapshot for a query: never waits for a writer. */
    Snapshot beginRead(Supplier<Long> catalogVersion) {
        long catalog = catalogVersion.get();
        Persistence.Snapshot view = persistence.snapshot();
        return new Snapshot(view, view.ts(), catalog, false);
    }

    /** Opens a snapshot for a mutation and registers it as active (so the write log keeps what it needs). */
    Snapshot beginWrite(Supplier<Long> catalogVersion) {
        long catalog = catalogVersion.get();
        if (shared) {
            // the engine validates against its own log of commits; no local write log to keep
            Persistence.Snapshot view = persistence.snapshot();
            return new Snapshot(view, view.ts(), catalog, false);
        }
        Persistence.Snapshot view;
        synchronized (active) {
            view = persistence.snapshot();
            active.merge(view.ts(), 1, Integer::sum);
        }
        return new Snapshot(view, view.ts(), catalog, true);
    }

    /** Closes a snapshot opened by {@link #beginRead} or {@link #beginWrite}. */
    void end(Snapshot s) {
        if (s.registered()) {
            synchronized (active) {
                active.computeIfPresent(s.ts(), (k, n) -> n == 1 ? null : n - 1);
            }
        }
        s.view().close();
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
     * Validates and stores a transaction; returns its commit timestamp (its begin timestamp when it
     * wrote nothing). Power-loss durability is awaited separately: see {@link #awaitDurable}.
     */
    long commit(long beginTs, ReadSet reads, List<DocumentWrite> writes, Map<String, byte[]> records) throws Conflict {
        if (shared) {
            return commitShared(beginTs, reads, writes, records);
        }
        WriteSet writeSet = WriteSet.of(writes);
        commitLock.lock();
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
                if (persistence.mutation(key).isPresent()) {
                    // a concurrent duplicate of this mutation committed first: the retry replays it
                    throw new Conflict("_mutations", key);
                }
            }
            long ts = Math.max(lastTs + 1, nanos(clock));
            persistence.write(new Persistence.Commit(ts, writes, writeSet, records));
            log.put(ts, writeSet);
            lastTs = ts;
            toPublish.add(new Published(ts, writeSet, listeners));
            long oldest;
            synchronized (active) {
                oldest = active.isEmpty() ? ts : active.firstKey();
            }
            log.headMap(oldest, true).clear();
            return ts;
        } finally {
            commitLock.unlock();
        }
    }

    /**
     * A commit on a shared engine: validated, timestamped and stored by the engine; published when
     * the engine's {@linkplain Persistence#tail tail} delivers it. A transaction that wrote nothing
     * is serializable at its snapshot, which every process's commits before it are in.
     */
    private long commitShared(long beginTs, ReadSet reads, List<DocumentWrite> writes, Map<String, byte[]> records)
            throws Conflict {
        if (writes.isEmpty() && records.isEmpty()) {
            return beginTs;
        }
        // not under commitLock: the engine serializes commits itself, and batches the ones that wait
        long ts = persistence.commit(beginTs, reads, writes, WriteSet.of(writes), records, nanos(clock));
        advanceLastTs(ts);
        return ts;
    }

    static long nanos(InstantSource clock) {
        java.time.Instant now = clock.instant();
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
    }

    /** Blocks until every commit up to {@code ts} is as durable as the configuration asks. */
    void awaitDurable(long ts) {
        persistence.awaitDurable(ts);
    }

    private void publishLoop() {
        while (true) {
            Published p;
            try {
                p = toPublish.take();
            } catch (InterruptedException e) {
                return;
            }
            if (p == STOP) {
                return;
            }
            try {
                persistence.awaitDurable(p.ts());
            } catch (RuntimeException e) {
                LOG.error("a commit could not be made durable; publishing no more commits", e);
                return;
            }
            Timestamp ts = new Timestamp(p.ts());
            for (CommitListener l : p.listeners()) {
                try {
                    l.committed(ts, p.writes());
                } catch (RuntimeException ex) {
                    LOG.warn("commit listener failed", ex);
                }
            }
        }
    }

    @Override
    public void close() {
        toPublish.add(STOP);
        try {
            publisher.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
