package dev.jconvex.database.internal;

import static dev.jconvex.database.internal.CtxDbTest.assertError;
import static dev.jconvex.database.internal.Values.f;
import static dev.jconvex.database.internal.Values.i;
import static dev.jconvex.database.internal.Values.obj;
import static dev.jconvex.database.internal.Values.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jconvex.database.IndexRange;
import dev.jconvex.database.Order;
import dev.jconvex.database.PaginationOptions;
import dev.jconvex.database.PaginationResult;
import dev.jconvex.database.QueryInitializer;
import dev.jconvex.database.TransactionLimits;
import dev.jconvex.errors.ErrorCode;
import dev.jconvex.schema.TableDefinition;
import dev.jconvex.testkit.TestEngine;
import dev.jconvex.values.ConvexValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code withIndex} ranges, order, filters and pagination (spec values-and-validation §6). */
class IndexQueryTest {

    /** The engine this class runs on; {@code IndexQueryPostgresTest} runs it on PostgreSQL. */
    TestEngine engine() {
        return TestEngine.EMBEDDED;
    }

    @TempDir
    Path dir;

    final TestClock clock = new TestClock();
    Database db;

    @BeforeEach
    void open() {
        db = Database.open(
                engine().config(dir).build(),
                List.of(TableDefinition.defineAny("items").index("by_x_y", "x", "y")),
                clock,
                new Random(7));
    }

    @AfterEach
    void close() {
        if (db != null) { // null when the engine is unavailable and the test was skipped
            db.close();
        }
    }

    private String insert(ConvexValue.Obj doc) {
        clock.advanceMillis(1);
        return db.mutate(tx -> tx.insert("items", doc)).value();
    }

    private <T> T read(Function<ReadTransaction, T> body) {
        try (ReadTransaction r = db.beginRead()) {
            return body.apply(r);
        }
    }

    private static List<ConvexValue> field(List<ConvexValue.Obj> docs, String name) {
        List<ConvexValue> out = new ArrayList<>();
        for (ConvexValue.Obj d : docs) {
            out.add(d.get(name));
        }
        return out;
    }

    private void seed() {
        insert(obj("x", i(1), "y", i(3), "n", "a"));
        insert(obj("x", i(1), "y", i(1), "n", "b"));
        insert(obj("x", i(2), "y", i(2), "n", "c"));
        insert(obj("x", i(1), "y", i(2), "n", "d"));
        insert(obj("x", f(1.0), "y", i(0), "n", "e")); // float64 sorts after all int64
        insert(obj("y", i(9), "n", "f")); // missing x = undefined sorts first
    }

    @Test
    void eqPrefix_thenRange_isAscendingByIndexKey() {
        seed();
        List<ConvexValue.Obj> docs = read(r -> r.query("items")
                .withIndex("by_x_y", q -> q.eq("x", i(1)).gte("y", i(2)))
                .collect());
        assertThat(field(docs, "n")).containsExactly(str("d"), str("a"));
    }

    @Test
    void eqCallOrder_doesNotMatter_andDescReverses() {
        seed();
        List<ConvexValue.Obj> docs = read(r -> r.query("items")
                .withIndex("by_x_y", q -> q.eq("y", i(2)).eq("x", i(1)))
                .collect());
        assertThat(field(docs, "n")).containsExactly(str("d"));
        List<ConvexValue.Obj> desc = read(r -> r.query("items")
                .withIndex("by_x_y", q -> q.eq("x", i(1)))
                .order(Order.DESC)
                .collect());
        assertThat(field(desc, "n")).containsExactly(str("a"), str("d"), str("b"));
    }

    @Test
    void oneBound_andUndefinedAndCrossTypeOrder() {
        seed();
        assertThat(field(
                        read(r -> r.query("items")
                                .withIndex("by_x_y", q -> q.lt("x", i(2)))
                                .collect()),
                        "n"))
                .containsExactly(str("f"), str("b"), str("d"), str("a"));
        assertThat(field(
                        read(r -> r.query("items")
                                .withIndex("by_x_y", q -> q.gt("x", i(1)))
                                .collect()),
                        "n"))
                .containsExactly(str("c"), str("e"));
        assertThat(field(
                        read(r -> r.query("items")
                                .withIndex("by_x_y", q -> q.eq("x", null))
                                .collect()),
                        "n"))
                .containsExactly(str("f"));
        assertThat(field(read(r -> r.query("items").withIndex("by_x_y").collect()), "n"))
                .containsExactly(str("f"), str("b"), str("d"), str("a"), str("c"), str("e"));
    }

    @Test
    void eqAndBounds_compareWholeValues_notBytePrefixes() {
        // the key of "a\u0000" starts with the bytes of "a" (a NUL is escaped as 00 FF after it)
        insert(obj("x", "a", "n", "a"));
        insert(obj("x", "a\u0000", "n", "a-nul"));
        insert(obj("x", "a\u0000b", "n", "a-nul-b"));
        insert(obj("x", "ab", "n", "ab"));
        insert(obj("x", ConvexValue.obj(java.util.Map.of()), "n", "{}"));
        insert(obj("x", ConvexValue.obj(java.util.Map.of("", i(1))), "n", "{'':1}"));
        Function<java.util.function.UnaryOperator<IndexRange>, List<ConvexValue>> names = range ->
                field(read(r -> r.query("items").withIndex("by_x_y", range).collect()), "n");
        assertThat(names.apply(q -> q.eq("x", str("a")))).containsExactly(str("a"));
        assertThat(names.apply(q -> q.eq("x", str("a\u0000")))).containsExactly(str("a-nul"));
        assertThat(names.apply(q -> q.gt("x", str("a")).lt("x", str("ab"))))
                .containsExactly(str("a-nul"), str("a-nul-b"));
        assertThat(names.apply(q -> q.gte("x", str("a")).lte("x", str("a\u0000"))))
                .containsExactly(str("a"), str("a-nul"));
        assertThat(names.apply(q -> q.eq("x", ConvexValue.obj(java.util.Map.of()))))
                .containsExactly(str("{}"));
        assertThat(names.apply(q -> q.gt("x", ConvexValue.obj(java.util.Map.of()))))
                .containsExactly(str("{'':1}"));
    }

    @Test
    void ties_areOrderedByCreationTimeThenId() {
        List<String> ids = new ArrayList<>();
        for (int n = 0; n < 5; n++) {
            ids.add(insert(obj("x", i(7), "y", i(7))));
        }
        // same transaction: creation times differ by nextUp
        ids.addAll(db.mutate(tx -> List.of(
                        tx.insert("items", obj("x", i(7), "y", i(7))), tx.insert("items", obj("x", i(7), "y", i(7)))))
                .value());
        List<ConvexValue.Obj> docs = read(r -> r.query("items")
                .withIndex("by_x_y", q -> q.eq("x", i(7)).eq("y", i(7)))
                .collect());
        assertThat(field(docs, "_id"))
                .containsExactlyElementsOf(ids.stream().map(Values::str).toList());
        List<ConvexValue.Obj> byTime =
                read(r -> r.query("items").order(Order.DESC).collect());
        assertThat(field(byTime, "_id"))
                .containsExactlyElementsOf(
                        ids.reversed().stream().map(Values::str).toList());
    }

    @Test
    void rangeErrors_haveConvexTexts() {
        seed();
        assertError(
                () -> read(r -> r.query("items")
                        .withIndex("by_x_y", q -> q.eq("y", i(1)))
                        .collect()),
                ErrorCode.InvalidIndexRange,
                "Tried to query index items.by_x_y but the query didn't use the index fields in order.\n"
                        + "Index fields: [\"x\", \"y\", \"_creationTime\"]\nQuery fields: [\"y\"]\n"
                        + "First incorrect field: \"y\"\nFor more information see https://docs.convex.dev/using/indexes.");
        assertError(
                () -> read(r -> r.query("items")
                        .withIndex("by_x_y", q -> q.eq("z", i(1)))
                        .collect()),
                ErrorCode.FieldNotInIndex,
                "The index range included a comparison with \"z\", but items.by_x_y with fields [\"x\", \"y\","
                        + " \"_creationTime\"] doesn't index this field. For more information see"
                        + " https://docs.convex.dev/using/indexes.");
        assertError(
                () -> read(r -> r.query("items")
                        .withIndex("by_x_y", q -> q.eq("x", i(1)).eq("x", i(2)))
                        .collect()),
                ErrorCode.AlreadyDefinedBound,
                "Already defined equality bound in index range. Can't add \"x\" == 1.");
        assertError(
                () -> read(r -> r.query("items")
                        .withIndex("by_x_y", q -> q.eq("x", i(2)).gt("x", i(1)))
                        .collect()),
                ErrorCode.AlreadyDefinedBound,
                "Already defined inequality bound in index range. Can't add \"x\" == 2.");
        assertError(
                () -> read(r -> r.query("items")
                        .withIndex("by_x_y", q -> q.gt("x", i(1)).gte("x", i(2)))
                        .collect()),
                ErrorCode.AlreadyDefinedBound,
                "Already defined lower bound in index range. Can't add \"x\" >= 2.");
        assertError(
                () -> read(r -> r.query("items")
                        .withIndex("by_x_y", q -> q.gt("x", i(1)).lt("y", i(2)))
                        .collect()),
                ErrorCode.BoundsOnMultipleFields,
                "Upper and lower bounds in `range` can only be applied to a single index field. This query against"
                        + " index items.by_x_y attempted to set a range bound on both \"x\" and \"y\". Consider using"
                        + " `filter` instead. See https://docs.convex.dev/using/indexes for more info.");
        assertError(
                () -> read(r -> r.query("items").withIndex("nope").collect()),
                ErrorCode.IndexNotFoundError,
                "Index items.nope not found.");
    }

    @Test
    void filters_firstUniqueTake_andQueriesAreSingleUse() {
        seed();
        assertThat(field(
                        read(r -> r.query("items")
                                .filter(q -> q.eq(q.field("x"), q.literal(i(1))))
                                .collect()),
                        "n"))
                .containsExactly(str("a"), str("b"), str("d"));
        assertThat(field(
                        read(r -> r.query("items")
                                .filter(q -> q.gt(q.add(q.field("y"), q.literal(i(1))), q.literal(i(3))))
                                .collect()),
                        "n"))
                .containsExactly(str("a"), str("f"));
        assertThat(read(r -> r.query("items").first()).map(d -> d.get("n"))).contains(str("a"));
        List<ConvexValue.Obj> two = read(r -> r.query("items").take(2));
        assertThat(two).hasSize(2);
        Optional<ConvexValue.Obj> none = read(r -> r.query("items")
                .filter(q -> q.eq(q.field("n"), q.literal(str("zz"))))
                .unique());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> read(r -> r.query("items")
                        .filter(q -> q.eq(q.field("x"), q.literal(i(1))))
                        .unique()))
                .isInstanceOf(dev.jconvex.errors.ConvexException.class)
                .hasMessageMatching(
                        "unique\\(\\) query returned more than one result from table items:\n \\[[0-9a-z]{32}, [0-9a-z]{32}, \\.\\.\\.\\]");
        assertError(
                () -> read(r -> r.query("items")
                        .filter(q -> q.add(q.field("n"), q.literal(i(1))))
                        .collect()),
                ErrorCode.EvalError,
                "Cannot add \"a\" (type String) and 1 (type Int64)");
        assertError(
                () -> read(r -> {
                    QueryInitializer q = r.query("items");
                    q.collect();
                    return q.collect();
                }),
                ErrorCode.InvalidQuery,
                "A query can only be chained once and can't be chained after iteration begins.");
    }

    @Test
    void paginate_continuesAcrossInserts_andIsDoneOnlyAfterReachingTheEnd() {
        for (int n = 0; n < 5; n++) {
            insert(obj("k", i(n)));
        }
        PaginationResult p1 = read(r -> r.query("items").paginate(new PaginationOptions(3, Optional.empty())));
        assertThat(field(p1.page(), "k")).containsExactly(i(0), i(1), i(2));
        assertThat(p1.isDone()).isFalse();
        insert(obj("k", i(5)));
        PaginationResult p2 =
                read(r -> r.query("items").paginate(new PaginationOptions(3, Optional.of(p1.continueCursor()))));
        assertThat(field(p2.page(), "k")).containsExactly(i(3), i(4), i(5));
        assertThat(p2.isDone()).isFalse(); // ended exactly at the last document
        PaginationResult p3 =
                read(r -> r.query("items").paginate(new PaginationOptions(3, Optional.of(p2.continueCursor()))));
        assertThat(p3.page()).isEmpty();
        assertThat(p3.isDone()).isTrue();
        assertThat(p3.continueCursor()).isNotNull();
        assertError(
                () -> read(r -> r.query("items")
                        .order(Order.DESC)
                        .paginate(new PaginationOptions(3, Optional.of(p1.continueCursor())))),
                ErrorCode.InvalidCursor,
                "Tried to run a query starting from a cursor, but it looks like this cursor is from a different query.");
        assertError(
                () -> read(r -> r.query("items").paginate(new PaginationOptions(0, Optional.empty()))),
                ErrorCode.NoDocumentsForPagination,
                "Must request at least 1 document while paginating");
    }

    @Test
    void paginate_endsThePageWithSplitRequired_whenAReadLimitIsReached() {
        for (int n = 0; n < 5; n++) {
            insert(obj("k", i(n)));
        }
        db.close();
        db = Database.open(
                engine().config(dir)
                        .limits(new TransactionLimits(3, 16 << 20, 4096, 16_000, 16 << 20, 1 << 20))
                        .build(),
                List.of(TableDefinition.defineAny("items").index("by_x_y", "x", "y")),
                clock,
                new Random(8));
        PaginationResult p1 = read(r -> r.query("items").paginate(new PaginationOptions(10, Optional.empty())));
        assertThat(field(p1.page(), "k")).containsExactly(i(0), i(1), i(2));
        assertThat(p1.isDone()).isFalse();
        assertThat(p1.pageStatus()).contains("SplitRequired");
        PaginationResult p2 =
                read(r -> r.query("items").paginate(new PaginationOptions(10, Optional.of(p1.continueCursor()))));
        assertThat(field(p2.page(), "k")).containsExactly(i(3), i(4));
        assertThat(p2.isDone()).isTrue();
        assertThat(p2.pageStatus()).isEmpty();
    }

    @Test
    void indexOrder_isConvexValueOrder_acrossTypesSignsAndHighBytes() {
        List<ConvexValue> values = new ArrayList<>(List.of(
                i(Long.MIN_VALUE),
                i(-70_000),
                i(-300),
                i(-1),
                i(0),
                i(1),
                i(200),
                i(70_000),
                i(Long.MAX_VALUE),
                f(Double.NEGATIVE_INFINITY),
                f(-1.5),
                f(-0.0),
                f(0.0),
                f(2.5),
                f(Double.POSITIVE_INFINITY),
                f(Double.NaN),
                ConvexValue.bool(false),
                ConvexValue.bool(true),
                str(""),
                str("a"),
                str("a\u0000b"),
                str("ab"),
                str("\u00e9"),
                str("\uffff"),
                str("\ud83d\ude00"),
                ConvexValue.bytes(new byte[] {0x7f}),
                ConvexValue.bytes(new byte[] {(byte) 0x80}),
                ConvexValue.array(i(1)),
                obj("a", i(1))));
        List<ConvexValue> shuffled = new ArrayList<>(values);
        java.util.Collections.shuffle(shuffled, new Random(11));
        db.mutate(tx -> {
            for (ConvexValue v : shuffled) {
                tx.insert("items", obj("x", v));
            }
            return null;
        });
        List<ConvexValue> sorted = new ArrayList<>(values);
        sorted.sort(dev.jconvex.values.ValueOrder::compare);
        assertThat(field(read(r -> r.query("items").withIndex("by_x_y").collect()), "x"))
                .containsExactlyElementsOf(sorted);
        assertThat(field(
                        read(r -> r.query("items")
                                .withIndex("by_x_y", q -> q.gte("x", f(-0.0)).lt("x", f(Double.NaN)))
                                .collect()),
                        "x"))
                .containsExactly(f(-0.0), f(0.0), f(2.5), f(Double.POSITIVE_INFINITY));
    }

    @Test
    void patchAndDelete_moveDocumentsInEveryIndex() {
        String a = insert(obj("x", i(1), "y", i(1), "n", "a"));
        String b = insert(obj("x", i(2), "y", i(1), "n", "b"));
        db.mutate(tx -> {
            tx.patch(a, dev.jconvex.database.Patch.of(java.util.Map.of("x", i(3))));
            tx.patch(b, dev.jconvex.database.Patch.of(java.util.Map.of("n", str("b2"))));
            return null;
        });
        assertThat(field(read(r -> r.query("items").withIndex("by_x_y").collect()), "n"))
                .containsExactly(str("b2"), str("a"));
        List<ConvexValue.Obj> none = read(r ->
                r.query("items").withIndex("by_x_y", q -> q.eq("x", i(1))).collect());
        assertThat(none).isEmpty();
        db.mutate(tx -> {
            tx.delete(b);
            return null;
        });
        assertThat(field(read(r -> r.query("items").withIndex("by_x_y").collect()), "n"))
                .containsExactly(str("a"));
        assertThat(field(read(r -> r.query("items").collect()), "n")).containsExactly(str("a"));
    }

    @Test
    void withIndex_readsOnlyItsRange_notTheWholeTable() {
        for (int n = 0; n < 500; n++) {
            insert(obj("x", i(n % 50), "y", i(n)));
        }
        // a scan of the whole table would read 500 documents and hit this limit of 20
        db.close();
        db = Database.open(
                engine().config(dir)
                        .limits(new TransactionLimits(20, 16 << 20, 4096, 16_000, 16 << 20, 1 << 20))
                        .build(),
                List.of(TableDefinition.defineAny("items").index("by_x_y", "x", "y")),
                clock,
                new Random(7));
        List<ConvexValue.Obj> docs = read(r -> r.query("items")
                .withIndex("by_x_y", q -> q.eq("x", i(7)).gte("y", i(100)))
                .order(Order.DESC)
                .collect());
        assertThat(field(docs, "y")).containsExactly(i(457), i(407), i(357), i(307), i(257), i(207), i(157), i(107));
    }
}
