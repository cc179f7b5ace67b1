package dev.jconvex.database.internal;

import static dev.jconvex.database.internal.CtxDbTest.assertError;
import static dev.jconvex.database.internal.Values.f;
import static dev.jconvex.database.internal.Values.obj;
import static dev.jconvex.database.internal.Values.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jconvex.database.DatabaseReader;
import dev.jconvex.database.DocumentView;
import dev.jconvex.database.Order;
import dev.jconvex.database.Patch;
import dev.jconvex.database.TransactionLimits;
import dev.jconvex.errors.ErrorCode;
import dev.jconvex.schema.DerivedIndexDefinition;
import dev.jconvex.schema.TableDefinition;
import dev.jconvex.testkit.TestEngine;
import dev.jconvex.values.ConvexValue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Derived indexes ({@link DerivedIndexDefinition}) and {@link DatabaseReader#scanIndex}: key order
 * from the Java function, creation order on ties, maintenance on every write, invisibility to
 * {@code withIndex}, rebuild on a new version, read limits, and read sets that cover exactly what a
 * stopped scan visited.
 */
class DerivedIndexTest {

    /** The engine this class runs on; {@code DerivedIndexPostgresTest} runs it on PostgreSQL. */
    TestEngine engine() {
        return TestEngine.EMBEDDED;
    }

    @TempDir
    Path dir;

    final TestClock clock = new TestClock();

    /** Groups by "g", then orders case-insensitively by "name": "B" and "b" tie. */
    static final DerivedIndexDefinition BY_LOWER_NAME = new DerivedIndexDefinition(
            "_by_group_lower_name",
            "1",
            body -> Arrays.asList(body.fields().get("g"), lower(body.fields().get("name"))));

    static ConvexValue lower(ConvexValue name) {
        return name instanceof ConvexValue.Str s ? str(s.value().toLowerCase(Locale.ROOT)) : null;
    }

    static TableDefinition items(DerivedIndexDefinition derived) {
        return TableDefinition.defineAny("items").index("by_g", "g").derivedIndex(derived);
    }

    Database open(TableDefinition table) {
        return Database.open(engine().config(dir).build(), List.of(table), clock, new Random(3));
    }

    String insert(Database db, String g, String name) {
        clock.advanceMillis(1);
        return db.mutate(tx -> tx.insert("items", obj("g", g, "name", name))).value();
    }

    static List<String> names(DatabaseReader r, String index, List<ConvexValue> prefix, Order order) {
        List<String> out = new ArrayList<>();
        r.scanIndex("items", index, prefix, order, d -> {
            out.add(((ConvexValue.Str) d.field("name")).value());
            return true;
        });
        return out;
    }

    static List<String> scanNames(Database db, String index, List<ConvexValue> prefix, Order order) {
        try (ReadTransaction r = db.beginRead()) {
            return names(r, index, prefix, order);
        }
    }

    static <T> T read(Database db, Function<ReadTransaction, T> body) {
        try (ReadTransaction r = db.beginRead()) {
            return body.apply(r);
        }
    }

    @Test
    void scanIndex_readsDerivedKeyOrder_tiesInCreationOrder_bothDirections() {
        try (Database db = open(items(BY_LOWER_NAME))) {
            for (String name : List.of("c", "B", "a", "b", "A")) {
                insert(db, "g1", name);
            }
            insert(db, "g2", "a");
            List<ConvexValue> g1 = List.of(str("g1"));
            assertThat(scanNames(db, "_by_group_lower_name", g1, Order.ASC)).containsExactly("a", "A", "B", "b", "c");
            // a descending scan is the exact reverse, ties included
            assertThat(scanNames(db, "_by_group_lower_name", g1, Order.DESC)).containsExactly("c", "b", "B", "A", "a");
            assertThat(scanNames(db, "_by_group_lower_name", List.of(), Order.ASC))
                    .containsExactly("a", "A", "B", "b", "c", "a");
            // user indexes too: by_g is creation order within g1
            assertThat(scanNames(db, "by_g", g1, Order.ASC)).containsExactly("c", "B", "a", "b", "A");
        }
    }

    @Test
    void derivedIndex_followsPatchesDeletesAndPendingWritesOfTheSameMutation() {
        try (Database db = open(items(BY_LOWER_NAME))) {
            String c = insert(db, "g1", "c");
            String a = insert(db, "g1", "a");
            List<String> seen = db.mutate(tx -> {
                        tx.patch(c, Patch.of(Map.of("name", str("0"))));
                        tx.delete(a);
                        tx.insert("items", obj("g", "g1", "name", "b"));
                        return names(tx, "_by_group_lower_name", List.of(str("g1")), Order.ASC);
                    })
                    .value();
            assertThat(seen).containsExactly("0", "b");
            assertThat(scanNames(db, "_by_group_lower_name", List.of(str("g1")), Order.ASC))
                    .containsExactly("0", "b");
        }
    }

    @Test
    void withIndex_doesNotSeeADerivedIndex() {
        try (Database db = open(items(BY_LOWER_NAME))) {
            insert(db, "g1", "a");
            assertError(
                    () -> read(
                            db,
                            r -> r.query("items")
                                    .withIndex("_by_group_lower_name")
                                    .collect()),
                    ErrorCode.IndexNotFoundError,
                    "Index items._by_group_lower_name not found.");
            assertError(
                    () -> read(db, r -> {
                        r.scanIndex("items", "by_nothing", List.of(), Order.ASC, d -> true);
                        return null;
                    }),
                    ErrorCode.IndexNotFoundError,
                    "Index items.by_nothing not found.");
        }
    }

    @Test
    void newVersion_rebuildsTheIndexWhenTheDatabaseOpens() {
        try (Database db = open(items(BY_LOWER_NAME))) {
            insert(db, "g1", "ab");
            insert(db, "g1", "ca");
            insert(db, "g1", "ba");
            assertThat(scanNames(db, "_by_group_lower_name", List.of(str("g1")), Order.ASC))
                    .containsExactly("ab", "ba", "ca");
        }
        // the same name, a new function: orders by the reversed name ("ab" -> "ba")
        DerivedIndexDefinition reversed = new DerivedIndexDefinition(
                "_by_group_lower_name",
                "2",
                body -> Arrays.asList(
                        body.fields().get("g"),
                        str(new StringBuilder(((ConvexValue.Str) body.fields().get("name")).value())
                                .reverse()
                                .toString())));
        try (Database db = open(items(reversed))) {
            assertThat(scanNames(db, "_by_group_lower_name", List.of(str("g1")), Order.ASC))
                    .containsExactly("ba", "ca", "ab");
            if (db.storage() instanceof MvPersistence mv) { // PostgreSQL keeps old entries (docs/postgres.md)
                List<String> columns = mv.storedIndexes(10_001).stream()
                        .filter(c -> c.startsWith("D"))
                        .toList();
                assertThat(columns).containsExactly(IndexInfo.derived(reversed).column());
            }
            assertThat(IndexInfo.derived(reversed).column())
                    .isNotEqualTo(IndexInfo.derived(BY_LOWER_NAME).column());
        }
    }

    @Test
    void everyVisitedDocumentCountsTowardTheReadLimit() {
        TransactionLimits small = new TransactionLimits(3, 1 << 20, 4096, 100, 1 << 20, 1 << 20);
        try (Database db = Database.open(
                engine().config(dir).limits(small).build(), List.of(items(BY_LOWER_NAME)), clock, new Random(3))) {
            for (String name : List.of("a", "b", "c", "d")) {
                insert(db, "g1", name);
            }
            List<String> three = new ArrayList<>();
            read(db, r -> {
                r.scanIndex("items", "_by_group_lower_name", List.of(str("g1")), Order.ASC, d -> {
                    three.add(d.id());
                    return three.size() < 3;
                });
                return null;
            });
            assertThat(three).hasSize(3);
            assertError(
                    () -> scanNames(db, "_by_group_lower_name", List.of(str("g1")), Order.ASC),
                    ErrorCode.TooManyDocumentsRead,
                    "Too many documents read in a single function execution (limit: 3). " + Errors.LIMIT_HELP);
        }
    }

    @Test
    void aStoppedScan_dependsOnlyOnWhatItVisited() {
        try (Database db = open(items(BY_LOWER_NAME))) {
            for (String name : List.of("a", "c", "e", "g")) {
                insert(db, "g1", name);
            }
            List<WriteSet> commits = new CopyOnWriteArrayList<>();
            db.addCommitListener((ts, w) -> commits.add(w));
            // ascending, stops on "c": reads ["g1"] .. through c
            ReadSet asc = readSet(db, Order.ASC, d -> !d.field("name").equals(str("c")));
            // descending, stops on "e": reads from e to the end of g1
            ReadSet desc = readSet(db, Order.DESC, d -> !d.field("name").equals(str("e")));

            insert(db, "g1", "b"); // 0: inside asc only
            insert(db, "g1", "f"); // 1: inside desc only
            insert(db, "g1", "d"); // 2: between the two stops: neither
            insert(db, "g2", "a"); // 3: another group: neither
            insert(db, "g1", "C"); // 4: ties with c but is newer: after the asc stop, so not asc
            String e2 = insert(db, "g1", "E"); // 5: ties with e, newer, so before e descending: desc
            db.mutate(tx -> {
                tx.patch(e2, Patch.of(Map.of("other", f(1)))); // 6: same key, still inside desc
                return null;
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> commits.size() == 7);
            assertThat(commits)
                    .extracting(asc::overlaps)
                    .containsExactly(true, false, false, false, false, false, false);
            assertThat(commits)
                    .extracting(desc::overlaps)
                    .containsExactly(false, true, false, false, false, true, true);
        }
    }

    @Test
    void aScanThatReachesTheEnd_dependsOnTheWholeRange() {
        try (Database db = open(items(BY_LOWER_NAME))) {
            insert(db, "g1", "m");
            List<WriteSet> commits = new CopyOnWriteArrayList<>();
            db.addCommitListener((ts, w) -> commits.add(w));
            ReadSet all = readSet(db, Order.ASC, d -> true);
            insert(db, "g1", "z");
            insert(db, "g0", "z");
            await().atMost(Duration.ofSeconds(10)).until(() -> commits.size() == 2);
            assertThat(commits).extracting(all::overlaps).containsExactly(true, false);
        }
    }

    private static ReadSet readSet(Database db, Order order, Predicate<DocumentView> visitor) {
        try (ReadTransaction r = db.beginRead()) {
            r.scanIndex("items", "_by_group_lower_name", List.of(str("g1")), order, visitor);
            return r.readSet();
        }
    }
}
