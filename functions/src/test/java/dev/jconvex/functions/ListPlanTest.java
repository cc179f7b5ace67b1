package dev.jconvex.functions;

import static dev.jconvex.functions.Args.args;
import static dev.jconvex.values.ConvexValue.float64;
import static dev.jconvex.values.ConvexValue.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jconvex.database.internal.ReadSet;
import dev.jconvex.database.internal.ReadTransaction;
import dev.jconvex.database.internal.WriteSet;
import dev.jconvex.execution.FunctionCall;
import dev.jconvex.execution.FunctionOutcome;
import dev.jconvex.execution.internal.SnapshotResult;
import dev.jconvex.protocol.Timestamp;
import dev.jconvex.server.Jconvex;
import dev.jconvex.server.internal.RuntimeAccess;
import dev.jconvex.values.ConvexValue;
import dev.jconvex.values.ConvexValue.Obj;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code mutable:list} read in sort order ({@link ListPlan}): the seed's exact result (ties of
 * {@code localeCompare} and of {@code updatedAt} in creation order, both directions, every
 * offset/limit family, filters, tenants), the fallback where the plan cannot be exact, read sets
 * that cover only what the scan consumed, and a namespace larger than the read limit.
 */
class ListPlanTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final Jconvex convex = Jconvex.builder()
            .inMemory()
            .env(Map.of("CONVEX_SITE_URL", "http://127.0.0.1:3211"))
            .clock(() -> Instant.ofEpochMilli(clock.get()))
            .random(new SplittableRandom(1))
            .build();

    @AfterEach
    void close() {
        convex.close();
    }

    // ━━ Helpers ━━

    private ConvexValue call(FunctionCall call) {
        FunctionOutcome outcome = convex.call(call);
        assertThat(outcome).isInstanceOf(FunctionOutcome.Success.class);
        return ((FunctionOutcome.Success) outcome).value();
    }

    /** {@code mutable:set} in namespace "ns" one millisecond after the previous write; its commit. */
    private Timestamp set(String key, Object... more) {
        List<Object> pairs = new ArrayList<>(List.of("namespace", "ns", "key", key, "value", float64(1)));
        pairs.addAll(List.of(more));
        clock.addAndGet(1);
        FunctionOutcome outcome = convex.call(FunctionCall.mutation("mutable:set", args(pairs.toArray())));
        assertThat(outcome).isInstanceOf(FunctionOutcome.Success.class);
        return ((FunctionOutcome.Success) outcome).ts();
    }

    /** Inserts an entry as another module could, with a chosen updatedAt. */
    private void insert(String namespace, String key, double updatedAt, Object... more) {
        List<Object> pairs = new ArrayList<>(List.of(
                "namespace", namespace, "key", key, "value", float64(1), "createdAt", 1.0, "updatedAt", updatedAt));
        pairs.addAll(List.of(more));
        Obj doc = args(pairs.toArray());
        RuntimeAccess.admin(convex).database().mutate(tx -> tx.insert(MutableModule.TABLE, doc));
    }

    private List<Obj> rows(Object... pairs) {
        return ((ConvexValue.Array) call(FunctionCall.query("mutable:list", args(pairs))))
                .values().stream().map(v -> (Obj) v).toList();
    }

    private List<String> keys(Object... pairs) {
        return rows(pairs).stream()
                .map(r -> ((ConvexValue.Str) r.fields().get("key")).value())
                .toList();
    }

    /** What the plan answers, on the latest snapshot; empty when it leaves the call to the seed's path. */
    private Optional<List<Obj>> plan(Obj args) {
        try (ReadTransaction r = RuntimeAccess.admin(convex).database().beginRead()) {
            return ListPlan.list(r, args);
        }
    }

    private List<Obj> seed(Obj args) {
        try (ReadTransaction r = RuntimeAccess.admin(convex).database().beginRead()) {
            return MutableModule.listByCollecting(r, args);
        }
    }

    private static String visible(String s) {
        return s.replace("\u0000", "\\0").replace("\u00AD", "\\shy").replace("\u0301", "\\acute");
    }

    // ━━ Order ━━

    @Test
    void keyOrder_keepsLocaleCompareTiesInCreationOrder_inBothDirections() {
        // "a", "a\0" and "a\u00AD" compare 0; so do "é" and "e\u0301"
        for (String key : List.of("b", "a\u0000", "é", "a", "10", "e\u0301", "a\u00AD", "2")) {
            set(key);
        }
        assertThat(keys("namespace", "ns").stream().map(ListPlanTest::visible))
                .containsExactly("10", "2", "a\\0", "a", "a\\shy", "b", "é", "e\\acute");
        // desc: the groups reverse, each group stays in creation order
        assertThat(keys("namespace", "ns", "sortOrder", "desc").stream().map(ListPlanTest::visible))
                .containsExactly("é", "e\\acute", "b", "a\\0", "a", "a\\shy", "2", "10");
        // a window that ends inside a tie group, both directions
        assertThat(keys("namespace", "ns", "offset", 3.0, "limit", 1.0)).containsExactly("a");
        assertThat(keys("namespace", "ns", "sortOrder", "desc", "offset", 1.0, "limit", 4.0).stream()
                        .map(ListPlanTest::visible))
                .containsExactly("e\\acute", "b", "a\\0", "a");
        // sortBy other than key/updatedAt, and any sortOrder but "desc": creation order / ascending
        assertThat(keys("namespace", "ns", "sortBy", "createdAt", "sortOrder", "desc").stream()
                        .map(ListPlanTest::visible))
                .containsExactly("b", "a\\0", "é", "a", "10", "e\\acute", "a\\shy", "2");
        assertThat(keys("namespace", "ns", "sortOrder", "DESC", "limit", 2.0)).containsExactly("10", "2");
    }

    @Test
    void updatedAtOrder_tiesZeroSignsAndEqualInfinities_inCreationOrder() {
        insert("ns", "p", 5);
        insert("ns", "q", -0.0);
        insert("ns", "r", Double.POSITIVE_INFINITY);
        insert("ns", "s", 0.0);
        insert("ns", "t", 5);
        insert("ns", "u", Double.NEGATIVE_INFINITY);
        insert("ns", "v", Double.POSITIVE_INFINITY);
        insert("ns", "w", 1e21);
        assertThat(keys("namespace", "ns", "sortBy", "updatedAt"))
                .containsExactly("u", "q", "s", "p", "t", "w", "r", "v");
        assertThat(keys("namespace", "ns", "sortBy", "updatedAt", "sortOrder", "desc"))
                .containsExactly("r", "v", "w", "p", "t", "q", "s", "u");
        assertThat(keys("namespace", "ns", "sortBy", "updatedAt", "sortOrder", "desc", "limit", 1.0))
                .containsExactly("r");
        assertThat(plan(args("namespace", "ns", "sortBy", "updatedAt", "sortOrder", "desc")))
                .isPresent();
    }

    @Test
    void updatedAtOrder_withANaNEntry_fallsBackToTheSeedsSort() {
        insert("ns", "p", 5);
        insert("ns", "q", Double.NaN);
        insert("ns", "r", 1);
        for (String order : List.of("asc", "desc")) {
            Obj a = args("namespace", "ns", "sortBy", "updatedAt", "sortOrder", order);
            assertThat(plan(a)).isEmpty();
            assertThat(rows("namespace", "ns", "sortBy", "updatedAt", "sortOrder", order))
                    .isEqualTo(seed(a));
        }
        // the key order does not depend on updatedAt
        assertThat(plan(args("namespace", "ns"))).isPresent();
    }

    // ━━ offset and limit (Array.prototype.slice after ||) ━━

    @Test
    void offsetAndLimit_followSlice_andFallBackOnlyWhereCountedFromTheEnd() {
        for (String key : List.of("a", "b", "c", "d", "e")) {
            set(key);
        }
        record Case(Object offset, Object limit, List<String> expected, boolean planned) {}
        double inf = Double.POSITIVE_INFINITY;
        List<Case> cases = List.of(
                new Case(null, null, List.of("a", "b", "c", "d", "e"), true),
                new Case(1.5, 2.0, List.of("b", "c"), true), // truncated
                new Case(-0.5, 2.5, List.of("a", "b"), true), // -0.5 truncates to 0
                new Case(0.0, 0.0, List.of("a", "b", "c", "d", "e"), true), // 0 || 100
                new Case(Double.NaN, -0.0, List.of("a", "b", "c", "d", "e"), true), // NaN || 0, -0 || 100
                new Case(null, 0.5, List.of(), true), // truthy, truncates to 0
                new Case(null, -0.5, List.of(), true),
                new Case(inf, 1.0, List.of(), true),
                new Case(-inf, 2.0, List.of("a", "b"), true), // slice(-Infinity) starts at 0
                new Case(1.0, inf, List.of("b", "c", "d", "e"), true),
                new Case(null, -inf, List.of(), true),
                new Case(4.0, 1e9, List.of("e"), true),
                new Case(5.0, 1.0, List.of(), true),
                new Case(1e300, 1.0, List.of(), true),
                new Case(-2.0, null, List.of("d", "e"), false), // from the end: needs the total
                new Case(null, -1.0, List.of("a", "b", "c", "d"), false),
                new Case(1.0, -2.0, List.of("b", "c"), false),
                new Case(-inf, -1.0, List.of("a", "b", "c", "d"), false),
                new Case(inf, -1.0, List.of(), true));
        for (Case c : cases) {
            List<Object> pairs = new ArrayList<>(List.of("namespace", "ns"));
            if (c.offset() != null) {
                pairs.addAll(List.of("offset", c.offset()));
            }
            if (c.limit() != null) {
                pairs.addAll(List.of("limit", c.limit()));
            }
            Obj a = args(pairs.toArray());
            assertThat(keys(pairs.toArray()))
                    .as("offset %s limit %s", c.offset(), c.limit())
                    .isEqualTo(c.expected());
            assertThat(plan(a).isPresent())
                    .as("planned: offset %s limit %s", c.offset(), c.limit())
                    .isEqualTo(c.planned());
        }
    }

    // ━━ Filters and tenants ━━

    @Test
    void filtersApplyWhileScanning_inEveryOrder() {
        set("a1", "userId", "u1"); // updatedAt 1001
        set("a2"); // 1002
        set("b1", "userId", "u1"); // 1003
        set("a3", "userId", "u1"); // 1004
        set("a1", "userId", "u2"); // 1005: a1 updated
        assertThat(keys("namespace", "ns", "keyPrefix", "a", "userId", "u1")).containsExactly("a3");
        assertThat(keys("namespace", "ns", "keyPrefix", "a", "sortOrder", "desc", "limit", 2.0))
                .containsExactly("a3", "a2");
        assertThat(keys("namespace", "ns", "updatedAfter", 1_002.0, "updatedBefore", 1_005.0, "sortBy", "updatedAt"))
                .containsExactly("b1", "a3");
        assertThat(keys(
                        "namespace",
                        "ns",
                        "updatedAfter",
                        1_001.0,
                        "sortBy",
                        "updatedAt",
                        "sortOrder",
                        "desc",
                        "offset",
                        1.0))
                .containsExactly("a3", "b1", "a2");
        assertThat(keys("namespace", "ns", "updatedBefore", Double.NaN)).isEmpty();
        assertThat(keys("namespace", "ns", "keyPrefix", "", "userId", "")).hasSize(4); // falsy: no filter
        assertThat(call(FunctionCall.query("mutable:count", args("namespace", "ns", "userId", "u1", "keyPrefix", "a"))))
                .isEqualTo(float64(1));
        assertThat(call(FunctionCall.query("mutable:count", args("namespace", "ns", "updatedAfter", 1_002.0))))
                .isEqualTo(float64(3));
    }

    @Test
    void aTenantListReadsOnlyItsTenant_aGlobalListReadsTheWholeNamespace() {
        set("b");
        set("a", "tenantId", "t1");
        set("c", "tenantId", "t1");
        set("a", "tenantId", "t2");
        set("d", "tenantId", ""); // falsy: global
        assertThat(keys("namespace", "ns", "tenantId", "t1")).containsExactly("a", "c");
        assertThat(keys("namespace", "ns", "tenantId", "t1", "sortOrder", "desc"))
                .containsExactly("c", "a");
        assertThat(keys("namespace", "ns", "tenantId", "t2", "sortBy", "updatedAt"))
                .containsExactly("a");
        // as the seed: the global list is every entry of the namespace, tenants' included
        assertThat(keys("namespace", "ns")).containsExactly("a", "a", "b", "c", "d");
        assertThat(keys("namespace", "ns", "tenantId", "")).containsExactly("a", "a", "b", "c", "d");
        assertThat(keys("namespace", "other")).isEmpty();
    }

    // ━━ The plan against the seed's collect-filter-sort-slice, on random namespaces ━━

    @Test
    void plan_givesTheSeedsResult_onRandomNamespacesWithManyTies() {
        SplittableRandom random = new SplittableRandom(42);
        List<String> bases = List.of("a", "A", "b", "ab", "é", "e\u0301", "10", "2", "", "😀", "a-b", "ab c");
        List<String> ignorable = List.of("", "", "", "\u0000", "\u00AD", "\u200B");
        List<Double> times = List.of(0.0, -0.0, 1.0, 2.0, 3.0, 5.0, 8.0, 1e21, Double.POSITIVE_INFINITY, -1.0);
        List<Object> tenants = new ArrayList<>(List.of("t1", "t2", ""));
        tenants.add(null);
        List<Obj> docs = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            Map<String, ConvexValue> doc = new LinkedHashMap<>();
            doc.put("namespace", str(random.nextInt(10) < 8 ? "ns" : "other"));
            String key =
                    pick(random, bases) + pick(random, ignorable) + (random.nextInt(3) == 0 ? random.nextInt(20) : "");
            doc.put("key", str(key));
            doc.put("value", float64(i));
            if (random.nextBoolean()) {
                doc.put("userId", str(pick(random, List.of("u1", "u2", ""))));
            }
            Object tenant = pick(random, tenants);
            if (tenant != null) {
                doc.put("tenantId", str((String) tenant));
            }
            doc.put("createdAt", float64(0));
            doc.put("updatedAt", float64(pick(random, times)));
            docs.add(ConvexValue.obj(doc));
        }
        for (int from = 0; from < docs.size(); from += 500) {
            List<Obj> batch = docs.subList(from, from + 500);
            RuntimeAccess.admin(convex)
                    .database()
                    .mutate(tx -> batch.stream()
                            .map(d -> tx.insert(MutableModule.TABLE, d))
                            .toList());
        }

        int planned = 0;
        int compared = 0;
        try (ReadTransaction r = RuntimeAccess.admin(convex).database().beginRead()) {
            for (int i = 0; i < 700; i++) {
                Obj a = randomListArgs(random, times);
                Optional<List<Obj>> plan = ListPlan.list(r, a);
                List<Obj> seed = MutableModule.listByCollecting(r, a);
                r.takeReadSet(); // fresh read limits for the next call
                compared++;
                if (plan.isPresent()) {
                    planned++;
                    assertThat(plan.get()).as("list %s", a).isEqualTo(seed);
                }
                if (i % 3 == 0) {
                    // count is the length of the unsorted, unsliced list
                    Map<String, ConvexValue> all = new LinkedHashMap<>(a.fields());
                    all.put("sortBy", str("none"));
                    all.put("offset", float64(0));
                    all.put("limit", float64(Double.POSITIVE_INFINITY));
                    long count = ListPlan.count(r, a);
                    assertThat(count)
                            .as("count %s", a)
                            .isEqualTo(MutableModule.listByCollecting(r, ConvexValue.obj(all))
                                    .size());
                }
                r.takeReadSet();
            }
        }
        assertThat(compared).isEqualTo(700);
        assertThat(planned).as("calls the plan answered").isGreaterThan(550);
    }

    private static Obj randomListArgs(SplittableRandom random, List<Double> times) {
        Map<String, ConvexValue> a = new LinkedHashMap<>();
        a.put("namespace", str(random.nextInt(10) < 8 ? "ns" : pick(random, List.of("other", "none"))));
        if (random.nextInt(4) == 0) {
            a.put("keyPrefix", str(pick(random, List.of("a", "", "A", "é", "1", "ab", "😀", "a\u0000"))));
        }
        if (random.nextInt(4) == 0) {
            a.put("userId", str(pick(random, List.of("u1", "u2", ""))));
        }
        if (random.nextInt(3) == 0) {
            a.put("tenantId", str(pick(random, List.of("t1", "t2", ""))));
        }
        if (random.nextBoolean()) {
            a.put(
                    "limit",
                    float64(pick(
                            random,
                            List.of(
                                    0.0,
                                    1.0,
                                    2.0,
                                    3.0,
                                    2.5,
                                    7.0,
                                    100.0,
                                    250.0,
                                    1e9,
                                    -0.0,
                                    0.5,
                                    -0.5,
                                    -1.0,
                                    -2.5,
                                    Double.NaN,
                                    Double.POSITIVE_INFINITY,
                                    Double.NEGATIVE_INFINITY))));
        }
        if (random.nextBoolean()) {
            a.put(
                    "offset",
                    float64(pick(
                            random,
                            List.of(
                                    0.0,
                                    1.0,
                                    2.0,
                                    1.5,
                                    13.0,
                                    50.0,
                                    500.0,
                                    1_199.0,
                                    5_000.0,
                                    -0.0,
                                    -1.0,
                                    -3.0,
                                    Double.NaN,
                                    Double.POSITIVE_INFINITY,
                                    Double.NEGATIVE_INFINITY))));
        }
        if (random.nextInt(4) == 0) {
            a.put("updatedAfter", float64(random.nextInt(6) == 0 ? Double.NaN : pick(random, times)));
        }
        if (random.nextInt(4) == 0) {
            a.put("updatedBefore", float64(random.nextInt(6) == 0 ? Double.NaN : pick(random, times)));
        }
        if (random.nextInt(6) != 0) {
            a.put("sortBy", str(pick(random, List.of("key", "key", "updatedAt", "updatedAt", "", "createdAt"))));
        }
        if (random.nextInt(6) != 0) {
            a.put("sortOrder", str(pick(random, List.of("asc", "desc", "desc", "", "DESC"))));
        }
        return ConvexValue.obj(a);
    }

    private static <T> T pick(SplittableRandom random, List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    // ━━ Read sets ━━

    /** What one list call read, and which of the following commits touch it. */
    private final class Watch {
        private final Map<Timestamp, WriteSet> commits = new ConcurrentHashMap<>();
        private final List<ReadSet> reads = new ArrayList<>();

        Watch() {
            RuntimeAccess.seam(convex).addCommitListener(commits::put);
        }

        void list(Object... pairs) {
            SnapshotResult result =
                    RuntimeAccess.seam(convex).runQueries(List.of(FunctionCall.query("mutable:list", args(pairs))));
            reads.add(result.runs().get(0).readSet());
        }

        /**
         * Runs {@code write} and reports, per watched list, whether its commit touched what the list
         * read. Listeners run on the flusher thread after the call returns: wait for this commit's.
         */
        List<Boolean> touched(Supplier<Timestamp> write) {
            Timestamp ts = write.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> commits.containsKey(ts));
            WriteSet w = commits.get(ts);
            return reads.stream().map(rs -> rs.overlaps(w)).toList();
        }
    }

    @Test
    void anEarlyStoppingList_dependsOnlyOnTheRowsItConsumed() {
        for (String key : List.of("e", "c", "g", "a", "i", "b", "h", "d", "f", "j")) {
            set(key);
        }
        Watch watch = new Watch();
        watch.list("namespace", "ns", "limit", 3.0); // a b c
        watch.list("namespace", "ns", "limit", 3.0, "sortOrder", "desc"); // j i h, then g ends h's group
        watch.list("namespace", "ns", "limit", 2.0, "sortBy", "updatedAt"); // e c: the two oldest
        assertThat(keys("namespace", "ns", "limit", 2.0, "sortBy", "updatedAt")).containsExactly("e", "c");

        assertThat(watch.touched(() -> set("z"))).containsExactly(false, true, false); // after j: desc reads to the end
        assertThat(watch.touched(() -> set("e"))).containsExactly(false, false, true); // e leaves the oldest two
        assertThat(watch.touched(() -> set("b"))).containsExactly(true, false, false);
        assertThat(watch.touched(() -> set("bb"))).containsExactly(true, false, false); // between b and c
        // ties with c, but newer: it would come after c, outside a b c
        assertThat(watch.touched(() -> set("c\u0000"))).containsExactly(false, false, false);
        assertThat(watch.touched(() -> set("d"))).containsExactly(false, false, false);
        assertThat(watch.touched(() -> set("g"))).containsExactly(false, true, false); // the row that ended the scan
        assertThat(watch.touched(() -> set("f"))).containsExactly(false, false, false);
        assertThat(watch.touched(() -> set("0"))).containsExactly(true, false, false); // before a
        // another namespace, and a tenant row of another namespace: nothing
        assertThat(watch.touched(() -> set("a", "namespace", "other"))).containsExactly(false, false, false);
        // a tenant row of this namespace is part of the global list
        assertThat(watch.touched(() -> set("a", "tenantId", "t1"))).containsExactly(true, false, false);
        // the seed's result indeed changed where the read set said so
        assertThat(keys("namespace", "ns", "limit", 3.0)).containsExactly("0", "a", "a");
    }

    @Test
    void aTenantList_dependsOnlyOnItsTenant() {
        for (String key : List.of("a", "b", "c")) {
            set(key, "tenantId", "t1");
        }
        Watch watch = new Watch();
        watch.list("namespace", "ns", "tenantId", "t1", "limit", 2.0);
        assertThat(watch.touched(() -> set("a", "tenantId", "t2"))).containsExactly(false);
        assertThat(watch.touched(() -> set("a"))).containsExactly(false);
        assertThat(watch.touched(() -> set("a", "tenantId", "t1"))).containsExactly(true);
        assertThat(watch.touched(() -> set("c", "tenantId", "t1"))).containsExactly(false);
    }

    // ━━ Beyond the read limit ━━

    /**
     * Deliberate difference from Convex: the seed collects the namespace, which fails past 32,000
     * documents; the plan reads 100 rows. count still reads everything and fails as on Convex.
     */
    @Test
    void aNamespaceLargerThanTheReadLimit_listsItsFirstPage_butCannotBeCounted() {
        int n = 33_000;
        for (int from = 0; from < n; from += 11_000) {
            int start = from;
            RuntimeAccess.admin(convex).database().mutate(tx -> {
                for (int i = start; i < start + 11_000; i++) {
                    tx.insert(
                            MutableModule.TABLE,
                            args(
                                    "namespace",
                                    "big",
                                    "key",
                                    String.format("k%06d", i),
                                    "value",
                                    float64(i),
                                    "createdAt",
                                    1.0,
                                    "updatedAt",
                                    (double) i));
                }
                return null;
            });
        }
        assertThat(keys("namespace", "big", "limit", 3.0)).containsExactly("k000000", "k000001", "k000002");
        assertThat(keys("namespace", "big", "sortBy", "updatedAt", "sortOrder", "desc", "limit", 2.0))
                .containsExactly("k032999", "k032998");
        assertThat(rows("namespace", "big")).hasSize(100);
        FunctionOutcome count = convex.call(FunctionCall.query("mutable:count", args("namespace", "big")));
        assertThat(count).isInstanceOf(FunctionOutcome.Failure.class);
        assertThat(((FunctionOutcome.Failure) count).errorMessage()).contains("Too many documents read");
        // so does a list the plan cannot answer without reading everything
        FunctionOutcome fromTheEnd =
                convex.call(FunctionCall.query("mutable:list", args("namespace", "big", "offset", -1.0)));
        assertThat(fromTheEnd).isInstanceOf(FunctionOutcome.Failure.class);
    }
}
