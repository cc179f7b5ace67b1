package dev.jconvex.database.internal;

import static dev.jconvex.database.internal.Values.i;
import static dev.jconvex.database.internal.Values.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jconvex.database.DatabaseConfig;
import dev.jconvex.database.Patch;
import dev.jconvex.schema.TableDefinition;
import dev.jconvex.testkit.TestPostgres;
import dev.jconvex.values.ConvexValue;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL engine keeps superseded versions and the commit log only for the retention window
 * (here 500 ms, trimmed every 100 ms), and what it trims can no longer be needed: old snapshots
 * refuse to read, and a commit whose snapshot predates the kept log retries.
 */
class PgTrimTest {

    private static final List<TableDefinition> TABLES =
            List.of(TableDefinition.defineAny("counters").index("by_n", "n"));

    private String url;

    @BeforeEach
    void deployment() {
        url = TestPostgres.freshDeployment();
    }

    private Database open() {
        return Database.open(
                DatabaseConfig.postgresql(url)
                        .versionRetention(Duration.ofMillis(500))
                        .build(),
                TABLES,
                InstantSource.system(),
                new Random(1));
    }

    private long count(String sql) throws SQLException {
        try (Connection c = TestPostgres.connect(url);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void supersededVersionsAndOldLogRows_areTrimmed_andReadsStayExact() throws Exception {
        try (Database db = open()) {
            String id = db.mutate(tx -> tx.insert("counters", obj("n", i(0)))).value();
            for (int k = 1; k <= 50; k++) {
                long n = k;
                db.mutate(tx -> {
                    tx.patch(id, Patch.of(Map.of("n", i(n))));
                    return null;
                });
            }
            assertThat(count("SELECT count(*) FROM jconvex_documents")).isEqualTo(51);
            // the last commit and the one before it stay: a snapshot starts from the last one
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> count("SELECT count(*) FROM jconvex_documents") <= 2
                            && count("SELECT count(*) FROM jconvex_commits") == 1);
            assertThat(count("SELECT count(*) FROM jconvex_index_entries WHERE index_column <> 'K_BY_ID'"
                            + " AND index_column <> 'K_BY_CREATION_TIME'"))
                    .isLessThanOrEqualTo(3);
            try (ReadTransaction r = db.beginRead()) {
                assertThat(r.get(id).orElseThrow().get("n")).isEqualTo(i(50));
                assertThat(r.query("counters").withIndex("by_n").collect()).hasSize(1);
                assertThat(r.query("counters")
                                .withIndex("by_n", q -> q.eq("n", i(49)))
                                .collect())
                        .isEmpty();
            }
        }
    }

    @Test
    void aTransactionOpenForHalfTheRetention_refusesToRead() {
        try (Database db = open();
                ReadTransaction r = db.beginRead()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                try {
                    r.query("counters").collect();
                    return false;
                } catch (IllegalStateException e) {
                    return e.getMessage().contains("version retention");
                }
            });
        }
    }

    @Test
    void aCommitWhoseSnapshotPredatesTheTrimmedLog_retriesAndCommits() {
        try (Database db = open()) {
            String id = db.mutate(tx -> tx.insert("counters", obj("n", i(0)))).value();
            AtomicInteger attempts = new AtomicInteger();
            Committed<String> done = db.mutate(tx -> {
                tx.get(id).orElseThrow();
                String inserted = tx.insert("counters", obj("n", i(1)));
                if (attempts.incrementAndGet() == 1) {
                    // meanwhile other commits come and the log is trimmed past this snapshot
                    long after = db.mutate(other -> other.insert("others", ConvexValue.obj(Map.of())))
                            .ts()
                            .nanos();
                    await().atMost(Duration.ofSeconds(10)).until(() -> {
                        db.mutate(other -> other.insert("others", ConvexValue.obj(Map.of())));
                        return count("SELECT count(*) FROM jconvex_commits WHERE ts <= " + after) == 0;
                    });
                }
                return inserted;
            });
            assertThat(attempts).hasValue(2);
            try (ReadTransaction r = db.beginRead()) {
                assertThat(r.get(done.value())).isPresent();
            }
        }
    }

    @Test
    void aRetentionBelow100ms_isRejected() {
        assertThatThrownBy(() -> DatabaseConfig.postgresql(url)
                        .versionRetention(Duration.ofMillis(10))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("versionRetention");
    }
}
