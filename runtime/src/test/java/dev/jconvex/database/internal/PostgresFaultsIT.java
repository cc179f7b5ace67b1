package dev.jconvex.database.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jconvex.database.DatabaseConfig;
import dev.jconvex.database.DatabaseUnavailable;
import dev.jconvex.database.Patch;
import dev.jconvex.protocol.Timestamp;
import dev.jconvex.testkit.TestPostgres;
import dev.jconvex.values.ConvexValue;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Faults of a multi-node deployment on PostgreSQL (issue 11, item 4): a node killed with SIGKILL
 * under load loses no acknowledged write and the others keep serving; a database outage makes
 * nodes fail fast rather than hang, and they recover by themselves, catching up from the commit
 * log on what they missed. Skipped unless {@value TestPostgres#VARIABLE} names a server.
 */
class PostgresFaultsIT {

    private static Database open(String url) {
        return Database.open(
                DatabaseConfig.postgresql(url).build(), DurabilityChild.TABLES, InstantSource.system(), new Random());
    }

    @Test
    void sigkillOfOneNodeUnderLoad_losesNoAcknowledgedWrite_andTheOtherNodeKeepsServing() throws Exception {
        String url = TestPostgres.freshDeployment();
        try (Database survivor = open(url)) {
            // the surviving node writes too, all along
            AtomicBoolean running = new AtomicBoolean(true);
            Set<String> survivorAcks = ConcurrentHashMap.newKeySet();
            Thread load = Thread.ofPlatform().start(() -> {
                for (long seq = 0; running.get(); seq++) {
                    long s = seq;
                    survivor.mutate(tx -> tx.insert(
                            "acks", ConvexValue.obj(Map.of("t", ConvexValue.int64(100), "seq", ConvexValue.int64(s)))));
                    survivorAcks.add("100/" + s);
                }
            });
            Process child = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            DurabilityChild.class.getName(),
                            url)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            Set<String> acked = new HashSet<>();
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    String[] parts = line.split(" ");
                    if (parts.length == 4 && parts[0].equals("ACK")) {
                        acked.add(parts[1] + "/" + parts[2]);
                        if (acked.size() == 400) {
                            child.destroyForcibly(); // SIGKILL, mid-load: some commits are in flight
                            break;
                        }
                    }
                }
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(acked).hasSize(400);
            // the survivor keeps committing after the kill (a lock the dead node held is released)
            int before = survivorAcks.size();
            await().atMost(Duration.ofSeconds(20)).until(() -> survivorAcks.size() >= before + 50);
            running.set(false);
            load.join(20_000);

            Set<String> stored = new HashSet<>();
            try (ReadTransaction r = survivor.beginRead()) {
                List<ConvexValue.Obj> all = r.query("acks").collect();
                for (ConvexValue.Obj doc : all) {
                    stored.add(doc.get("t") + "/" + doc.get("seq"));
                }
                assertThat(r.query("acks").withIndex("by_t_seq").collect()).hasSameSizeAs(all);
                assertThat(r.query("counters").withIndex("by_v").collect())
                        .containsExactlyInAnyOrderElementsOf(r.query("counters").collect());
            }
            assertThat(stored).containsAll(acked).containsAll(survivorAcks);
        }
    }

    /**
     * The database refuses connections for a while (every session of it terminated, new ones
     * refused, as during a restart): a mutation fails within the pool's 5 s instead of hanging;
     * once the database is back, both nodes serve again, and a commit made while node B's listener
     * was still reconnecting reaches B's listeners from the commit log.
     */
    @Test
    void aDatabaseOutage_failsFast_thenNodesRecoverByThemselves_andCatchUpFromTheLog() {
        String url = TestPostgres.freshDatabase();
        String admin = TestPostgres.requireUrl();
        String name = TestPostgres.databaseName(url);
        try (Database a = open(url);
                Database b = open(url)) {
            String id = a.mutate(tx -> tx.insert("counters", ConvexValue.obj(Map.of("v", ConvexValue.int64(0)))))
                    .value();
            List<Timestamp> heardOnB = new CopyOnWriteArrayList<>();
            b.addCommitListener((ts, writes) -> heardOnB.add(ts));

            TestPostgres.execute(admin, "ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
            TestPostgres.execute(
                    admin, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
            long start = System.nanoTime();
            assertThatThrownBy(() -> a.mutate(tx -> {
                        tx.patch(id, Patch.of(Map.of("v", ConvexValue.int64(1))));
                        return null;
                    }))
                    .hasMessageContaining("PostgreSQL");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));

            TestPostgres.execute(admin, "ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
            Timestamp written = await().atMost(Duration.ofSeconds(20))
                    .ignoreExceptions()
                    .until(
                            () -> a.mutate(tx -> {
                                        tx.patch(id, Patch.of(Map.of("v", ConvexValue.int64(2))));
                                        return null;
                                    })
                                    .ts(),
                            ts -> ts != null);
            await().atMost(Duration.ofSeconds(20)).until(() -> heardOnB.contains(written));
            try (ReadTransaction r = b.beginRead()) {
                assertThat(r.get(id).orElseThrow().get("v")).isEqualTo(ConvexValue.int64(2));
            }
            List<Timestamp> inOrder = new ArrayList<>(heardOnB);
            assertThat(inOrder).isSorted();
        } finally {
            TestPostgres.execute(admin, "ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
        }
    }

    /**
     * The health probe ({@link Database#checkAvailable}, behind {@code GET /health}): unavailable,
     * naming PostgreSQL, while the database refuses connections; available again once it accepts
     * them.
     */
    @Test
    void checkAvailable_failsWhileTheDatabaseRefusesConnections_andRecovers() {
        String url = TestPostgres.freshDatabase();
        String admin = TestPostgres.requireUrl();
        String name = TestPostgres.databaseName(url);
        try (Database db = open(url)) {
            db.checkAvailable();
            TestPostgres.execute(admin, "ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
            TestPostgres.execute(
                    admin, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
            assertThatThrownBy(db::checkAvailable)
                    .isInstanceOf(DatabaseUnavailable.class)
                    .hasMessageContaining("PostgreSQL");

            TestPostgres.execute(admin, "ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(db::checkAvailable);
        } finally {
            TestPostgres.execute(admin, "ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
        }
    }
}
