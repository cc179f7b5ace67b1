package dev.jconvex.database.internal;

import dev.jconvex.database.Durability;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migrates a data directory written by jconvex's first storage engine (H2's SQL layer: one file
 * {@code jconvex.mv.db} with tables {@code SYS_TABLES}, {@code SYS_META}, {@code SYS_MUTATIONS} and
 * one {@code T<n>(ID, CT, BODY, key columns…)} per Convex table) into {@link MvPersistence}.
 *
 * <p>Every table keeps its number and every document its id, creation time and body; the schema's
 * indexes are rebuilt when the database opens. Idempotency records keep their outcomes (a replay
 * then reports the migration's timestamp). Timestamps keep increasing: the first new commit comes
 * after the old engine's last one.
 *
 * <p>Crash-safe: the new store is built in {@code .migrating/} and moved into place only when
 * complete; then the old file is renamed to {@code jconvex.mv.db.migrated} (kept, never deleted). An
 * interrupted migration starts again from the old file at the next open.
 */
final class LegacyH2Import {
    private LegacyH2Import() {}

    private static final Logger LOG = LoggerFactory.getLogger(LegacyH2Import.class);

    static final String LEGACY_FILE = "jconvex.mv.db";
    private static final int BATCH = 1_000;

    static void migrateIfPresent(Path dir, Durability durability, MvPersistence.Tuning tuning) {
        Path legacy = dir.resolve(LEGACY_FILE);
        if (!Files.exists(legacy)) {
            return;
        }
        Path migrated = dir.resolve(LEGACY_FILE + ".migrated");
        try {
            if (Files.exists(dir.resolve(MvPersistence.STORE_FILE))) {
                // the new store was moved into place; only the rename of the old file was missing
                Files.move(legacy, migrated, StandardCopyOption.REPLACE_EXISTING);
                return;
            }
            Path work = dir.resolve(".migrating");
            deleteTree(work);
            long documents = copy(dir, work, durability, tuning);
            try (Stream<Path> files = Files.list(work)) {
                for (Path p : files.toList()) {
                    Files.move(p, dir.resolve(p.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            Files.delete(work);
            Files.move(legacy, migrated, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(dir.resolve("jconvex.trace.db"));
            LOG.info("migrated {} documents from {} (kept as {})", documents, legacy, migrated.getFileName());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot migrate the data directory " + dir + " from jconvex's first storage " + "engine ("
                            + e.getMessage() + "); it is left as it was",
                    e);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot read " + legacy + " written by jconvex's first storage engine: " + e.getMessage()
                            + ". It is left as it was; move it away to start with an empty database",
                    e);
        }
    }

    private static long copy(Path dir, Path work, Durability durability, MvPersistence.Tuning tuning)
            throws SQLException {
        long count = 0;
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:"
                        + dir.toAbsolutePath().resolve("jconvex") + ";IFEXISTS=TRUE;DB_CLOSE_ON_EXIT=FALSE");
                MvPersistence target = MvPersistence.open(Optional.of(work), durability, tuning);
                Statement st = c.createStatement()) {
            long ts;
            try (ResultSet rs = st.executeQuery("SELECT LAST_TS FROM SYS_META WHERE ID = 1")) {
                ts = rs.next() ? rs.getLong(1) : 0;
            }
            Map<Integer, String> tables = new LinkedHashMap<>();
            try (ResultSet rs = st.executeQuery("SELECT NUM, NAME FROM SYS_TABLES ORDER BY NUM")) {
                while (rs.next()) {
                    tables.put(rs.getInt(1), rs.getString(2));
                }
            }
            for (var t : tables.entrySet()) {
                TableInfo table = new TableInfo(
                        t.getValue(),
                        t.getKey(),
                        List.of(IndexInfo.byId(), IndexInfo.byCreationTime()),
                        Optional.empty(),
                        0);
                target.createTable(table);
                List<DocumentWrite> batch = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT ID, CT, BODY FROM T" + t.getKey())) {
                    while (rs.next()) {
                        StoredDocument doc = new StoredDocument(
                                rs.getString(1), rs.getDouble(2), Documents.decodeBody(rs.getBytes(3)));
                        batch.add(new DocumentWrite(table, doc.id(), Optional.empty(), Optional.of(doc)));
                        count++;
                        if (batch.size() == BATCH) {
                            target.write(commit(++ts, batch, Map.of()));
                            batch.clear();
                        }
                    }
                }
                if (!batch.isEmpty()) {
                    target.write(commit(++ts, batch, Map.of()));
                }
            }
            Map<String, byte[]> records = new LinkedHashMap<>();
            try (ResultSet rs = st.executeQuery("SELECT K, OUTCOME FROM SYS_MUTATIONS")) {
                while (rs.next()) {
                    records.put(rs.getString(1), rs.getBytes(2));
                    if (records.size() == BATCH) {
                        target.write(commit(++ts, List.of(), records));
                        records = new LinkedHashMap<>();
                    }
                }
            }
            target.write(commit(++ts, List.of(), records));
        }
        return count;
    }

    private static Persistence.Commit commit(long ts, List<DocumentWrite> writes, Map<String, byte[]> records) {
        List<DocumentWrite> copy = List.copyOf(writes);
        return new Persistence.Commit(ts, copy, WriteSet.of(copy), Map.copyOf(records));
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> all = Files.walk(p)) {
            for (Path q : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
