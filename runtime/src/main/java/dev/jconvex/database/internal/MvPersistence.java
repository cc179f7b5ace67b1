package dev.jconvex.database.internal;

import dev.jconvex.database.DatabaseConfig;
import dev.jconvex.database.DatabaseUnavailable;
import dev.jconvex.database.Durability;
import dev.jconvex.protocol.Timestamp;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RootReference;
import org.h2.mvstore.type.StringDataType;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded engine: documents and indexes as H2 MVStore maps, made durable by a write-ahead log.
 *
 * <h2>Design note</h2>
 *
 * <ul>
 *   <li><b>Layout.</b> One MVStore file {@code jconvex-store.mv}: per table a map {@code d<n>}
 *       (document id → {@link StoredDocument}) and per index a map {@code i<n>:<column>} (the
 *       index's storage name, {@link IndexInfo#column}, which changes when a derived index's key
 *       function does)
 *       (order-preserving key → document id, compared as unsigned bytes; the id is stored as the empty string when it is the key's last component, as it is for ids jconvex makes: {@link MvTypes.IndexValue}); {@code catalog} (table
 *       name → number), {@code mutations} (idempotency key → commit timestamp and outcome) and
 *       {@code meta} (format, last timestamp, first log segment needed). In memory: the same maps
 *       in an MVStore without a file, and no log.
 *   <li><b>Writes.</b> Only the committer writes, serially. A commit is first appended to the
 *       {@link WriteAheadLog} with one {@code write} call (so it survives kill -9), then applied to
 *       the maps (copy-on-write B-trees), then published as a new {@link Version}. It is
 *       acknowledged right away: no flush, no waiting for other commits. Power-loss durability
 *       ({@link Durability#POWER_LOSS}) adds an fsync of the log, shared by every commit waiting
 *       for it (group commit), each waiter woken alone when its timestamp is covered.
 *   <li><b>Snapshots.</b> A {@link Version} is the set of map roots after one commit: immutable
 *       trees, read without locks. Opening a snapshot takes a reference on the latest version (an
 *       atomic increment), never a lock. Each version pins, through MVStore's version usage
 *       counter, the store version current when it was captured, so the chunks its pages live in
 *       are not reused while any snapshot of it is open.
 *   <li><b>Checkpoints.</b> A background thread, every {@code checkpointInterval} (60 s), when
 *       the current log segment passes {@link #logBound()} (the store's live size, between 32 MiB
 *       and 512 MiB), or early when the pages changed since the last one pass {@link
 *       Tuning#unsavedBytes} (a quarter of the heap): rotates the log to a new segment (under
 *       the writer's lock, a few microseconds), records that segment as the first one needed,
 *       stores the maps (an MVStore commit, written while commits go on), fsyncs, rewrites sparse
 *       chunks when the fill rate is low, and deletes the old segments. Replay on open is exact
 *       whatever the stored maps already contain (see {@link WalRecords}).
 *   <li><b>Disk.</b> Freed chunks are reused after {@code retention}; compaction keeps the file
 *       near its live size under sustained writes, with no close needed.
 * </ul>
 */
final class MvPersistence implements Persistence {

    private static final Logger LOG = LoggerFactory.getLogger(MvPersistence.class);

    /** The store file's name in the data directory. */
    static final String STORE_FILE = "jconvex-store.mv";

    /** The write-ahead log's folder in the data directory. */
    static final String WAL_DIR = "wal";

    private static final String FORMAT = "jconvex-mvstore/1";

    /** Tuning of the engine; the defaults are what {@code serve} uses. */
    public record Tuning(
            Duration checkpointInterval,
            long checkpointBytes,
            long maxCheckpointBytes,
            Duration retention,
            int compactBelowFillRate,
            int cacheMb,
            long unsavedBytes) {
        /**
         * The cap on the log a checkpoint waits for, whatever the store's live size: 512 MiB (half
         * PostgreSQL's {@code max_wal_size}). It bounds what a restart replays: at 1M documents,
         * replay after a kill ran at ~15 MB/s of log (cold page cache), so ~35 s at the cap.
         */
        static final long MAX_CHECKPOINT_BYTES = 512L << 20;

        /**
         * MVStore counts unsaved memory in an {@code int}: the bounds on it stay well below 2 GiB.
         */
        static final long MAX_UNSAVED_BYTES = 5L << 28; // 1.25 GiB

        /**
         * Checkpoint every 60 s, or once the log has grown by the store's live size (at least
         * 32 MiB, at most 512 MiB: the log bounds what a restart replays), or early once the pages
         * changed since the last checkpoint pass a quarter of the heap (at least 16 MB, at most
         * 1.25 GiB; writes held back at one and a half times that). Rare checkpoints are what keeps a
         * write's cost flat as the database grows: a checkpoint writes every page changed since the
         * last one, and on a large database random writes change a page per write and map, so the
         * pages written per write fall only as each page absorbs more writes between checkpoints
         * (PostgreSQL's checkpoint_timeout and max_wal_size answer the same cost). Chunks reused
         * 10 s after they die (open snapshots also pin what they need); compaction below a 60 %
         * fill rate; a page cache of a quarter of the heap (at least 64 MB), so that a large
         * database is read from decoded pages in memory rather than from the file.
         */
        static final Tuning DEFAULTS = new Tuning(
                DatabaseConfig.DEFAULT_CHECKPOINT_INTERVAL,
                DatabaseConfig.DEFAULT_CHECKPOINT_BYTES,
                MAX_CHECKPOINT_BYTES,
                Duration.ofSeconds(10),
                60,
                (int) Math.max(64, Runtime.getRuntime().maxMemory() / 4 / (1 << 20)),
                Math.clamp(Runtime.getRuntime().maxMemory() / 4, 16L << 20, MAX_UNSAVED_BYTES));

        /** The defaults with the checkpoint interval and size {@code config} chose. */
        static Tuning of(DatabaseConfig config) {
            Tuning d = DEFAULTS;
            return new Tuning(
                    config.checkpointInterval(),
                    config.checkpointBytes(),
                    Math.max(config.checkpointBytes(), d.maxCheckpointBytes()),
                    d.retention(),
                    d.compactBelowFillRate(),
                    d.cacheMb(),
                    d.unsavedBytes());
        }

        /** Writes wait once the unsaved pages pass this: one and a half times the early checkpoint's bound. */
        long holdBackBytes() {
            return Math.min(unsavedBytes + unsavedBytes / 2, MAX_UNSAVED_BYTES + MAX_UNSAVED_BYTES / 2);
        }
    }

    private final MVStore store;
    private final @Nullable WriteAheadLog wal;
    private final boolean sync;
    private final Tuning tuning;
    private final MVMap<String, String> meta;
    private final MVMap<String, String> catalog;
    private final MVMap<String, byte[]> mutations;
    private final Map<Integer, MvTable> tables = new ConcurrentHashMap<>();

    /** Held by a write and by a checkpoint's log rotation. */
    private final ReentrantLock writeLock = new ReentrantLock();

    private volatile Version latest;
    private volatile long lastTs;

    // power-loss durability: commits up to syncedTs are forced to disk
    private final ReentrantLock syncLock = new ReentrantLock();
    private final Condition syncNeeded = syncLock.newCondition();
    private volatile long syncedTs;
    private final PriorityBlockingQueue<Waiter> waiters = new PriorityBlockingQueue<>();
    private final @Nullable Thread syncer;

    private final @Nullable Thread checkpointer;
    private final Object checkpointMonitor = new Object();
    // guarded by checkpointMonitor: an early checkpoint asked for, checkpoints begun and ended
    private boolean checkpointWanted;
    private long checkpointsBegun;
    private long checkpointsEnded;
    private volatile boolean closed;
    /** The store's live bytes as estimated at the last checkpoint: the log bound follows it. */
    private volatile long liveBytes;
    /** Store commits made while replaying the log on open (for tests). */
    private int replayCommits;

    /** One table's maps. */
    private record MvTable(
            int number, String name, MVMap<String, StoredDocument> docs, Map<String, MVMap<byte[], String>> indexes) {}

    private MvPersistence(MVStore store, Optional<Path> dir, Durability durability, Tuning tuning) {
        this.store = store;
        this.sync = durability == Durability.POWER_LOSS && dir.isPresent();
        this.tuning = tuning;
        this.meta = store.openMap("meta");
        String format = meta.get("format");
        if (format == null) {
            meta.put("format", FORMAT);
        } else if (!format.equals(FORMAT)) {
            throw new IllegalStateException("the data file has format " + format + "; this jconvex reads " + FORMAT);
        }
        this.catalog = store.openMap("catalog");
        this.mutations = store.openMap(
                "mutations",
                new MVMap.Builder<String, byte[]>()
                        .keyType(StringDataType.INSTANCE)
                        .valueType(MvTypes.UnsignedBytes.INSTANCE));
        for (var e : catalog.entrySet()) {
            openTable(Integer.parseInt(e.getValue()), e.getKey());
        }
        this.lastTs = Long.parseLong(meta.getOrDefault("lastTs", "0"));
        if (dir.isPresent()) {
            long firstNeeded = Long.parseLong(meta.getOrDefault("walStart", "1"));
            int[] replayed = {0};
            this.wal = WriteAheadLog.open(dir.get().resolve(WAL_DIR), firstNeeded, payload -> {
                replay(WalRecords.decode(payload));
                replayed[0]++;
                // a log of up to 512 MiB may change more pages than the heap should hold: store them
                // as they pile up (the log stays the record: walStart does not move, and replay is
                // exact whatever the stored maps already hold)
                if (store.getUnsavedMemory() >= tuning.unsavedBytes()) {
                    store.commit();
                    replayCommits++;
                }
            });
            if (replayed[0] > 0) {
                LOG.info("replayed {} commits from the write-ahead log", replayed[0]);
            }
        } else {
            this.wal = null;
        }
        this.syncedTs = lastTs;
        this.latest = captureAll(lastTs);
        if (wal != null) {
            checkpoint();
        }
        this.syncer =
                sync ? Thread.ofPlatform().name("jconvex-wal-sync").daemon().start(this::syncLoop) : null;
        this.checkpointer = wal != null
                ? Thread.ofPlatform().name("jconvex-checkpoint").daemon().start(this::checkpointLoop)
                : null;
    }

    /** Opens the engine: on a file in {@code dir}, or in memory when empty. */
    static MvPersistence open(Optional<Path> dir, Durability durability, Tuning tuning) {
        // autoCommitBufferSize(0): no store commit from inside a map write. Otherwise MVStore commits (serializes
        // every dirty page) on the writing thread once unsaved memory passes ~1 MB: inside the committer,
        // seen as most of the CPU of mutable:set on 100k documents. Checkpoints are the only store commits.
        MVStore.Builder builder = new MVStore.Builder()
                .autoCommitDisabled()
                .autoCommitBufferSize(0)
                .cacheSize(tuning.cacheMb());
        if (dir.isPresent()) {
            try {
                Files.createDirectories(dir.get());
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot create the data directory " + dir.get() + ": " + e, e);
            }
            builder.fileName(dir.get().resolve(STORE_FILE).toString());
        }
        MVStore store = builder.open();
        store.setRetentionTime((int) tuning.retention().toMillis());
        try {
            return new MvPersistence(store, dir, durability, tuning);
        } catch (RuntimeException e) {
            store.closeImmediately();
            throw e;
        }
    }

    // ---- catalog

    @Override
    public Map<String, Integer> tables() {
        Map<String, Integer> out = new HashMap<>();
        for (MvTable t : tables.values()) {
            out.put(t.name(), t.number());
        }
        return out;
    }

    @Override
    public long lastTimestamp() {
        return lastTs;
    }

    private MvTable openTable(int number, String name) {
        return tables.computeIfAbsent(number, n -> {
            MVMap<String, StoredDocument> docs = store.openMap(
                    "d" + n,
                    new MVMap.Builder<String, StoredDocument>()
                            .keyType(StringDataType.INSTANCE)
                            .valueType(MvTypes.DocumentType.INSTANCE));
            Map<String, MVMap<byte[], String>> indexes = new ConcurrentHashMap<>();
            String prefix = "i" + n + ":";
            for (String mapName : store.getMapNames()) {
                if (mapName.startsWith(prefix)) {
                    indexes.put(mapName.substring(prefix.length()), openIndex(mapName));
                }
            }
            return new MvTable(n, name, docs, indexes);
        });
    }

    private MVMap<byte[], String> openIndex(String mapName) {
        return store.openMap(
                mapName,
                new MVMap.Builder<byte[], String>()
                        .keyType(MvTypes.UnsignedBytes.INSTANCE)
                        .valueType(MvTypes.IndexValue.INSTANCE));
    }

    private MVMap<byte[], String> index(MvTable t, String name) {
        return t.indexes().computeIfAbsent(name, n -> openIndex("i" + t.number() + ":" + n));
    }

    @Override
    public void createTable(TableInfo table) {
        writeLock.lock();
        try {
            if (wal != null) {
                wal.append(WalRecords.encodeTableCreated(table.number(), table.name()));
            }
            catalog.put(table.name(), Integer.toString(table.number()));
            MvTable t = openTable(table.number(), table.name());
            for (IndexInfo index : table.indexes()) {
                index(t, index.column());
            }
            publish(lastTs);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void reconcileIndexes(TableInfo table) {
        boolean changed = false;
        writeLock.lock();
        try {
            MvTable t = tables.get(table.number());
            if (t == null) {
                return;
            }
            List<String> wanted = new ArrayList<>();
            for (IndexInfo index : table.indexes()) {
                wanted.add(index.column());
                if (t.indexes().containsKey(index.column())) {
                    continue;
                }
                MVMap<byte[], String> map = index(t, index.column());
                for (StoredDocument doc : t.docs().values()) {
                    byte[] key = index.key(doc);
                    map.put(key, MvTypes.IndexValue.valueFor(key, doc.id()));
                }
                changed = true;
            }
            for (String name : List.copyOf(t.indexes().keySet())) {
                if (!wanted.contains(name)) {
                    store.removeMap(t.indexes().remove(name));
                    changed = true;
                }
            }
            if (changed) {
                publish(lastTs);
            }
        } finally {
            writeLock.unlock();
        }
        if (changed && wal != null) {
            checkpoint();
        }
    }

    // ---- writes

    @Override
    public void write(Commit commit) {
        writeAll(List.of(commit));
    }

    /**
     * Logs the commits with one write, applies them in order, and publishes one snapshot after the
     * last: the group commit of {@link Committer}'s batches.
     */
    @Override
    public void writeAll(List<Commit> commits) {
        List<List<WalRecords.LoggedWrite>> writes = new ArrayList<>(commits.size());
        List<byte[]> records = new ArrayList<>(commits.size());
        for (Commit commit : commits) {
            List<WalRecords.LoggedWrite> w = WalRecords.writesOf(commit);
            writes.add(w);
            if (wal != null) {
                records.add(WalRecords.encodeCommit(commit.ts(), w, commit.records()));
            }
        }
        writeLock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("database is closed");
            }
            if (wal != null) {
                wal.appendAll(records);
            }
            for (int i = 0; i < commits.size(); i++) {
                apply(writes.get(i), commits.get(i).records(), commits.get(i).ts());
            }
            long ts = commits.getLast().ts();
            lastTs = ts;
            publish(ts);
        } finally {
            writeLock.unlock();
        }
        if (wal != null) {
            holdBackWhileCheckpointBehind();
        }
        if (sync) {
            syncLock.lock();
            try {
                syncNeeded.signal();
            } finally {
                syncLock.unlock();
            }
        }
    }

    /** Applies a commit to the maps. The one path for live and replayed commits. */
    private void apply(List<WalRecords.LoggedWrite> writes, Map<String, byte[]> records, long ts) {
        for (WalRecords.LoggedWrite w : writes) {
            MvTable t = tables.get(w.table());
            if (t == null) {
                throw new IllegalStateException("write to unknown table number " + w.table());
            }
            if (w.after() != null) {
                t.docs().put(w.id(), w.after());
            } else {
                t.docs().remove(w.id());
            }
            for (WalRecords.KeyChange c : w.changes()) {
                MVMap<byte[], String> map = index(t, c.index());
                if (c.before() != null) {
                    map.remove(c.before());
                }
                if (c.after() != null) {
                    map.put(c.after(), MvTypes.IndexValue.valueFor(c.after(), w.id()));
                }
            }
        }
        if (!records.isEmpty()) {
            for (var r : records.entrySet()) {
                mutations.put(
                        r.getKey(),
                        ByteBuffer.allocate(8 + r.getValue().length)
                                .putLong(ts)
                                .put(r.getValue())
                                .array());
            }
        }
    }

    private void replay(WalRecords.Logged record) {
        switch (record) {
            case WalRecords.TableCreated c -> {
                catalog.put(c.name(), Integer.toString(c.number()));
                openTable(c.number(), c.name());
            }
            case WalRecords.Committed c -> {
                apply(c.writes(), c.records(), c.ts());
                lastTs = Math.max(lastTs, c.ts());
            }
        }
    }

    // ---- versions and snapshots

    /**
     * The state after one commit: the roots of the maps, and a pin on the MVStore version current
     * when they were captured (taken before capturing, so every chunk the roots may need is kept).
     * Reference counted: the latest version holds one reference, each open snapshot one more.
     */
    private final class Version {
        final long ts;
        final Map<Integer, RootReference<?, ?>> roots;
        final MVStore.TxCounter pin;
        final AtomicInteger refs = new AtomicInteger(1);

        Version(long ts, Map<Integer, RootReference<?, ?>> roots, MVStore.TxCounter pin) {
            this.ts = ts;
            this.roots = roots;
            this.pin = pin;
        }

        boolean tryAcquire() {
            while (true) {
                int r = refs.get();
                if (r == 0) {
                    return false;
                }
                if (refs.compareAndSet(r, r + 1)) {
                    return true;
                }
            }
        }

        void release() {
            if (refs.decrementAndGet() == 0 && !store.isClosed()) {
                store.deregisterVersionUsage(pin);
            }
        }

        @SuppressWarnings("unchecked")
        <K, V> @Nullable RootReference<K, V> root(MVMap<K, V> map) {
            return (RootReference<K, V>) roots.get(map.getId());
        }
    }

    private List<MVMap<?, ?>> allMaps(MvTable t) {
        List<MVMap<?, ?>> maps = new ArrayList<>();
        maps.add(t.docs());
        maps.addAll(t.indexes().values());
        return maps;
    }

    /**
     * The state as the maps hold it now, at {@code ts}: the pin first, then the current root of every
     * map. Every map, not only those the last commit changed: a checkpoint's compaction rewrites the
     * pages of maps no commit touches (new roots for the same contents) and frees the chunks the old
     * pages lived in once no pin covers them, so a root carried forward from an older version under
     * a newer pin can name a freed chunk (seen as "Chunk 26 not found" on every read of one index).
     */
    private Version captureAll(long ts) {
        MVStore.TxCounter pin = store.registerVersionUsage();
        Map<Integer, RootReference<?, ?>> roots = new HashMap<>();
        roots.put(mutations.getId(), mutations.getRoot());
        for (MvTable t : tables.values()) {
            for (MVMap<?, ?> m : allMaps(t)) {
                roots.put(m.getId(), m.getRoot());
            }
        }
        return new Version(ts, roots, pin);
    }

    /** Publishes the state after commit {@code ts}; the writer's lock is held. */
    private void publish(long ts) {
        Version previous = latest;
        latest = captureAll(ts);
        previous.release();
    }

    @Override
    public Snapshot snapshot() {
        while (true) {
            Version v = latest;
            if (v.tryAcquire()) {
                return new MvSnapshot(v);
            }
        }
    }

    @Override
    public Optional<Database.MutationRecord> mutation(String key) {
        byte[] stored = mutations.get(key);
        if (stored == null) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(stored);
        long ts = b.getLong();
        return Optional.of(
                new Database.MutationRecord(Arrays.copyOfRange(stored, 8, stored.length), new Timestamp(ts)));
    }

    private final class MvSnapshot implements Snapshot {
        private final Version version;
        private boolean closed;

        MvSnapshot(Version version) {
            this.version = version;
        }

        @Override
        public long ts() {
            return version.ts;
        }

        @Override
        public Optional<StoredDocument> get(TableInfo table, String id) {
            check();
            MvTable t = tables.get(table.number());
            if (t == null) {
                return Optional.empty();
            }
            RootReference<String, StoredDocument> root = version.root(t.docs());
            return root == null
                    ? Optional.empty()
                    : Optional.ofNullable(t.docs().get(root.root, id)).map(StoredDocument::forReader);
        }

        @Override
        public Iterator<Row> scan(TableInfo table, IndexInfo index, byte[] lo, byte @Nullable [] hi, boolean desc) {
            check();
            MvTable t = tables.get(table.number());
            if (t == null) {
                return Collections.emptyIterator();
            }
            MVMap<byte[], String> map = t.indexes().get(index.column());
            if (map == null) {
                return Collections.emptyIterator();
            }
            RootReference<byte[], String> root = version.root(map);
            RootReference<String, StoredDocument> docsRoot = version.root(t.docs());
            if (root == null || docsRoot == null) {
                return Collections.emptyIterator();
            }
            Cursor<byte[], String> cursor;
            if (desc) {
                byte[] start = hi == null ? null : map.lowerKey(root, hi);
                if (hi != null && start == null) {
                    return Collections.emptyIterator();
                }
                cursor = map.cursor(root, start, null, true);
            } else {
                cursor = map.cursor(root, lo, null, false);
            }
            return new Iterator<>() {
                private @Nullable Row next;
                private boolean done;

                @Override
                public boolean hasNext() {
                    if (next != null) {
                        return true;
                    }
                    if (done || !cursor.hasNext()) {
                        done = true;
                        return false;
                    }
                    check();
                    byte[] key = cursor.next();
                    if (desc
                            ? Arrays.compareUnsigned(key, lo) < 0
                            : hi != null && Arrays.compareUnsigned(key, hi) >= 0) {
                        done = true;
                        return false;
                    }
                    String id = MvTypes.IndexValue.idOf(key, cursor.getValue());
                    StoredDocument doc = t.docs().get(docsRoot.root, id);
                    if (doc == null) {
                        throw new IllegalStateException(
                                "index " + index.name() + " of " + table.name() + " names a missing document " + id);
                    }
                    next = new Row(key, doc.forReader());
                    return true;
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Row r = Objects.requireNonNull(next);
                    next = null;
                    return r;
                }
            };
        }

        private void check() {
            if (closed) {
                throw new IllegalStateException("transaction is closed");
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                version.release();
            }
        }
    }

    // ---- power-loss durability

    /** A commit waiting for the log to be forced up to its timestamp. */
    private record Waiter(long ts, CompletableFuture<Void> done) implements Comparable<Waiter> {
        @Override
        public int compareTo(Waiter o) {
            return Long.compare(ts, o.ts);
        }
    }

    @Override
    public void awaitDurable(long ts) {
        if (!sync || syncedTs >= ts) {
            return;
        }
        Waiter w = new Waiter(ts, new CompletableFuture<>());
        waiters.add(w);
        if (syncedTs >= ts) {
            w.done().complete(null);
        }
        syncLock.lock();
        try {
            syncNeeded.signal();
        } finally {
            syncLock.unlock();
        }
        w.done().join();
    }

    private void syncLoop() {
        while (!closed) {
            syncLock.lock();
            try {
                while (!closed && lastTs <= syncedTs) {
                    syncNeeded.awaitUninterruptibly();
                }
            } finally {
                syncLock.unlock();
            }
            long target;
            writeLock.lock();
            try {
                target = lastTs;
                if (closed) {
                    break;
                }
                // forcing the current segment covers every commit appended so far: a rotation forces
                // the segment it closes when sync is on
                Objects.requireNonNull(wal).force(); // this loop runs only with a log
            } catch (RuntimeException e) {
                LOG.error("syncing the write-ahead log failed", e);
                failWaiters(e);
                return;
            } finally {
                writeLock.unlock();
            }
            syncedTs = target;
            Waiter w;
            while ((w = waiters.peek()) != null && w.ts() <= target) {
                waiters.poll().done().complete(null);
            }
        }
        failWaiters(new IllegalStateException("database is closed"));
    }

    private void failWaiters(RuntimeException e) {
        Waiter w;
        while ((w = waiters.poll()) != null) {
            w.done().completeExceptionally(e);
        }
    }

    // ---- checkpoints

    /**
     * Bounds the heap under writes that outpace the checkpoints: MVStore keeps every page changed
     * since the last store commit in memory (unsaved pages cannot be evicted) and serializes them
     * all in one buffer, so a bulk import at full speed would otherwise grow both without bound.
     * Past {@link Tuning#unsavedBytes} this asks for an early checkpoint; past {@link Tuning#holdBackBytes}, the
     * writer (the committer, hence every writer) waits until a checkpoint begun after the ask has
     * ended. Called by the writer after it let go of the write lock, which the checkpoint takes.
     */
    private void holdBackWhileCheckpointBehind() {
        long unsaved = store.getUnsavedMemory();
        if (unsaved < tuning.unsavedBytes()) {
            return;
        }
        synchronized (checkpointMonitor) {
            long begun = checkpointsBegun;
            checkpointWanted = true;
            checkpointMonitor.notifyAll();
            // writes go on while the checkpoint runs (it takes seconds on a large database), up to
            // half the bound again
            if (unsaved < tuning.holdBackBytes()) {
                return;
            }
            boolean interrupted = false;
            while (!closed && checkpointsEnded <= begun) {
                try {
                    checkpointMonitor.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void checkpointLoop() {
        long intervalNanos = tuning.checkpointInterval().toNanos();
        long last = System.nanoTime();
        while (!closed) {
            boolean wanted;
            synchronized (checkpointMonitor) {
                try {
                    if (!checkpointWanted) {
                        checkpointMonitor.wait(100);
                    }
                } catch (InterruptedException e) {
                    return;
                }
                wanted = checkpointWanted;
            }
            if (closed) {
                return;
            }
            WriteAheadLog log = Objects.requireNonNull(wal); // this loop runs only with a log
            boolean due = System.nanoTime() - last >= intervalNanos || log.segmentSize() >= logBound();
            // one that was asked for always runs (a writer held back waits for it to end), but
            // only the scheduled ones compact: under a bulk load the early ones come every few
            // MB, and rewriting sparse chunks each time would cost more than it frees
            if (wanted || (due && (log.segmentSize() > 0 || store.hasUnsavedChanges()))) {
                try {
                    checkpoint(due);
                } catch (RuntimeException e) {
                    if (!closed) {
                        LOG.error("checkpoint failed; the write-ahead log keeps every commit", e);
                    }
                }
                if (due) {
                    last = System.nanoTime();
                }
            }
        }
    }

    /**
     * Stores the maps and drops the log segments they make redundant. Commits go on meanwhile,
     * except in power-loss mode, where the log is forced and writes wait while the chunk is written
     * (a chunk must never hold a commit whose log record could still be lost).
     */
    void checkpoint() {
        checkpoint(true);
    }

    private synchronized void checkpoint(boolean compact) {
        if (store.isClosed()) {
            return;
        }
        synchronized (checkpointMonitor) {
            checkpointWanted = false;
            checkpointsBegun++;
        }
        try {
            storeAndTrimLog(compact);
        } finally {
            synchronized (checkpointMonitor) {
                checkpointsEnded++;
                checkpointMonitor.notifyAll();
            }
        }
    }

    private void storeAndTrimLog(boolean compact) {
        long t0 = System.nanoTime();
        long unsaved0 = store.getUnsavedMemory();
        WriteAheadLog log = Objects.requireNonNull(wal); // checkpoints run only with a log
        long log0 = log.segmentSize();
        long segment;
        writeLock.lock();
        try {
            segment = log.rotate(sync);
            meta.put("walStart", Long.toString(segment));
            meta.put("lastTs", Long.toString(lastTs));
            if (sync) {
                store.commit();
            }
        } finally {
            writeLock.unlock();
        }
        if (!sync) {
            store.commit();
        }
        store.sync();
        if (compact && store.getFillRate() < tuning.compactBelowFillRate()) {
            store.compact(tuning.compactBelowFillRate(), 16 << 20);
            store.commit();
            store.sync();
            // the compacted maps have new roots: publish them, so that the chunks they left are freed
            // once the snapshots still reading them close, not only after the next commit
            writeLock.lock();
            try {
                if (!closed) {
                    publish(lastTs);
                }
            } finally {
                writeLock.unlock();
            }
        }
        wal.deleteBefore(segment);
        liveBytes = store.getFileStore().size() * store.getFileStore().getChunksFillRate() / 100;
        if (LOG.isDebugEnabled()) {
            LOG.debug(
                    "checkpoint: {} ms, {} MB of changed pages, {} MB of log (bound {} MB), file {} MB, chunks {} % live,"
                            + " page cache {} of {} MB, {} % hits since open",
                    (System.nanoTime() - t0) / 1_000_000,
                    unsaved0 >> 20,
                    log0 >> 20,
                    logBound() >> 20,
                    store.getFileStore().size() >> 20,
                    store.getFileStore().getChunksFillRate(),
                    store.getFileStore().getCacheSizeUsed(),
                    store.getFileStore().getCacheSize(),
                    store.getFileStore().getCacheHitRatio());
        }
    }

    /**
     * The log size that starts a checkpoint: the store's live size (estimated at the last
     * checkpoint as the file's size times its chunks' fill rate), at least {@link
     * Tuning#checkpointBytes} and at most {@link Tuning#maxCheckpointBytes}. A small database keeps
     * a small directory (store and log within three times the live size plus the floor); a large
     * one checkpoints after as many bytes of log as it holds, so that its pages absorb many writes
     * per checkpoint.
     */
    long logBound() {
        return Math.max(tuning.checkpointBytes(), Math.min(liveBytes, tuning.maxCheckpointBytes()));
    }

    /** Store commits made while replaying the log on open (for tests). */
    int replayCommits() {
        return replayCommits;
    }

    /** The storage names of the indexes stored for table {@code number} (for tests and diagnostics). */
    java.util.Set<String> storedIndexes(int number) {
        MvTable t = tables.get(number);
        return t == null ? java.util.Set.of() : java.util.Set.copyOf(t.indexes().keySet());
    }

    /** MVStore's estimate of the memory held by pages changed since the last checkpoint (for tests). */
    long unsavedBytes() {
        return store.getUnsavedMemory();
    }

    /** The sizes on disk: the store file and the log, in bytes (for tests and benchmarks). */
    long[] diskUsage() {
        if (wal == null) {
            return new long[] {0, 0};
        }
        return new long[] {store.getFileStore().size(), wal.diskSize()};
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (wal != null) {
            checkpoint();
        }
        stopThreads();
        closeFiles(() -> {
            latest.release();
            store.close(0); // no move-compaction at close: checkpoints compact already
        });
    }

    /**
     * Stops the engine as a killed process would: no checkpoint, the store file and the log closed
     * as they are. Tests only.
     */
    void abandonForTests() {
        if (closed) {
            return;
        }
        stopThreads();
        closeFiles(store::closeImmediately);
    }

    /** Available until closed, or until forcing the log failed (which stops the sync thread). */
    @Override
    public void checkAvailable() {
        if (closed) {
            throw new DatabaseUnavailable("the embedded database is closed", null);
        }
        if (syncer != null && !syncer.isAlive()) {
            throw new DatabaseUnavailable("the embedded database cannot sync its write-ahead log", null);
        }
    }

    /** Marks the engine closed and ends the checkpoint and sync threads. */
    private void stopThreads() {
        closed = true;
        synchronized (checkpointMonitor) {
            checkpointMonitor.notifyAll();
        }
        if (syncer != null) {
            syncLock.lock();
            try {
                syncNeeded.signalAll();
            } finally {
                syncLock.unlock();
            }
        }
        joinQuietly(checkpointer);
        joinQuietly(syncer);
    }

    /** Closes the log, then the store with {@code closeStore}, while no write can run. */
    private void closeFiles(Runnable closeStore) {
        writeLock.lock();
        try {
            if (wal != null) {
                wal.close();
            }
            closeStore.run();
        } finally {
            writeLock.unlock();
        }
    }

    private static void joinQuietly(@Nullable Thread t) {
        if (t == null) {
            return;
        }
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
