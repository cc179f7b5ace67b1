package dev.jconvex.database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * The H2 side of the engine: the JDBC URL, a pool of connections, the system tables and one H2
 * table per Convex table.
 *
 * <p>System tables: {@code SYS_TABLES} (table number ↔ name, the catalog), {@code SYS_META} (one row
 * holding the last commit timestamp) and {@code SYS_MUTATIONS} (idempotency records: key →
 * outcome bytes + commit timestamp). A Convex table with number n is H2 table {@code Tn}: {@code ID},
 * {@code CT} (creation time), {@code BODY} (the {@link Documents row format}) and one VARBINARY key
 * column per index with a UNIQUE index on it, so a {@code withIndex} range is an H2 index range scan.
 *
 * <p>File mode opens {@code jdbc:h2:file:<dir>/jconvex} with a long {@code WRITE_DELAY}: an H2
 * commit then stays in memory, and {@link #flush} writes one MVStore chunk for a whole batch of
 * commits (group commit; see {@link Committer}). H2's default {@code RETENTION_TIME} (45 s) is
 * kept on purpose: with {@code RETENTION_TIME=0} the two most recent acknowledged commits were
 * missing after a clean close and reopen in about one run in five of the sync conformance suite
 * (48 of 50 keys, the last two written); with the default, none in 14 runs. The price is file
 * growth under sustained writes (about 15 MB/s at this machine's top write rate; the file shrinks
 * back on a clean close), measured in docs/benchmarks.md.
 *
 * <p>Each pooled {@link Session} keeps its prepared statements, so hot statements are parsed once.
 * That requires {@code OPTIMIZE_REUSE_RESULTS=FALSE}: H2 otherwise may hand a re-executed prepared
 * query the result of its previous execution in an earlier transaction, which under SNAPSHOT
 * isolation is a stale read (caught by the lost-update tests of {@code ConcurrencyTest}).
 */
final class Storage implements AutoCloseable {

    private final String url;
    private final boolean inMemory;
    private final ArrayDeque<Session> idle = new ArrayDeque<>();
    private final Connection admin;
    private final Session adminSession;
    private volatile boolean closed;

    private Storage(String url, boolean inMemory) throws SQLException {
        this.url = url;
        this.inMemory = inMemory;
        this.admin = DriverManager.getConnection(url);
        this.adminSession = new Session(admin);
    }

    static Storage open(Optional<Path> dataDirectory) {
        try {
            if (dataDirectory.isPresent()) {
                Path dir = dataDirectory.get().toAbsolutePath();
                Files.createDirectories(dir);
                return init(new Storage(
                        "jdbc:h2:file:" + dir.resolve("jconvex")
                                + ";WRITE_DELAY=3600000;DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=256;OPTIMIZE_REUSE_RESULTS=FALSE",
                        false));
            }
            return init(new Storage(
                    "jdbc:h2:mem:jconvex-" + UUID.randomUUID()
                            + ";DB_CLOSE_DELAY=-1;QUERY_CACHE_SIZE=256;OPTIMIZE_REUSE_RESULTS=FALSE",
                    true));
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("cannot open the database: " + e.getMessage(), e);
        }
    }

    private static Storage init(Storage s) throws SQLException {
        try (Statement st = s.admin.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS SYS_TABLES(NUM INT PRIMARY KEY, NAME VARCHAR NOT NULL UNIQUE)");
            st.execute("CREATE TABLE IF NOT EXISTS SYS_META(ID INT PRIMARY KEY, LAST_TS BIGINT NOT NULL)");
            st.execute(
                    "MERGE INTO SYS_META KEY(ID) VALUES(1, COALESCE((SELECT LAST_TS FROM SYS_META WHERE ID = 1), 0))");
            st.execute(
                    "CREATE TABLE IF NOT EXISTS SYS_MUTATIONS(K VARCHAR PRIMARY KEY, OUTCOME VARBINARY NOT NULL, TS BIGINT NOT NULL)");
        }
        s.admin.setAutoCommit(false);
        return s;
    }

    boolean inMemory() {
        return inMemory;
    }

    // ---- connections

    /** A connection for one snapshot: autocommit off, SNAPSHOT isolation (see {@link Committer}). */
    synchronized Session acquire() {
        if (closed) {
            throw new IllegalStateException("database is closed");
        }
        Session pooled = idle.pollFirst();
        if (pooled != null) {
            return pooled;
        }
        Connection c;
        try {
            c = DriverManager.getConnection(url);
            try (Statement st = c.createStatement()) {
                // REPEATABLE READ in H2 2.3 fixes each table's snapshot when the transaction first
                // touches that table; SNAPSHOT fixes one snapshot of the whole database.
                st.execute("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SNAPSHOT");
            }
            c.setAutoCommit(false);
            return new Session(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void release(Session s) {
        try {
            s.connection.rollback();
        } catch (SQLException e) {
            s.close();
            return;
        }
        synchronized (this) {
            if (closed || idle.size() >= 64) {
                s.close();
            } else {
                idle.addFirst(s);
            }
        }
    }

    /** The connection used only by the committer (and DDL), autocommit off. */
    Connection admin() {
        return admin;
    }

    /** {@link #admin()} with its statement cache. */
    Session adminSession() {
        return adminSession;
    }

    // ---- catalog

    long lastTimestamp() throws SQLException {
        try (Statement st = admin.createStatement();
                ResultSet rs = st.executeQuery("SELECT LAST_TS FROM SYS_META WHERE ID = 1")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Reads the last commit timestamp inside {@code c}'s snapshot. */
    static long snapshotTimestamp(Session s) throws SQLException {
        try (ResultSet rs =
                s.prepare("SELECT LAST_TS FROM SYS_META WHERE ID = 1").executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    Map<String, Integer> loadCatalog() throws SQLException {
        Map<String, Integer> out = new HashMap<>();
        try (Statement st = admin.createStatement();
                ResultSet rs = st.executeQuery("SELECT NUM, NAME FROM SYS_TABLES")) {
            while (rs.next()) {
                out.put(rs.getString(2), rs.getInt(1));
            }
        }
        return out;
    }

    /** Creates the H2 table of a new Convex table and its catalog row (committed at once). */
    void createTable(TableInfo table) throws SQLException {
        StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS ")
                .append(table.h2Table())
                .append("(ID VARCHAR NOT NULL, CT DOUBLE PRECISION NOT NULL, BODY VARBINARY NOT NULL");
        for (IndexInfo index : table.indexes()) {
            ddl.append(", ").append(index.column()).append(" VARBINARY NOT NULL");
        }
        ddl.append(")");
        boolean auto = admin.getAutoCommit();
        admin.setAutoCommit(true);
        try (Statement st = admin.createStatement()) {
            st.execute(ddl.toString());
            for (IndexInfo index : table.indexes()) {
                st.execute("CREATE UNIQUE INDEX IF NOT EXISTS " + table.h2Table() + "_" + index.column() + " ON "
                        + table.h2Table() + "(" + index.column() + ")");
            }
            try (PreparedStatement ps = admin.prepareStatement("MERGE INTO SYS_TABLES KEY(NUM) VALUES(?, ?)")) {
                ps.setInt(1, table.number());
                ps.setString(2, table.name());
                ps.executeUpdate();
            }
        } finally {
            admin.setAutoCommit(auto);
        }
    }

    /**
     * Brings an existing table's key columns in line with {@code table}'s indexes: adds and
     * backfills the columns of new indexes, drops those of removed ones.
     */
    void reconcileIndexes(TableInfo table) throws SQLException {
        Set<String> existing = new HashSet<>();
        try (PreparedStatement ps = admin.prepareStatement(
                "SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = ?")) {
            ps.setString(1, table.h2Table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    existing.add(rs.getString(1));
                }
            }
        }
        boolean auto = admin.getAutoCommit();
        admin.setAutoCommit(true);
        try (Statement st = admin.createStatement()) {
            Set<String> wanted = new HashSet<>(List.of("ID", "CT", "BODY"));
            for (IndexInfo index : table.indexes()) {
                wanted.add(index.column());
                if (existing.contains(index.column())) {
                    continue;
                }
                st.execute("ALTER TABLE " + table.h2Table() + " ADD COLUMN " + index.column() + " VARBINARY");
                List<StoredDocument> docs = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT ID, CT, BODY FROM " + table.h2Table())) {
                    while (rs.next()) {
                        docs.add(new StoredDocument(
                                rs.getString(1), rs.getDouble(2), Documents.decodeBody(rs.getBytes(3))));
                    }
                }
                try (PreparedStatement ps = admin.prepareStatement(
                        "UPDATE " + table.h2Table() + " SET " + index.column() + " = ? WHERE K_BY_ID = ?")) {
                    IndexInfo byId = table.byId();
                    for (StoredDocument doc : docs) {
                        ps.setBytes(1, index.key(doc));
                        ps.setBytes(2, byId.key(doc));
                        ps.executeUpdate();
                    }
                }
                st.execute("ALTER TABLE " + table.h2Table() + " ALTER COLUMN " + index.column() + " SET NOT NULL");
                st.execute("CREATE UNIQUE INDEX " + table.h2Table() + "_" + index.column() + " ON " + table.h2Table()
                        + "(" + index.column() + ")");
            }
            for (String column : existing) {
                if (!wanted.contains(column)) {
                    st.execute("ALTER TABLE " + table.h2Table() + " DROP COLUMN " + column);
                }
            }
        } finally {
            admin.setAutoCommit(auto);
        }
    }

    // ---- reads

    /** One stored row of an index scan: its key in the scanned index and the document. */
    record Row(byte[] key, StoredDocument doc) {}

    /**
     * Up to {@code limit} rows of {@code index} with keys in [lo, hi) ({@code hi} null = unbounded),
     * in key order (reversed when {@code desc}). An H2 index range scan.
     */
    static List<Row> scan(Session c, TableInfo table, IndexInfo index, byte[] lo, byte[] hi, boolean desc, int limit)
            throws SQLException {
        String col = index.column();
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(col)
                .append(", ID, CT, BODY FROM ")
                .append(table.h2Table())
                .append(" WHERE ")
                .append(col)
                .append(" >= ?");
        if (hi != null) {
            sql.append(" AND ").append(col).append(" < ?");
        }
        sql.append(" ORDER BY ").append(col).append(desc ? " DESC" : "").append(" LIMIT ?");
        List<Row> rows = new ArrayList<>(Math.min(limit, 256));
        {
            PreparedStatement ps = c.prepare(sql.toString());
            int p = 1;
            ps.setBytes(p++, lo);
            if (hi != null) {
                ps.setBytes(p++, hi);
            }
            ps.setInt(p, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(
                            rs.getBytes(1),
                            new StoredDocument(
                                    rs.getString(2), rs.getDouble(3), Documents.decodeBody(rs.getBytes(4)))));
                }
            }
        }
        return rows;
    }

    /** The SQL a scan runs, for {@code EXPLAIN}. */
    static String scanSql(TableInfo table, IndexInfo index, boolean desc) {
        String col = index.column();
        return "SELECT ID, CT, BODY FROM " + table.h2Table() + " WHERE " + col + " >= ? AND " + col + " < ? ORDER BY "
                + col + (desc ? " DESC" : "");
    }

    /** The idempotency record under {@code key} with the timestamp of the commit that stored it. */
    static Optional<Database.MutationRecord> findMutation(Session c, String key) throws SQLException {
        {
            PreparedStatement ps = c.prepare("SELECT OUTCOME, TS FROM SYS_MUTATIONS WHERE K = ?");
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Database.MutationRecord(rs.getBytes(1), new Timestamp(rs.getLong(2))))
                        : Optional.empty();
            }
        }
    }

    static Optional<byte[]> findMutationRecord(Session c, String key) throws SQLException {
        {
            PreparedStatement ps = c.prepare("SELECT OUTCOME FROM SYS_MUTATIONS WHERE K = ?");
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        }
    }

    // ---- writes (committer only)

    /** Applies one transaction's writes and its commit timestamp on the admin connection, and commits. */
    void apply(List<DocumentWrite> writes, Map<String, byte[]> mutationRecords, long ts) throws SQLException {
        Session c = adminSession;
        try {
            for (DocumentWrite w : writes) {
                TableInfo t = w.table();
                if (w.after().isPresent()) {
                    StoredDocument doc = w.after().get();
                    if (w.before().isPresent()) {
                        // only the key columns that changed: by_id and by_creation_time never do
                        List<IndexInfo> changed = new ArrayList<>();
                        List<byte[]> keys = new ArrayList<>();
                        for (IndexInfo index : t.indexes()) {
                            byte[] key = index.key(doc);
                            if (!java.util.Arrays.equals(
                                    key, index.key(w.before().get()))) {
                                changed.add(index);
                                keys.add(key);
                            }
                        }
                        StringBuilder sql =
                                new StringBuilder("UPDATE ").append(t.h2Table()).append(" SET BODY = ?");
                        for (IndexInfo index : changed) {
                            sql.append(", ").append(index.column()).append(" = ?");
                        }
                        sql.append(" WHERE K_BY_ID = ?");
                        PreparedStatement ps = c.prepare(sql.toString());
                        int p = 1;
                        ps.setBytes(p++, Documents.encodeBody(doc.body()));
                        for (byte[] key : keys) {
                            ps.setBytes(p++, key);
                        }
                        ps.setBytes(p, t.byId().key(doc));
                        ps.executeUpdate();
                    } else {
                        StringBuilder sql = new StringBuilder("INSERT INTO ")
                                .append(t.h2Table())
                                .append("(ID, CT, BODY");
                        for (IndexInfo index : t.indexes()) {
                            sql.append(", ").append(index.column());
                        }
                        sql.append(") VALUES(?, ?, ?")
                                .append(", ?".repeat(t.indexes().size()))
                                .append(")");
                        {
                            PreparedStatement ps = c.prepare(sql.toString());
                            int p = 1;
                            ps.setString(p++, doc.id());
                            ps.setDouble(p++, doc.creationTime());
                            ps.setBytes(p++, Documents.encodeBody(doc.body()));
                            for (IndexInfo index : t.indexes()) {
                                ps.setBytes(p++, index.key(doc));
                            }
                            ps.executeUpdate();
                        }
                    }
                } else if (w.before().isPresent()) {
                    {
                        PreparedStatement ps = c.prepare("DELETE FROM " + t.h2Table() + " WHERE K_BY_ID = ?");
                        ps.setBytes(1, t.byId().key(w.before().get()));
                        ps.executeUpdate();
                    }
                }
            }
            for (var record : mutationRecords.entrySet()) {
                {
                    PreparedStatement ps = c.prepare("INSERT INTO SYS_MUTATIONS(K, OUTCOME, TS) VALUES(?, ?, ?)");
                    ps.setString(1, record.getKey());
                    ps.setBytes(2, record.getValue());
                    ps.setLong(3, ts);
                    ps.executeUpdate();
                }
            }
            {
                PreparedStatement ps = c.prepare("UPDATE SYS_META SET LAST_TS = ? WHERE ID = 1");
                ps.setLong(1, ts);
                ps.executeUpdate();
            }
            c.connection.commit();
        } catch (SQLException | RuntimeException e) {
            c.connection.rollback();
            throw e;
        }
    }

    /**
     * Writes everything committed so far to the data file as one MVStore chunk (and fsyncs when
     * {@code sync}). A no-op in memory.
     */
    void flush(boolean sync) throws SQLException {
        if (inMemory) {
            return;
        }
        MVStore store = ((JdbcConnection) admin).getSession() instanceof org.h2.engine.SessionLocal s
                ? s.getDatabase().getStore().getMvStore()
                : null;
        if (store == null) {
            throw new IllegalStateException("not an embedded H2 session");
        }
        store.commit();
        if (sync) {
            store.sync();
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Session c : idle) {
            c.close();
        }
        idle.clear();
        try (Statement st = admin.createStatement()) {
            st.execute(inMemory ? "SHUTDOWN IMMEDIATELY" : "SHUTDOWN");
        } catch (SQLException ignored) {
            // already closed
        }
        closeQuietly(admin);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing to do
        }
    }
}
