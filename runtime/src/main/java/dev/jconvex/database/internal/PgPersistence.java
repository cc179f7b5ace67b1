package dev.jconvex.database.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jconvex.database.DatabaseUnavailable;
import dev.jconvex.database.Durability;
import dev.jconvex.protocol.Timestamp;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL engine: several processes on one database act as one deployment.
 *
 * <h2>Design note (docs/postgres.md has the long form)</h2>
 *
 * <ul>
 *   <li><b>Multi-version tables.</b> {@code jconvex_documents} keeps every version of a document
 *       keyed {@code (table, id, ts)} ({@code body} null: deleted); {@code jconvex_index_entries}
 *       keeps every version of an index entry keyed {@code (table, index column, key, ts)}
 *       ({@code id} null: removed). A snapshot is a timestamp; a read is "the latest version at or
 *       below it". So a snapshot holds no connection and no PostgreSQL transaction: each read
 *       borrows a pooled connection for one statement, and user code never runs while one is held.
 *   <li><b>Commits</b> are serialized by {@code pg_advisory_xact_lock} on a key derived from the
 *       schema, inside one PostgreSQL transaction (READ COMMITTED, so each statement sees every
 *       commit before it): read the write sets of {@code jconvex_commits} after the transaction's
 *       begin timestamp and check the read set against them (the committer's own {@link
 *       ReadSet#firstConflict}); check the idempotency keys; pick {@code ts = max(last + 1,
 *       clock)}; insert the document versions, the index entry versions, the idempotency records,
 *       and the commit's write set ({@link WalRecords#encodeWriteSet}) in {@code jconvex_commits};
 *       {@code pg_notify} the timestamp; COMMIT with {@code synchronous_commit = on}. The lock is
 *       released only after the commit is visible, so commits become visible in timestamp order,
 *       and {@code max(ts)} of the commit log is a consistent snapshot.
 *   <li><b>Tail.</b> One connection outside the pool LISTENs; on each notification (and every
 *       second, and after every reconnection) it reads the commit log after the last timestamp it
 *       delivered and hands each write set to the committer, which publishes it to the live queries
 *       of this process. Local commits take the same path, so listeners hear of every commit in
 *       timestamp order. A process that was disconnected catches up from the log.
 *   <li><b>Exclusive last attempt.</b> A session-level {@code pg_advisory_lock} on the same key,
 *       held on one pooled connection pinned to the thread from begin to commit.
 *   <li><b>Failures.</b> A statement that fails because PostgreSQL is unreachable surfaces as
 *       {@link DatabaseUnavailable} (Convex's internal error to clients); the pool waits at most 5 s for a
 *       connection; the tail reconnects by itself.
 *   <li><b>Trimming.</b> Versions superseded longer ago than the retention (5 min by default), and
 *       commit-log rows as old, are deleted by a background thread; a snapshot reads for at most half
 *       the retention, and a commit whose snapshot predates the trimmed log retries.
 * </ul>
 *
 * <p>Known limit: index entries of an index removed from the schema are kept (every node of a
 * deployment must run the same schema).
 */
final class PgPersistence implements Persistence {

    private static final Logger LOG = LoggerFactory.getLogger(PgPersistence.class);

    /** The version of the tables below; a database with another one is refused. */
    static final int SCHEMA_VERSION = 1;

    /** Connections per process (HikariCP); a commit uses one, each read borrows one briefly. */
    static final int POOL_SIZE = 16;

    private static final String[] DDL = {
        "CREATE TABLE jconvex_tables (name text PRIMARY KEY, number integer NOT NULL UNIQUE)",
        "CREATE TABLE jconvex_index_columns (table_number integer NOT NULL, index_column text NOT NULL,"
                + " PRIMARY KEY (table_number, index_column))",
        "CREATE TABLE jconvex_documents (table_number integer NOT NULL, id text COLLATE \"C\" NOT NULL,"
                + " ts bigint NOT NULL, creation_time double precision, body bytea,"
                + " PRIMARY KEY (table_number, id, ts))",
        "CREATE TABLE jconvex_index_entries (table_number integer NOT NULL, index_column text COLLATE \"C\" NOT NULL,"
                + " key bytea NOT NULL, ts bigint NOT NULL, id text COLLATE \"C\","
                + " PRIMARY KEY (table_number, index_column, key, ts))",
        "CREATE TABLE jconvex_commits (ts bigint PRIMARY KEY, writes bytea NOT NULL)",
        "CREATE TABLE jconvex_mutations (key text PRIMARY KEY, ts bigint NOT NULL, outcome bytea NOT NULL)",
        // The start of a commit, in one round trip: take the deployment's commit lock, then (a new
        // statement, so a new READ COMMITTED snapshot that sees every commit made before the lock was
        // granted) the write sets logged after `since` (kind 0), the last timestamp (kind 1), and the
        // last timestamp trimmed from the log (kind 2).
        "CREATE FUNCTION jconvex_lock_and_read(lock_key bigint, since bigint)"
                + " RETURNS TABLE (kind integer, ts bigint, writes bytea) LANGUAGE plpgsql VOLATILE AS $$"
                + " BEGIN PERFORM pg_advisory_xact_lock(lock_key);"
                + " RETURN QUERY SELECT 0, c.ts, c.writes FROM jconvex_commits c WHERE c.ts > since"
                + " UNION ALL SELECT 1, coalesce(max(c.ts), 0), NULL::bytea FROM jconvex_commits c"
                + " UNION ALL SELECT 2, coalesce((SELECT m.value::bigint FROM jconvex_meta m"
                + " WHERE m.key = 'log_trimmed_through'), 0), NULL::bytea; END $$",
    };

    private final PgUrl url;
    private final HikariDataSource pool;

    /**
     * How long superseded versions and commit-log rows are kept ({@link DatabaseConfig#versionRetention}).
     * A snapshot may read for half of it; a commit whose snapshot predates the trimmed log retries.
     */
    private final Duration retention;

    private volatile @Nullable Thread trimmer;
    private final long lockKey;
    private final String channel;

    @SuppressWarnings("ThreadLocalUsage") // per engine: two engines in one JVM pin their own connections
    private final ThreadLocal<Connection> pinned = new ThreadLocal<>();

    private volatile boolean closed;
    private volatile @Nullable Thread tailer;

    /** PostgreSQL could not be reached or failed a statement: Convex's internal error to clients. */
    private static DatabaseUnavailable unavailable(String what, SQLException cause) {
        return new DatabaseUnavailable("PostgreSQL " + what + " failed: " + cause.getMessage(), cause);
    }

    private PgPersistence(PgUrl url, HikariDataSource pool, String schema, Duration retention) {
        this.url = url;
        this.pool = pool;
        this.retention = retention;
        long h = 1125899906842597L;
        for (byte b : ("jconvex:" + schema).getBytes(StandardCharsets.UTF_8)) {
            h = 31 * h + b;
        }
        this.lockKey = h;
        this.channel = "jconvex_" + Long.toHexString(h);
    }

    /** Connects, creates the tables on first start (under the commit lock), checks their version. */
    static PgPersistence open(PgUrl url, Durability durability, Duration retention) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("jconvex-pg");
        config.setJdbcUrl(url.jdbcUrl());
        url.user().ifPresent(config::setUsername);
        url.password().ifPresent(config::setPassword);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(2);
        config.setConnectionTimeout(5_000);
        config.setValidationTimeout(2_000);
        // an acknowledged commit is on PostgreSQL's disk whatever the server's default (both Durability modes)
        config.setConnectionInitSql("SET synchronous_commit = on");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("ApplicationName", "jconvex");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "cannot connect to PostgreSQL at " + url.display() + ": " + rootMessage(e), e);
        }
        try {
            String schema;
            try (Connection c = pool.getConnection();
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT current_schema()")) {
                rs.next();
                schema = rs.getString(1);
            }
            if (schema == null) {
                throw new IllegalStateException("the schema named by " + url.display()
                        + " does not exist (create it, or drop currentSchema from the URL)");
            }
            PgPersistence engine = new PgPersistence(url, pool, schema, retention);
            engine.createTablesIfMissing();
            engine.trimmer =
                    Thread.ofPlatform().name("jconvex-pg-trim").daemon().start(engine::trimLoop);
            LOG.info("PostgreSQL engine on {} (schema {})", url.display(), schema);
            return engine;
        } catch (SQLException e) {
            pool.close();
            throw new IllegalStateException(
                    "cannot open the PostgreSQL database " + url.display() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static @Nullable String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private void createTablesIfMissing() {
        inTransactionNoConflict("creating the tables", c -> {
            lock(c);
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS jconvex_meta (key text PRIMARY KEY, value text NOT NULL)");
                String version = null;
                try (ResultSet rs = st.executeQuery("SELECT value FROM jconvex_meta WHERE key = 'schema_version'")) {
                    if (rs.next()) {
                        version = rs.getString(1);
                    }
                }
                if (version == null) {
                    for (String ddl : DDL) {
                        st.execute(ddl);
                    }
                    st.execute("INSERT INTO jconvex_meta VALUES ('schema_version', '" + SCHEMA_VERSION + "')");
                } else if (!version.equals(Integer.toString(SCHEMA_VERSION))) {
                    throw new IllegalStateException("the PostgreSQL database has jconvex tables of version " + version
                            + "; this jconvex reads version " + SCHEMA_VERSION);
                }
            }
        });
    }

    // ---- connections and transactions

    private interface SqlWork<T> {
        T run(Connection c) throws SQLException, Committer.Conflict;
    }

    /** Statements run for their effect, in {@link #inTransaction}. */
    private interface SqlUpdate {
        void run(Connection c) throws SQLException, Committer.Conflict;
    }

    /** The connection pinned by an exclusive attempt on this thread, else one from the pool. */
    private Connection connection() throws SQLException {
        Connection c = pinned.get();
        return c != null ? c : pool.getConnection();
    }

    private void release(Connection c) throws SQLException {
        if (c != pinned.get()) {
            c.close();
        }
    }

    /** Runs {@code work} in one autocommit statement's connection. */
    private <T> T read(String what, SqlWork<T> work) {
        try {
            Connection c = connection();
            try {
                return work.run(c);
            } finally {
                release(c);
            }
        } catch (SQLException e) {
            throw unavailable(what, e);
        } catch (Committer.Conflict e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code work} in one PostgreSQL transaction; rolls back if it throws. */
    private void inTransaction(String what, SqlUpdate work) throws Committer.Conflict {
        Connection c;
        try {
            c = connection();
        } catch (SQLException e) {
            throw unavailable(what, e);
        }
        try {
            c.setAutoCommit(false);
            boolean done = false;
            try {
                work.run(c);
                c.commit();
                done = true;
            } finally {
                if (!done) {
                    try {
                        c.rollback();
                    } catch (SQLException ignored) {
                        // the connection is gone; PostgreSQL rolls back the transaction itself
                    }
                }
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw unavailable(what, e);
        } finally {
            try {
                release(c);
            } catch (SQLException ignored) {
                // a broken connection; the pool drops it
            }
        }
    }

    private void inTransactionNoConflict(String what, SqlUpdate work) {
        try {
            inTransaction(what, work);
        } catch (Committer.Conflict e) {
            throw new IllegalStateException(e);
        }
    }

    /** Takes the deployment's commit lock until the transaction ends. */
    private void lock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            ps.setLong(1, lockKey);
            ps.execute();
        }
    }

    // ---- catalog

    @Override
    public Map<String, Integer> tables() {
        return read("reading the tables", c -> {
            Map<String, Integer> out = new HashMap<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT name, number FROM jconvex_tables")) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getInt(2));
                }
            }
            return out;
        });
    }

    @Override
    public long lastTimestamp() {
        return read("reading the last timestamp", PgPersistence::maxTs);
    }

    private static long maxTs(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT coalesce(max(ts), 0) FROM jconvex_commits")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void createTable(TableInfo table) {
        inTransactionNoConflict("creating table " + table.name(), c -> {
            lock(c);
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT name, number FROM jconvex_tables WHERE name = ? OR number = ?")) {
                ps.setString(1, table.name());
                ps.setInt(2, table.number());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getString(1).equals(table.name()) && rs.getInt(2) == table.number()) {
                            return;
                        }
                        throw new TableClaimed("table " + rs.getString(1) + " has number " + rs.getInt(2));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO jconvex_tables VALUES (?, ?)")) {
                ps.setString(1, table.name());
                ps.setInt(2, table.number());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO jconvex_index_columns VALUES (?, ?)")) {
                for (IndexInfo index : table.indexes()) {
                    ps.setInt(1, table.number());
                    ps.setString(2, index.column());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
    }

    private Set<String> indexColumns(Connection c, int table) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT index_column FROM jconvex_index_columns WHERE table_number = ?")) {
            ps.setInt(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /**
     * Builds the entries of the indexes the table lacks, for every stored version of every document
     * (so snapshots at any retained timestamp read them exactly). Index entries of indexes no longer
     * in the schema are left: another process may still run the schema that has them.
     */
    @Override
    public void reconcileIndexes(TableInfo table) {
        Set<String> have = read("reading indexes", c -> indexColumns(c, table.number()));
        if (table.indexes().stream().allMatch(i -> have.contains(i.column()))) {
            return;
        }
        inTransactionNoConflict("building indexes of " + table.name(), c -> {
            lock(c);
            Set<String> present = indexColumns(c, table.number());
            for (IndexInfo index : table.indexes()) {
                if (!present.contains(index.column())) {
                    buildIndex(c, table, index);
                }
            }
        });
    }

    private static void buildIndex(Connection c, TableInfo table, IndexInfo index) throws SQLException {
        try (PreparedStatement read = c.prepareStatement("SELECT id, ts, creation_time, body FROM jconvex_documents"
                        + " WHERE table_number = ? ORDER BY id, ts");
                PreparedStatement insert =
                        c.prepareStatement("INSERT INTO jconvex_index_entries VALUES (?, ?, ?, ?, ?)")) {
            read.setFetchSize(1000);
            read.setInt(1, table.number());
            String previousId = null;
            byte[] previousKey = null;
            int batched = 0;
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    long ts = rs.getLong(2);
                    byte[] body = rs.getBytes(4);
                    if (!id.equals(previousId)) {
                        previousKey = null;
                    }
                    byte[] key = body == null
                            ? null
                            : index.key(new StoredDocument(id, rs.getDouble(3), Documents.decodeBody(body)));
                    if (!Arrays.equals(previousKey, key)) {
                        if (previousKey != null) {
                            addEntry(insert, table.number(), index.column(), previousKey, ts, null);
                            batched++;
                        }
                        if (key != null) {
                            addEntry(insert, table.number(), index.column(), key, ts, id);
                            batched++;
                        }
                    }
                    previousId = id;
                    previousKey = key;
                    if (batched >= 1000) {
                        insert.executeBatch();
                        batched = 0;
                    }
                }
            }
            if (batched > 0) {
                insert.executeBatch();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO jconvex_index_columns VALUES (?, ?)")) {
            ps.setInt(1, table.number());
            ps.setString(2, index.column());
            ps.executeUpdate();
        }
    }

    private static void addEntry(
            PreparedStatement insert, int table, String column, byte[] key, long ts, @Nullable String id)
            throws SQLException {
        insert.setInt(1, table);
        insert.setString(2, column);
        insert.setBytes(3, key);
        insert.setLong(4, ts);
        insert.setString(5, id);
        insert.addBatch();
    }

    // ---- commits

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public void write(Commit commit) {
        throw new UnsupportedOperationException("the PostgreSQL engine validates its commits: use commit(...)");
    }

    /** A commit waiting for a batch: its inputs, then its outcome. */
    private static final class Pending {
        final long beginTs;
        final ReadSet reads;
        final List<DocumentWrite> writes;
        final WriteSet writeSet;
        final Map<String, byte[]> records;
        final long clockNanos;
        long ts;
        Committer.@Nullable Conflict conflict;

        @Nullable
        RuntimeException failure;

        volatile boolean done;

        Pending(
                long beginTs,
                ReadSet reads,
                List<DocumentWrite> writes,
                WriteSet writeSet,
                Map<String, byte[]> records,
                long clockNanos) {
            this.beginTs = beginTs;
            this.reads = reads;
            this.writes = writes;
            this.writeSet = writeSet;
            this.records = records;
            this.clockNanos = clockNanos;
        }
    }

    /** Commits waiting for the next batch, in arrival order. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Pending> queued =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** Held by the thread that runs a batch; the others wait for it, then find their commit done or lead. */
    private final java.util.concurrent.locks.ReentrantLock leader = new java.util.concurrent.locks.ReentrantLock();

    /**
     * Group commit: the commits that arrive while a batch is being stored form the next batch,
     * which one of their threads stores in one PostgreSQL transaction (one lock, one log read, one
     * write statement, one COMMIT and its WAL flush). Each commit of a batch is validated against
     * the log after its begin timestamp and against the commits before it in the batch, exactly as
     * if they had come one by one; a conflicting one fails alone. An exclusive attempt's commit
     * goes alone on its pinned connection.
     */
    @Override
    public long commit(
            long beginTs,
            ReadSet reads,
            List<DocumentWrite> writes,
            WriteSet writeSet,
            Map<String, byte[]> records,
            long clockNanos)
            throws Committer.Conflict {
        if (closed) {
            throw new IllegalStateException("database is closed");
        }
        Pending p = new Pending(beginTs, reads, writes, writeSet, records, clockNanos);
        if (pinned.get() != null) {
            runBatch(new ArrayList<>(List.of(p)), false);
        } else {
            queued.add(p);
            leader.lock();
            try {
                if (!p.done) {
                    List<Pending> batch = new ArrayList<>();
                    for (Pending q; batch.size() < MAX_BATCH && (q = queued.poll()) != null; ) {
                        batch.add(q);
                    }
                    runBatch(batch, true);
                }
            } finally {
                leader.unlock();
            }
        }
        if (p.failure != null) {
            throw p.failure;
        }
        if (p.conflict != null) {
            throw p.conflict;
        }
        return p.ts;
    }

    /** At most this many commits in one batch (bounds one transaction's size). */
    private static final int MAX_BATCH = 64;

    /**
     * Stores {@code batch} in one PostgreSQL transaction; with {@code joinLate}, the commits queued
     * while it waited for the lock join it (under contention from other nodes, the wait is one
     * batch of theirs, and the batches grow instead of the queue).
     */
    private void runBatch(List<Pending> batch, boolean joinLate) {
        long since = Long.MAX_VALUE;
        for (Pending p : batch) {
            since = Math.min(since, p.beginTs);
        }
        long from = since;
        try {
            inTransaction("commit", c -> {
                List<Long> logTs = new ArrayList<>();
                List<byte[]> logWrites = new ArrayList<>();
                long last = 0;
                long trimmed = 0;
                try (PreparedStatement ps = c.prepareStatement("SELECT * FROM jconvex_lock_and_read(?, ?)")) {
                    ps.setLong(1, lockKey);
                    ps.setLong(2, from);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            switch (rs.getInt(1)) {
                                case 0 -> {
                                    logTs.add(rs.getLong(2));
                                    logWrites.add(rs.getBytes(3));
                                }
                                case 1 -> last = rs.getLong(2);
                                default -> trimmed = rs.getLong(2);
                            }
                        }
                    }
                }
                if (joinLate) {
                    long earliest = Long.MAX_VALUE;
                    for (Pending q; batch.size() < MAX_BATCH && (q = queued.poll()) != null; ) {
                        batch.add(q);
                        earliest = Math.min(earliest, q.beginTs);
                    }
                    if (earliest < from) {
                        readLog(c, earliest, from, logTs, logWrites);
                    }
                }
                Set<String> storedKeys = storedIdempotencyKeys(c, batch);
                WriteSet[] decoded = new WriteSet[logWrites.size()];
                List<Pending> accepted = new ArrayList<>();
                Set<String> batchKeys = new HashSet<>();
                for (Pending p : batch) {
                    p.conflict = p.beginTs < trimmed
                            // the log after its snapshot is no longer complete: retry on a fresh snapshot
                            ? Committer.Conflict.withoutDocument()
                            : firstConflict(p, logTs, logWrites, decoded, accepted, storedKeys, batchKeys);
                    if (p.conflict != null) {
                        continue;
                    }
                    last = Math.max(last + 1, p.clockNanos);
                    p.ts = last;
                    batchKeys.addAll(p.records.keySet());
                    accepted.add(p);
                }
                if (!accepted.isEmpty()) {
                    write(c, accepted);
                }
            });
        } catch (RuntimeException e) {
            for (Pending p : batch) {
                p.failure = e;
            }
        } catch (Committer.Conflict e) {
            throw new IllegalStateException(e); // conflicts are per commit, never thrown by the batch
        } finally {
            for (Pending p : batch) {
                p.done = true;
            }
        }
    }

    /** Adds the log rows in ({@code after}, {@code through}] to the lists (the lock is held). */
    private static void readLog(Connection c, long after, long through, List<Long> logTs, List<byte[]> logWrites)
            throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT ts, writes FROM jconvex_commits WHERE ts > ? AND ts <= ?")) {
            ps.setLong(1, after);
            ps.setLong(2, through);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    logTs.add(rs.getLong(1));
                    logWrites.add(rs.getBytes(2));
                }
            }
        }
    }

    /** The idempotency keys of the batch that are already stored. */
    private static Set<String> storedIdempotencyKeys(Connection c, List<Pending> batch) throws SQLException {
        List<String> keys = new ArrayList<>();
        for (Pending p : batch) {
            keys.addAll(p.records.keySet());
        }
        Set<String> stored = new HashSet<>();
        if (keys.isEmpty()) {
            return stored;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT key FROM jconvex_mutations WHERE key = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("text", keys.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.add(rs.getString(1));
                }
            }
        }
        return stored;
    }

    /**
     * Why {@code p} cannot commit: a commit of the log after its begin timestamp, or one accepted
     * before it in this batch, wrote what it read; or its idempotency key is taken (a duplicate of
     * this mutation committed first, maybe on another node: the retry replays it). Null if none.
     */
    private static Committer.@Nullable Conflict firstConflict(
            Pending p,
            List<Long> logTs,
            List<byte[]> logWrites,
            WriteSet[] decoded,
            List<Pending> accepted,
            Set<String> storedKeys,
            Set<String> batchKeys) {
        for (int i = 0; i < logTs.size(); i++) {
            if (logTs.get(i) <= p.beginTs) {
                continue;
            }
            if (decoded[i] == null) {
                decoded[i] = WalRecords.decodeWriteSet(ByteBuffer.wrap(logWrites.get(i)));
            }
            Optional<WriteSet.Write> w = p.reads.firstConflict(decoded[i]);
            if (w.isPresent()) {
                return Committer.Conflict.onDocument(w.get().table());
            }
        }
        for (Pending a : accepted) {
            Optional<WriteSet.Write> w = p.reads.firstConflict(a.writeSet);
            if (w.isPresent()) {
                return Committer.Conflict.onDocument(w.get().table());
            }
        }
        for (String key : p.records.keySet()) {
            if (storedKeys.contains(key) || batchKeys.contains(key)) {
                return Committer.Conflict.withoutDocument();
            }
        }
        return null;
    }

    /**
     * Stores the accepted commits of a batch with one statement: their document versions, index
     * entry versions, idempotency records and commit-log rows, and one {@code pg_notify} of the
     * last timestamp (a listener reads every row after the last one it saw); and commits, in the
     * same round trip. Must be the transaction's last statement.
     */
    private void write(Connection c, List<Pending> accepted) throws SQLException {
        List<Integer> dTable = new ArrayList<>();
        List<String> dId = new ArrayList<>();
        List<Long> dTs = new ArrayList<>();
        List<Double> dCreation = new ArrayList<>();
        List<byte[]> dBody = new ArrayList<>();
        List<Integer> eTable = new ArrayList<>();
        List<String> eColumn = new ArrayList<>();
        List<byte[]> eKey = new ArrayList<>();
        List<Long> eTs = new ArrayList<>();
        List<String> eId = new ArrayList<>();
        List<String> mKey = new ArrayList<>();
        List<Long> mTs = new ArrayList<>();
        List<byte[]> mOutcome = new ArrayList<>();
        List<Long> cTs = new ArrayList<>();
        List<byte[]> cWrites = new ArrayList<>();
        for (Pending p : accepted) {
            List<WriteSet.Write> keys = p.writeSet.writes();
            for (int i = 0; i < p.writes.size(); i++) {
                DocumentWrite w = p.writes.get(i);
                WriteSet.Write k = keys.get(i);
                int table = w.table().number();
                dTable.add(table);
                dId.add(w.id());
                dTs.add(p.ts);
                dCreation.add(w.after().map(StoredDocument::creationTime).orElse(null));
                dBody.add(w.after().map(StoredDocument::encodedBody).orElse(null));
                for (IndexInfo index : w.table().indexes()) {
                    byte[] before = k.before().get(index.name());
                    byte[] after = k.after().get(index.name());
                    if (before != null && after != null && Arrays.equals(before, after)) {
                        continue; // the entry still names the document; its new version is found by id
                    }
                    if (before != null) {
                        eTable.add(table);
                        eColumn.add(index.column());
                        eKey.add(before);
                        eTs.add(p.ts);
                        eId.add(null);
                    }
                    if (after != null) {
                        eTable.add(table);
                        eColumn.add(index.column());
                        eKey.add(after);
                        eTs.add(p.ts);
                        eId.add(w.id());
                    }
                }
            }
            for (var r : p.records.entrySet()) {
                mKey.add(r.getKey());
                mTs.add(p.ts);
                mOutcome.add(r.getValue());
            }
            cTs.add(p.ts);
            cWrites.add(WalRecords.encodeWriteSet(p.writeSet));
        }
        try (PreparedStatement ps = c.prepareStatement("WITH"
                + " d AS (INSERT INTO jconvex_documents SELECT * FROM unnest(?::integer[], ?::text[], ?::bigint[],"
                + " ?::double precision[], ?::bytea[])),"
                + " e AS (INSERT INTO jconvex_index_entries SELECT * FROM unnest(?::integer[], ?::text[], ?::bytea[],"
                + " ?::bigint[], ?::text[])),"
                + " m AS (INSERT INTO jconvex_mutations SELECT * FROM unnest(?::text[], ?::bigint[], ?::bytea[])),"
                + " c AS (INSERT INTO jconvex_commits SELECT * FROM unnest(?::bigint[], ?::bytea[]))"
                + " SELECT pg_notify(?, ?);"
                // the COMMIT travels with the write, one round trip: the commit lock is held one
                // round trip less (inTransaction's commit() then finds the transaction ended: no-op)
                + " COMMIT")) {
            int i = 1;
            ps.setArray(i++, c.createArrayOf("integer", dTable.toArray()));
            ps.setArray(i++, c.createArrayOf("text", dId.toArray()));
            ps.setArray(i++, c.createArrayOf("bigint", dTs.toArray()));
            ps.setArray(i++, c.createArrayOf("float8", dCreation.toArray()));
            ps.setArray(i++, c.createArrayOf("bytea", dBody.toArray(new byte[0][])));
            ps.setArray(i++, c.createArrayOf("integer", eTable.toArray()));
            ps.setArray(i++, c.createArrayOf("text", eColumn.toArray()));
            ps.setArray(i++, c.createArrayOf("bytea", eKey.toArray(new byte[0][])));
            ps.setArray(i++, c.createArrayOf("bigint", eTs.toArray()));
            ps.setArray(i++, c.createArrayOf("text", eId.toArray()));
            ps.setArray(i++, c.createArrayOf("text", mKey.toArray()));
            ps.setArray(i++, c.createArrayOf("bigint", mTs.toArray()));
            ps.setArray(i++, c.createArrayOf("bytea", mOutcome.toArray(new byte[0][])));
            ps.setArray(i++, c.createArrayOf("bigint", cTs.toArray()));
            ps.setArray(i++, c.createArrayOf("bytea", cWrites.toArray(new byte[0][])));
            ps.setString(i++, channel);
            ps.setString(i, Long.toString(cTs.getLast()));
            ps.execute();
        }
    }

    @Override
    public void awaitDurable(long ts) {
        // a commit returns once PostgreSQL has flushed it (synchronous_commit = on)
    }

    @Override
    public Optional<Database.MutationRecord> mutation(String key) {
        return read("reading an idempotency record", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT ts, outcome FROM jconvex_mutations WHERE key = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Database.MutationRecord(rs.getBytes(2), new Timestamp(rs.getLong(1))));
                }
            }
        });
    }

    // ---- exclusive attempts

    @Override
    public void beginExclusive() {
        try {
            Connection c = pool.getConnection();
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
                ps.setLong(1, lockKey);
                ps.execute();
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            pinned.set(c);
        } catch (SQLException e) {
            throw unavailable("taking the commit lock", e);
        }
    }

    @Override
    public void endExclusive() {
        Connection c = pinned.get();
        if (c == null) {
            return;
        }
        pinned.remove();
        try (c;
                PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            ps.setLong(1, lockKey);
            ps.execute();
        } catch (SQLException e) {
            // the session is gone, and its lock with it
            LOG.debug("releasing the exclusive lock failed", e);
        }
    }

    // ---- snapshots

    @Override
    public Snapshot snapshot() {
        return new PgSnapshot(read("opening a snapshot", PgPersistence::maxTs));
    }

    private final class PgSnapshot implements Snapshot {
        private final long ts;
        private final long openedNanos = System.nanoTime();
        private boolean closed;

        PgSnapshot(long ts) {
            this.ts = ts;
        }

        @Override
        public long ts() {
            return ts;
        }

        @Override
        public Optional<StoredDocument> get(TableInfo table, String id) {
            check();
            return read("reading a document", c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT creation_time, body FROM jconvex_documents"
                        + " WHERE table_number = ? AND id = ? AND ts <= ? ORDER BY ts DESC LIMIT 1")) {
                    ps.setInt(1, table.number());
                    ps.setString(2, id);
                    ps.setLong(3, ts);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next() || rs.getBytes(2) == null) {
                            return Optional.empty();
                        }
                        return Optional.of(StoredDocument.ofEncoded(id, rs.getDouble(1), rs.getBytes(2)));
                    }
                }
            });
        }

        @Override
        public Iterator<Row> scan(TableInfo table, IndexInfo index, byte[] lo, byte @Nullable [] hi, boolean desc) {
            check();
            return new PagedScan(table, index, lo, hi, desc);
        }

        /** Reads the rows of a scan a page at a time (32 rows first, then more), each page one statement. */
        private final class PagedScan implements Iterator<Row> {
            private final TableInfo table;
            private final IndexInfo index;
            private final byte[] lo;
            private final byte @Nullable [] hi;
            private final boolean desc;
            private byte @Nullable [] after; // the last key read; the next page starts beyond it
            private List<Row> page = List.of();
            private int next;
            private int pageSize = 32;
            private boolean exhausted;

            PagedScan(TableInfo table, IndexInfo index, byte[] lo, byte @Nullable [] hi, boolean desc) {
                this.table = table;
                this.index = index;
                this.lo = lo;
                this.hi = hi;
                this.desc = desc;
            }

            @Override
            public boolean hasNext() {
                if (next < page.size()) {
                    return true;
                }
                if (exhausted) {
                    return false;
                }
                check();
                page = fetch();
                next = 0;
                if (page.size() < pageSize) {
                    exhausted = true;
                }
                if (!page.isEmpty()) {
                    after = page.getLast().key();
                }
                pageSize = Math.min(pageSize * 4, 1024);
                return !page.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.get(next++);
            }

            private List<Row> fetch() {
                StringBuilder sql =
                        new StringBuilder("SELECT e.key, e.id, d.creation_time, d.body FROM jconvex_index_entries e"
                                + " JOIN LATERAL (SELECT creation_time, body FROM jconvex_documents d"
                                + " WHERE d.table_number = e.table_number AND d.id = e.id AND d.ts <= ?"
                                + " ORDER BY d.ts DESC LIMIT 1) d ON true"
                                + " WHERE e.table_number = ? AND e.index_column = ? AND e.ts <= ? AND e.id IS NOT NULL"
                                + " AND NOT EXISTS (SELECT 1 FROM jconvex_index_entries n"
                                + " WHERE n.table_number = e.table_number AND n.index_column = e.index_column"
                                + " AND n.key = e.key AND n.ts > e.ts AND n.ts <= ?)");
                List<byte[]> bounds = new ArrayList<>();
                if (desc) {
                    sql.append(" AND e.key >= ?");
                    bounds.add(lo);
                    byte[] upper = after != null ? after : hi;
                    if (upper != null) {
                        sql.append(" AND e.key < ?");
                        bounds.add(upper);
                    }
                    sql.append(" ORDER BY e.key DESC");
                } else {
                    sql.append(after != null ? " AND e.key > ?" : " AND e.key >= ?");
                    bounds.add(after != null ? after : lo);
                    if (hi != null) {
                        sql.append(" AND e.key < ?");
                        bounds.add(hi);
                    }
                    sql.append(" ORDER BY e.key");
                }
                sql.append(" LIMIT ?");
                return read("scanning index " + index.name() + " of " + table.name(), c -> {
                    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                        int p = 1;
                        ps.setLong(p++, ts);
                        ps.setInt(p++, table.number());
                        ps.setString(p++, index.column());
                        ps.setLong(p++, ts);
                        ps.setLong(p++, ts);
                        for (byte[] b : bounds) {
                            ps.setBytes(p++, b);
                        }
                        ps.setInt(p, pageSize);
                        List<Row> rows = new ArrayList<>();
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                byte[] body = rs.getBytes(4);
                                if (body == null) {
                                    throw new IllegalStateException("index " + index.name() + " of " + table.name()
                                            + " names a deleted document " + rs.getString(2));
                                }
                                rows.add(new Row(
                                        rs.getBytes(1),
                                        StoredDocument.ofEncoded(rs.getString(2), rs.getDouble(3), body)));
                            }
                        }
                        return rows;
                    }
                });
            }
        }

        private void check() {
            if (closed) {
                throw new IllegalStateException("transaction is closed");
            }
            if (System.nanoTime() - openedNanos > retention.toNanos() / 2) {
                throw new IllegalStateException("a transaction open for more than half the version retention ("
                        + retention + ") cannot read: the versions it sees may have been trimmed");
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    // ---- the tail: every commit, in timestamp order, to the committer

    @Override
    public void tail(long afterTs, CommitListener sink) {
        if (tailer != null) {
            throw new IllegalStateException("already tailed");
        }
        tailer = Thread.ofPlatform().name("jconvex-pg-tail").daemon().start(() -> tailLoop(afterTs, sink));
    }

    private void tailLoop(long afterTs, CommitListener sink) {
        long seen = afterTs;
        long backoffMillis = 100;
        while (!closed) {
            try (Connection c = listenConnection()) {

                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + channel);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                backoffMillis = 100;
                while (!closed) {
                    seen = catchUp(c, seen, sink);
                    pg.getNotifications(1000);
                }
            } catch (SQLException e) {
                if (closed) {
                    return;
                }
                LOG.warn("the commit tail lost PostgreSQL ({}); reconnecting in {} ms", e.getMessage(), backoffMillis);
                LockSupport.parkNanos(backoffMillis * 1_000_000L);
                backoffMillis = Math.min(backoffMillis * 2, 2_000);
            }
        }
    }

    private Connection listenConnection() throws SQLException {
        Properties props = new Properties();
        url.user().ifPresent(u -> props.setProperty("user", u));
        url.password().ifPresent(p -> props.setProperty("password", p));
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("ApplicationName", "jconvex-tail");
        props.setProperty("connectTimeout", "5");
        Connection c = DriverManager.getConnection(url.jdbcUrl(), props);
        c.setAutoCommit(true);
        return c;
    }

    /** Delivers the commits after {@code seen} in timestamp order; returns the last delivered. */
    private static long catchUp(Connection c, long seen, CommitListener sink) throws SQLException {
        while (true) {
            int n = 0;
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT ts, writes FROM jconvex_commits WHERE ts > ? ORDER BY ts LIMIT 1000")) {
                ps.setLong(1, seen);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long ts = rs.getLong(1);
                        WriteSet writes = WalRecords.decodeWriteSet(ByteBuffer.wrap(rs.getBytes(2)));
                        sink.committed(new Timestamp(ts), writes);
                        seen = ts;
                        n++;
                    }
                }
            }
            if (n < 1000) {
                return seen;
            }
        }
    }

    /** A connection from the pool that answers {@code isValid} within 2 s (the pool waits at most 5 s). */
    @Override
    public void checkAvailable() {
        if (closed) {
            throw new DatabaseUnavailable("PostgreSQL engine is closed", null);
        }
        try (Connection c = pool.getConnection()) {
            if (!c.isValid(2)) {
                throw new DatabaseUnavailable("PostgreSQL at " + url.display() + " does not answer", null);
            }
        } catch (SQLException e) {
            throw unavailable("connecting to " + url.display(), e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Thread t : new Thread[] {tailer, trimmer}) {
            if (t != null) {
                LockSupport.unpark(t);
                try {
                    t.join(3_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        pool.close();
    }

    // ---- trimming old versions

    /** Trims every fifth of the retention (at least every 100 ms, at most every minute). */
    private void trimLoop() {
        long every = Math.clamp(retention.toNanos() / 5, 100_000_000L, 60_000_000_000L);
        while (!closed) {
            LockSupport.parkNanos(every);
            if (closed) {
                return;
            }
            try {
                trim(Committer.nanos(java.time.InstantSource.system()) - retention.toNanos());
            } catch (RuntimeException e) {
                if (!closed) {
                    LOG.warn("trimming old versions failed; retrying later: {}", e.getMessage());
                }
            }
        }
    }

    /**
     * Deletes what no snapshot can read any more: every document and index entry version superseded
     * by a version at or below {@code horizon}'s last commit, the deletions and removals at or below
     * it, and the commit-log rows at or below it (always keeping the last one, which snapshots start
     * from). Records the last trimmed timestamp, which commits check ({@code jconvex_lock_and_read}).
     * Any node may trim; concurrent trims of two nodes delete the same rows.
     */
    void trim(long horizon) {
        inTransactionNoConflict("trimming old versions", c -> {
            long through;
            try (PreparedStatement ps = c.prepareStatement("SELECT max(ts) FROM jconvex_commits"
                    + " WHERE ts <= ? AND ts < (SELECT max(ts) FROM jconvex_commits)")) {
                ps.setLong(1, horizon);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    through = rs.getLong(1);
                    if (rs.wasNull()) {
                        return;
                    }
                }
            }
            String[] statements = {
                "DELETE FROM jconvex_index_entries e USING jconvex_index_entries n WHERE n.table_number = e.table_number"
                        + " AND n.index_column = e.index_column AND n.key = e.key AND n.ts > e.ts AND n.ts <= ?",
                "DELETE FROM jconvex_index_entries WHERE id IS NULL AND ts <= ?",
                "DELETE FROM jconvex_documents d USING jconvex_documents n WHERE n.table_number = d.table_number"
                        + " AND n.id = d.id AND n.ts > d.ts AND n.ts <= ?",
                "DELETE FROM jconvex_documents WHERE body IS NULL AND ts <= ?",
                "DELETE FROM jconvex_commits WHERE ts <= ?",
                "INSERT INTO jconvex_meta VALUES ('log_trimmed_through', ?::text)"
                        + " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            };
            for (String sql : statements) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setLong(1, through);
                    ps.executeUpdate();
                }
            }
        });
    }
}
