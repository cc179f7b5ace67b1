package dev.jconvex.database.internal;

import static dev.jconvex.database.internal.Values.i;
import static dev.jconvex.database.internal.Values.obj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jconvex.database.DatabaseConfig;
import dev.jconvex.protocol.Timestamp;
import dev.jconvex.schema.TableDefinition;
import dev.jconvex.values.ConvexValue;
import dev.jconvex.values.DocumentId;
import dev.jconvex.values.KeyEncoding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.InstantSource;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data directory of the first engine (H2's SQL layer) opens with all its data, migrated. */
class LegacyH2ImportTest {

    @TempDir
    Path dir;

    static final long LEGACY_LAST_TS = 1_900_000_000_000_000_000L;

    /** Writes a data directory exactly as the first engine laid it out. */
    private List<String> writeLegacyDirectory(int documents) throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        Random random = new Random(9);
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("jconvex"));
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE SYS_TABLES(NUM INT PRIMARY KEY, NAME VARCHAR NOT NULL UNIQUE)");
            st.execute("CREATE TABLE SYS_META(ID INT PRIMARY KEY, LAST_TS BIGINT NOT NULL)");
            st.execute("INSERT INTO SYS_META VALUES(1, " + LEGACY_LAST_TS + ")");
            st.execute(
                    "CREATE TABLE SYS_MUTATIONS(K VARCHAR PRIMARY KEY, OUTCOME VARBINARY NOT NULL, TS BIGINT NOT NULL)");
            st.execute("INSERT INTO SYS_MUTATIONS VALUES('session-1/7', X'0102', 5)");
            st.execute("INSERT INTO SYS_TABLES VALUES(10001, 'items')");
            st.execute("CREATE TABLE T10001(ID VARCHAR NOT NULL, CT DOUBLE PRECISION NOT NULL, BODY VARBINARY NOT NULL,"
                    + " K_BY_ID VARBINARY NOT NULL, K_BY_CREATION_TIME VARBINARY NOT NULL)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO T10001 VALUES(?, ?, ?, ?, ?)")) {
                for (int n = 0; n < documents; n++) {
                    String id = DocumentId.generate(10_001, random, 20_000).encode();
                    ids.add(id);
                    double ct = 1.7e12 + n;
                    ps.setString(1, id);
                    ps.setDouble(2, ct);
                    ps.setBytes(3, Documents.encodeBody(obj("x", i(documents - n), "name", "doc" + n)));
                    ps.setBytes(4, KeyEncoding.encodeTuple(List.of(ConvexValue.str(id))));
                    ps.setBytes(5, KeyEncoding.encodeTuple(List.of(ConvexValue.float64(ct), ConvexValue.str(id))));
                    ps.executeUpdate();
                }
            }
        }
        return ids;
    }

    @Test
    void aFirstEngineDirectory_isMigratedOnOpen_withEveryDocumentIdAndIndex() throws Exception {
        List<String> ids = writeLegacyDirectory(2_500);
        List<TableDefinition> schema =
                List.of(TableDefinition.defineAny("items").index("by_x", "x"));
        for (int open = 0; open < 2; open++) { // the second open finds the migrated store and keeps it
            try (Database db = Database.open(
                    DatabaseConfig.dataDirectory(dir).build(), schema, InstantSource.system(), new Random(1))) {
                try (ReadTransaction r = db.beginRead()) {
                    assertThat(r.query("items").collect()).hasSize(2_500);
                    assertThat(r.get(ids.get(7)).orElseThrow().get("name")).isEqualTo(ConvexValue.str("doc7"));
                    assertThat(r.get(ids.get(7)).orElseThrow().get("_creationTime"))
                            .isEqualTo(ConvexValue.float64(1.7e12 + 7));
                    assertThat(r.query("items")
                                    .withIndex("by_x", q -> q.lte("x", i(3)))
                                    .collect())
                            .extracting(d -> d.get("name"))
                            .containsExactly(
                                    ConvexValue.str("doc2499"), ConvexValue.str("doc2498"), ConvexValue.str("doc2497"));
                }
                assertThat(db.findMutation("session-1/7"))
                        .hasValueSatisfying(r -> assertThat(r.outcome()).containsExactly(1, 2));
                assertThat(db.tableNumber("items")).contains(10_001);
                Timestamp next =
                        db.mutate(tx -> tx.insert("later", obj("x", i(0)))).ts();
                assertThat(next.nanos()).isGreaterThan(LEGACY_LAST_TS);
            }
        }
        assertThat(dir.resolve("jconvex.mv.db")).doesNotExist();
        assertThat(dir.resolve("jconvex.mv.db.migrated")).exists();
        assertThat(Files.exists(dir.resolve(".migrating"))).isFalse();
    }
}
