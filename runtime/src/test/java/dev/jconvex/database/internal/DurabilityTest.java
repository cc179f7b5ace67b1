package dev.jconvex.database.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jconvex.database.DatabaseConfig;
import dev.jconvex.protocol.Timestamp;
import dev.jconvex.values.ConvexValue;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An acknowledged mutation survives SIGKILL; timestamps keep increasing across restarts. */
class DurabilityTest {

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedMutation_survivesSigkill_andTimestampsIncreaseAfterReopen() throws Exception {
        killWhileAcknowledging(List.of(), 600);
    }

    @Test
    void everyAcknowledgedMutation_survivesSigkill_whileCheckpointsRotateTheLog_andIndexesStayExact() throws Exception {
        // a checkpoint every 5 ms: the kill lands during log rotations, map stores and compactions
        killWhileAcknowledging(List.of("5"), 4_000);
        killWhileAcknowledging(List.of("5"), 2_000); // and again on the recovered directory
    }

    /** Runs the child until it acknowledged {@code acks} mutations, SIGKILLs it, reopens and checks. */
    private void killWhileAcknowledging(List<String> childArgs, int acks) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                DurabilityChild.class.getName(),
                dir.toString()));
        command.addAll(childArgs);
        Process child = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Set<String> acked = new HashSet<>();
        java.util.Map<Long, Long> lastSeq = new java.util.HashMap<>();
        long lastAckedTs = 0;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                String[] parts = line.split(" ");
                if (parts.length != 4 || !parts[0].equals("ACK")) {
                    continue;
                }
                acked.add(parts[1] + "/" + parts[2]);
                lastSeq.merge(Long.parseLong(parts[1]), Long.parseLong(parts[2]), Math::max);
                lastAckedTs = Math.max(lastAckedTs, Long.parseLong(parts[3]));
                if (acked.size() == acks) {
                    // SIGKILL while the child is acknowledging; acks it printed but we did not read are
                    // simply not counted (destroying the process closes its pipes)
                    child.destroyForcibly();
                    break;
                }
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acked).hasSizeGreaterThanOrEqualTo(acks);

        try (Database db = Database.open(
                DatabaseConfig.dataDirectory(dir).build(),
                DurabilityChild.TABLES,
                InstantSource.system(),
                new Random(1))) {
            Set<String> stored = new HashSet<>();
            try (ReadTransaction r = db.beginRead()) {
                List<ConvexValue.Obj> all = r.query("acks").collect();
                for (ConvexValue.Obj doc : all) {
                    stored.add(doc.get("t") + "/" + doc.get("seq"));
                }
                // every index holds exactly the documents, with their current keys
                assertThat(r.query("acks").withIndex("by_t_seq").collect()).hasSameSizeAs(all);
                List<ConvexValue.Obj> counters = r.query("counters").collect();
                java.util.Map<Long, Long> maxV = new java.util.HashMap<>();
                assertThat(r.query("counters").withIndex("by_v").collect())
                        .containsExactlyInAnyOrderElementsOf(counters);
                for (ConvexValue.Obj counter : counters) {
                    assertThat(r.query("counters")
                                    .withIndex("by_v", q -> q.eq("v", counter.get("v")))
                                    .collect())
                            .contains(counter);
                    maxV.merge(
                            ((ConvexValue.Int64) counter.get("t")).value(),
                            ((ConvexValue.Int64) counter.get("v")).value(),
                            Math::max);
                }
                // each thread's counter moved at least as far as its last acknowledged mutation
                lastSeq.forEach((t, seq) -> assertThat(maxV.get(t)).isGreaterThanOrEqualTo(seq));
            }
            assertThat(stored).containsAll(acked);
            assertThat(db.latestTimestamp().nanos()).isGreaterThanOrEqualTo(lastAckedTs);
            Timestamp next = db.mutate(tx -> tx.insert("acks", ConvexValue.obj(java.util.Map.of())))
                    .ts();
            assertThat(next.nanos()).isGreaterThan(lastAckedTs);
        }
    }

    @Test
    void commitTimestamps_increaseAcrossReopen_evenIfTheClockGoesBack() {
        TestClock clock = new TestClock();
        Timestamp first;
        try (Database db = Database.open(DatabaseConfig.dataDirectory(dir).build(), List.of(), clock, new Random(1))) {
            clock.advanceMillis(10_000);
            first = db.mutate(tx -> tx.insert("t", ConvexValue.obj(java.util.Map.of())))
                    .ts();
        }
        TestClock earlier = new TestClock(); // 10 s behind the first run
        try (Database db =
                Database.open(DatabaseConfig.dataDirectory(dir).build(), List.of(), earlier, new Random(2))) {
            assertThat(db.latestTimestamp()).isEqualTo(first);
            Timestamp second = db.mutate(tx -> tx.insert("t", ConvexValue.obj(java.util.Map.of())))
                    .ts();
            assertThat(second).isGreaterThan(first);
        }
    }
}
