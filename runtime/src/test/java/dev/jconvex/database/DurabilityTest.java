package dev.jconvex.database;

import static org.assertj.core.api.Assertions.assertThat;

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
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        DurabilityChild.class.getName(),
                        dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Set<String> acked = new HashSet<>();
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
                lastAckedTs = Math.max(lastAckedTs, Long.parseLong(parts[3]));
                if (acked.size() == 600) {
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
        assertThat(acked).hasSizeGreaterThanOrEqualTo(600);

        try (Database db = Database.open(
                DatabaseConfig.dataDirectory(dir).build(), List.of(), InstantSource.system(), new Random(1))) {
            Set<String> stored = new HashSet<>();
            try (ReadTransaction r = db.beginRead()) {
                for (ConvexValue.Obj doc : r.query("acks").collect()) {
                    stored.add(doc.get("t") + "/" + doc.get("seq"));
                }
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
