package dev.jconvex.database.internal;

import dev.jconvex.protocol.Timestamp;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
 *   <li><b>Commit.</b> A finished transaction waits while the committer thread takes it, in
 *       arrival order, with the others waiting then (group commit, at most {@value #MAX_BATCH}):
 *       under {@link #commitLock}, each one's read set is checked against the write set of every
 *       commit after its begin timestamp, those of its batch accepted before it included: the old
 *       and new key of each written document in each index read; a key inside an interval is a
 *       conflict, and the transaction is retried from scratch. Otherwise it gets the timestamp
 *       {@code max(previous + 1, clock)}. The engine stores the accepted ones together ({@link
 *       Persistence#writeAll}: one log write, one new snapshot); from then on they survive a crash of
 *       the process and every new snapshot sees them, and each waiter is woken with its timestamp.
 *       Because every conflict is found by validation, the outcome is that of running the
 *       transactions one by one in commit-timestamp order. Arrival order keeps waits short and even
 *       under load (a lock taken by each writer lets late arrivals overtake parked ones), and a batch
 *       costs one log write and one snapshot however many commits it holds.
 *   <li><b>Progress.</b> After {@code occMaxRetries} conflicts, the last attempt by default runs
 *       holding {@link #commitLock} from begin to commit, so no batch can interleave and it cannot
 *       conflict; it commits on its own thread. Other writers wait; readers do not. With {@link DatabaseConfig#exclusiveLastAttempt()}
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

    @SuppressWarnings("ReferenceEquality") // the sentinel object itself, not a record equal to it
    private static boolean isStop(Published p) {
        return p == STOP;
    }

    private final LinkedBlockingQueue<Published> toPublish = new LinkedBlockingQueue<>();
    private volatile CommitListener[] listeners = new CommitListener[0];
    private final Thread publisher;

    /** Transactions waiting for the committer thread, in arrival order. */
    private final LinkedBlockingQueue<Request> requests = new LinkedBlockingQueue<>();

    private final Thread committer;
    private volatile boolean stopped;

    private final DatabaseMetrics metrics;

    Committer(Persistence persistence, InstantSource clock, DatabaseMetrics metrics) {
        this.persistence = persistence;
        this.clock = clock;
        this.metrics = metrics;
        this.lastTs = persistence.lastTimestamp();
        this.shared = persistence.shared();
        this.publisher =
                Thread.ofPlatform().name("jconvex-commit-publisher").daemon().start(this::publishLoop);
        this.committer = Thread.ofPlatform().name("jconvex-committer").daemon().start(this::commitLoop);
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

    /**
     * A conflict found at validation: the table of a document written since the snapshot, or
     * neither when the commit lost to something that is not a document write (a duplicate of the same
     * mutation committed first, or a log trimmed past the snapshot). The table reaches the user in the
     * OCC text, so it is never a placeholder: an unknown table is empty, and the text then says "some
     * table" as Convex's does (spec values §8).
     */
    static final class Conflict extends Exception {
        final Optional<String> table;

        private Conflict(Optional<String> table) {
            super(null, null, false, false);
            this.table = table;
        }

        /** A document of {@code table} written since the snapshot. */
        static Conflict onDocument(String table) {
            return new Conflict(Optional.of(table));
        }

        /** A conflict with no document behind it. */
        static Conflict withoutDocument() {
            return new Conflict(Optional.empty());
        }
    }

    /**
     * Validates and stores a transaction; returns its commit timestamp (its begin timestamp when it
     * wrote nothing). Power-loss durability is awaited separately: see {@link #awaitDurable}.
     *
     * <p>The caller waits while the {@linkplain #commitLoop committer thread} validates and stores it
     * with whatever other transactions are waiting (group commit): they are taken in arrival order,
     * logged with one write and made visible together. An exclusive last attempt, which holds
     * {@link #commitLock} already, commits on its own thread.
     */
    long commit(long beginTs, ReadSet reads, List<DocumentWrite> writes, Map<String, byte[]> records) throws Conflict {
        if (shared) {
            return commitShared(beginTs, reads, writes, records);
        }
        Request request = new Request(beginTs, reads, writes, WriteSet.of(writes), records);
        if (commitLock.isHeldByCurrentThread()) {
            commitBatch(List.of(request));
        } else {
            if (stopped) {
                throw new IllegalStateException("database is closed");
            }
            requests.add(request);
            if (stopped && requests.remove(request)) {
                request.done.completeExceptionally(new IllegalStateException("database is closed"));
            }
        }
        return request.await();
    }

    /** A transaction waiting to be committed, and how it ended: its timestamp or its conflict. */
    private static final class Request {
        final long beginTs;
        final ReadSet reads;
        final List<DocumentWrite> writes;
        final WriteSet writeSet;
        final Map<String, byte[]> records;
        final CompletableFuture<Long> done = new CompletableFuture<>();

        Request(
                long beginTs,
                ReadSet reads,
                List<DocumentWrite> writes,
                WriteSet writeSet,
                Map<String, byte[]> records) {
            this.beginTs = beginTs;
            this.reads = reads;
            this.writes = writes;
            this.writeSet = writeSet;
            this.records = records;
        }

        /** Waits, without giving up on an interrupt: the commit may be stored whatever the caller does. */
        long await() throws Conflict {
            try {
                return done.join();
            } catch (CompletionException e) {
                switch (e.getCause()) {
                    case Conflict c -> throw c;
                    case RuntimeException r -> throw r;
                    case Error err -> throw err;
                    case null, default -> throw e;
                }
            }
        }
    }

    private static final Request STOP_COMMITS = new Request(0, ReadSet.EMPTY, List.of(), WriteSet.EMPTY, Map.of());

    /** The most transactions validated and logged together. */
    private static final int MAX_BATCH = 256;

    /** Takes waiting transactions in arrival order and commits them in batches until {@link #close}. */
    private void commitLoop() {
        List<Request> batch = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            try {
                batch.add(requests.take());
            } catch (InterruptedException e) {
                break;
            }
            requests.drainTo(batch, MAX_BATCH - 1);
            int stop = batch.indexOf(STOP_COMMITS);
            if (stop >= 0) {
                stopping = true;
                batch.subList(stop, batch.size()).clear();
            }
            if (!batch.isEmpty()) {
                commitLock.lock();
                try {
                    commitBatch(batch);
                } catch (RuntimeException | Error e) {
                    for (Request r : batch) {
                        r.done.completeExceptionally(e);
                    }
                } finally {
                    commitLock.unlock();
                }
                batch.clear();
            }
        }
        stopped = true;
        for (Request r; (r = requests.poll()) != null; ) {
            r.done.completeExceptionally(new IllegalStateException("database is closed"));
        }
    }

    /**
     * Validates each request in order against the commits after its snapshot (those of this batch
     * accepted before it included), gives the valid ones increasing timestamps, and stores them
     * together. Holds {@link #commitLock}.
     */
    private void commitBatch(List<Request> batch) {
        List<Persistence.Commit> commits = new ArrayList<>(batch.size());
        List<Request> accepted = new ArrayList<>(batch.size());
        Set<String> recordKeys = new HashSet<>();
        long ts = lastTs;
        for (Request r : batch) {
            Optional<Conflict> conflict = validate(r, commits);
            if (conflict.isEmpty()) {
                for (String key : r.records.keySet()) {
                    if (recordKeys.contains(key) || persistence.mutation(key).isPresent()) {
                        // a concurrent duplicate of this mutation committed first: the retry replays it
                        conflict = Optional.of(Conflict.withoutDocument());
                        break;
                    }
                }
            }
            if (conflict.isPresent()) {
                r.done.completeExceptionally(conflict.get());
            } else if (r.writes.isEmpty() && r.records.isEmpty()) {
                r.done.complete(r.beginTs);
            } else {
                ts = Math.max(ts + 1, nanos(clock));
                commits.add(new Persistence.Commit(ts, r.writes, r.writeSet, r.records));
                accepted.add(r);
                recordKeys.addAll(r.records.keySet());
            }
        }
        if (commits.isEmpty()) {
            return;
        }
        long writeStart = System.nanoTime();
        try {
            persistence.writeAll(commits);
            metrics.batch(commits.size(), System.nanoTime() - writeStart);
        } catch (RuntimeException e) {
            for (Request r : accepted) {
                r.done.completeExceptionally(e);
            }
            return;
        }
        CommitListener[] current = listeners;
        for (Persistence.Commit c : commits) {
            log.put(c.ts(), c.writeSet());
            toPublish.add(new Published(c.ts(), c.writeSet(), current));
        }
        lastTs = ts;
        long oldest;
        synchronized (active) {
            oldest = active.isEmpty() ? ts : active.firstKey();
        }
        log.headMap(oldest, true).clear();
        for (int i = 0; i < accepted.size(); i++) {
            accepted.get(i).done.complete(commits.get(i).ts());
        }
    }

    /** The first conflict of {@code r} with a commit after its snapshot: stored, or earlier in its batch. */
    private Optional<Conflict> validate(Request r, List<Persistence.Commit> earlierInBatch) {
        for (WriteSet committed : log.tailMap(r.beginTs, false).values()) {
            Optional<WriteSet.Write> w = r.reads.firstConflict(committed);
            if (w.isPresent()) {
                return Optional.of(Conflict.onDocument(w.get().table()));
            }
        }
        for (Persistence.Commit c : earlierInBatch) {
            Optional<WriteSet.Write> w = r.reads.firstConflict(c.writeSet());
            if (w.isPresent()) {
                return Optional.of(Conflict.onDocument(w.get().table()));
            }
        }
        return Optional.empty();
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
        long writeStart = System.nanoTime();
        long ts = persistence.commit(beginTs, reads, writes, WriteSet.of(writes), records, nanos(clock));
        metrics.write(System.nanoTime() - writeStart);
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
            if (isStop(p)) {
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
        requests.add(STOP_COMMITS);
        try {
            committer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        toPublish.add(STOP);
        try {
            publisher.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
