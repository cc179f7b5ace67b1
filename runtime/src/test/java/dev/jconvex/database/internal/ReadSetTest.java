package dev.jconvex.database.internal;

import static dev.jconvex.database.internal.Values.i;
import static dev.jconvex.database.internal.Values.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jconvex.database.Patch;
import dev.jconvex.protocol.Timestamp;
import dev.jconvex.schema.TableDefinition;
import dev.jconvex.testkit.TestEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Read sets and commit listeners: what live queries use to re-run only touched subscriptions. */
class ReadSetTest {

    /** The engine this class runs on; {@code ReadSetPostgresTest} runs it on PostgreSQL. */
    TestEngine engine() {
        return TestEngine.EMBEDDED;
    }

    @TempDir
    Path dir;

    record Commit(Timestamp ts, WriteSet writes) {}

    @Test
    void commitListener_seesEachCommitInOrder_andOverlapsOnlyWhatAQueryRead() {
        TestClock clock = new TestClock();
        try (Database db = Database.open(
                engine().config(dir).build(),
                List.of(TableDefinition.defineAny("items").index("by_x", "x")),
                clock,
                new Random(5))) {
            List<Commit> commits = new CopyOnWriteArrayList<>();
            db.addCommitListener((ts, writes) -> commits.add(new Commit(ts, writes)));
            String one = db.mutate(tx -> tx.insert("items", obj("x", i(1)))).value();
            ReadSet reads;
            try (ReadTransaction r = db.beginRead()) {
                assertThat(r.query("items")
                                .withIndex("by_x", q -> q.eq("x", i(1)))
                                .collect())
                        .hasSize(1);
                reads = r.readSet();
            }
            db.mutate(tx -> tx.insert("items", obj("x", i(2))));
            db.mutate(tx -> tx.insert("other", obj("x", i(1))));
            db.mutate(tx -> {
                tx.patch(one, Patch.of(Map.of("x", i(3)))); // moves out of the range: old key overlaps
                return null;
            });
            db.mutate(tx -> tx.insert("items", obj("x", i(1))));
            await().atMost(Duration.ofSeconds(10)).until(() -> commits.size() == 5);
            assertThat(commits).extracting(Commit::ts).isSorted().doesNotHaveDuplicates();
            assertThat(commits.get(4).ts()).isEqualTo(db.latestTimestamp());
            assertThat(commits)
                    .extracting(c -> reads.overlaps(c.writes()))
                    .containsExactly(true, false, false, true, true);
        }
    }

    @Test
    void takeOne_readsOnlyUpToTheFirstHit() {
        try (Database db = Database.open(
                engine().config(dir).build(),
                List.of(TableDefinition.defineAny("items").index("by_x", "x")),
                new TestClock(),
                new Random(5))) {
            db.mutate(tx -> List.of(tx.insert("items", obj("x", i(1))), tx.insert("items", obj("x", i(5)))));
            ReadSet reads;
            try (ReadTransaction r = db.beginRead()) {
                assertThat(r.query("items").withIndex("by_x").first()).isPresent();
                reads = r.readSet();
            }
            List<WriteSet> writes = new CopyOnWriteArrayList<>();
            db.addCommitListener((ts, w) -> writes.add(w));
            db.mutate(tx -> tx.insert("items", obj("x", i(7))));
            db.mutate(tx -> tx.insert("items", obj("x", i(0))));
            await().atMost(Duration.ofSeconds(10)).until(() -> writes.size() == 2);
            assertThat(reads.overlaps(writes.get(0))).isFalse();
            assertThat(reads.overlaps(writes.get(1))).isTrue();
        }
    }

    @Test
    void addingAnIndexToTheSchema_buildsItForExistingDocuments() {
        TestClock clock = new TestClock();
        try (Database db = Database.open(engine().config(dir).build(), List.of(), clock, new Random(5))) {
            db.mutate(tx -> List.of(tx.insert("items", obj("x", i(2))), tx.insert("items", obj("x", i(1)))));
        }
        try (Database db = Database.open(
                engine().config(dir).build(),
                List.of(TableDefinition.defineAny("items").index("by_x", "x")),
                clock,
                new Random(6))) {
            try (ReadTransaction r = db.beginRead()) {
                assertThat(r.query("items").withIndex("by_x").collect())
                        .extracting(d -> d.get("x"))
                        .containsExactly(i(1), i(2));
            }
        }
    }
}
