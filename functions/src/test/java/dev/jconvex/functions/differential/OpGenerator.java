package dev.jconvex.functions.differential;

import static dev.jconvex.values.ConvexValue.float64;
import static dev.jconvex.values.ConvexValue.int64;
import static dev.jconvex.values.ConvexValue.str;

import dev.jconvex.values.ConvexValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded generator of operation sequences over the mutable module. Small pools of namespaces,
 * keys, tenants and users make ops collide: tenants and global rows on the same keys, the empty
 * tenantId (falsy, so global), keys that sort differently under ICU and code-unit order. Values of
 * every Convex type, with the quirk families of {@code Js} ({@code ||} on falsy values, {@code +}
 * with strings/arrays/objects/bytes/bigints, {@code -} on numeric strings, bigint overflow), list
 * arguments over every sortBy/sortOrder/limit/offset/filter family, transactions that fail midway,
 * purges under every environment, and a few invalid arguments.
 *
 * <p>Object values use field names in sorted, non-numeric form: Convex stores objects with sorted
 * fields while convex-test keeps insertion order, a difference of the mock and not of the seed.
 */
final class OpGenerator {

    static final List<String> NAMESPACES = List.of("ns", "inv", "");
    static final List<String> KEYS = List.of("a", "b", "ab", "A", "é", "e", "10", "2", "", "a-b", "ab c", "😀");
    static final List<String> TENANTS = List.of("t1", "t2", "");
    static final List<String> USERS = List.of("u1", "u2", "");

    /** The environments {@code purgeAll} may meet: null deletes the variable. */
    static final List<Map<String, String>> ENVIRONMENTS = List.of(
            env("http://127.0.0.1:3211", null, null),
            env("http://localhost:3211", null, null),
            env("https://happy-animal-123.convex.site", null, null),
            env("https://dev-foo.example.com", null, null),
            env("https://x.convex.cloud", null, null),
            env("https://prod.example.com", null, null),
            env(null, null, null),
            env("", null, null),
            env("https://prod.example.com", "test", null),
            env("https://prod.example.com", "production", "test"),
            env(null, "development", "production"));

    private static Map<String, String> env(String siteUrl, String nodeEnv, String convexEnvironment) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CONVEX_SITE_URL", siteUrl);
        env.put("NODE_ENV", nodeEnv);
        env.put("CONVEX_ENVIRONMENT", convexEnvironment);
        return env;
    }

    /** One call: kind ("mutation"/"query"), function name, arguments and the time it runs at. */
    record Op(String kind, String name, ConvexValue.Obj args, long now) {}

    /** A run on a fresh, empty deployment with its own environment. */
    record Sequence(Map<String, String> env, List<Op> ops) {}

    private final SplittableRandom random;
    private final java.util.ArrayDeque<Op> pending = new java.util.ArrayDeque<>();
    private long clock;

    OpGenerator(long seed, long startMillis) {
        this.random = new SplittableRandom(seed);
        this.clock = startMillis;
    }

    /** Sequences totalling at least {@code operations} ops; times strictly increase across all of them. */
    List<Sequence> sequences(int operations, int opsPerSequence) {
        List<Sequence> out = new ArrayList<>();
        int total = 0;
        while (total < operations) {
            Map<String, String> env = ENVIRONMENTS.get(random.nextInt(ENVIRONMENTS.size()));
            List<Op> ops = new ArrayList<>();
            int n = Math.min(opsPerSequence, operations - total);
            for (int i = 0; i < n; i++) {
                ops.add(op());
            }
            total += n;
            out.add(new Sequence(env, ops));
        }
        return out;
    }

    // ━━ List-heavy sequences on large namespaces ━━

    /** The namespace of {@link #bulkSequence}. */
    static final String BULK_NAMESPACE = "big";

    /** Key bases: ICU order differs from code-unit order, and some pairs tie under localeCompare. */
    static final List<String> BULK_BASES = List.of(
            "a", "A", "b", "é", "e\u0301", "ab", "aB", "co-op", "coop", "ß", "ss", "résumé", "resume", "1", "10", "2",
            "😀", "中", "ж", "");

    /** Inserted after the base: NUL and the soft hyphen are ignorable, so "a\u000017" ties with "a17". */
    static final List<String> BULK_IGNORABLES = List.of("", "", "\u0000", "\u00AD");

    /** Entries per {@code bulk:insertMany} call (an argument array may hold 8,192). */
    static final int FILL_BATCH = 2_500;

    /**
     * A list-heavy sequence: {@code fillBatches} {@code bulk:insertMany} calls of {@link #FILL_BATCH}
     * distinct keys fill {@link #BULK_NAMESPACE} (every fourth batch as tenant t1, whose entries the
     * global list also reads), all entries of a batch sharing one {@code updatedAt}, so that sort has
     * tie groups of thousands; then {@code ops} operations, mostly {@code list} with every
     * sortBy/sortOrder/offset/limit/filter family (offsets deep into the namespace, windows that end
     * inside a tie group), some counts, and the seed's own writes (set, update, deleteKey, purgeMany,
     * transactions of 50 sets) that look keys up in the large namespace and move entries between
     * windows; a final {@code count} reports the namespace's size.
     */
    Sequence bulkSequence(int fillBatches, int ops) {
        List<Op> out = new ArrayList<>();
        java.util.Set<String> globalKeys = new java.util.HashSet<>();
        java.util.Set<String> tenantKeys = new java.util.HashSet<>();
        for (int b = 0; b < fillBatches; b++) {
            boolean tenant = b % 4 == 3;
            java.util.Set<String> used = tenant ? tenantKeys : globalKeys;
            List<ConvexValue> keys = new ArrayList<>();
            List<ConvexValue> values = new ArrayList<>();
            while (keys.size() < FILL_BATCH) {
                String key = bulkKey();
                if (used.add(key)) {
                    keys.add(str(key));
                    values.add(random.nextInt(8) == 0 ? value(1) : float64(random.nextInt(1000)));
                }
            }
            Args a = new Args()
                    .put("namespace", str(BULK_NAMESPACE))
                    .put("keys", ConvexValue.array(keys))
                    .put("values", ConvexValue.array(values));
            if (tenant) {
                a.put("tenantId", str("t1"));
            }
            out.add(new Op("mutation", "bulk:insertMany", a.build(), tick()));
        }
        long firstListTime = clock + 1;
        for (int i = 0; i < ops; i++) {
            long now = tick();
            int pick = random.nextInt(100);
            if (pick < 72) {
                out.add(new Op("query", "list", bulkListArgs(now, firstListTime), now));
            } else if (pick < 80) {
                out.add(new Op("query", "count", bulkCountArgs(now), now));
            } else if (pick < 88) {
                Args a = new Args()
                        .put("namespace", str(BULK_NAMESPACE))
                        .put("key", str(bulkKey()))
                        .put("value", value(1));
                if (random.nextBoolean()) {
                    a.put("userId", str(pick(USERS)));
                }
                if (random.nextInt(4) == 0) {
                    a.put("tenantId", str("t1"));
                }
                out.add(new Op("mutation", "set", a.build(), now));
            } else if (pick < 92) {
                out.add(new Op(
                        "mutation",
                        "update",
                        new Args()
                                .put("namespace", str(BULK_NAMESPACE))
                                .put("key", str(bulkKey()))
                                .put("operation", str("increment"))
                                .build(),
                        now));
            } else if (pick < 94) {
                List<ConvexValue> operations = new ArrayList<>();
                for (int k = 0; k < 50; k++) {
                    operations.add(new Args()
                            .put("op", str("set"))
                            .put("namespace", str(BULK_NAMESPACE))
                            .put("key", str(bulkKey()))
                            .put("value", float64(k))
                            .build());
                }
                out.add(new Op(
                        "mutation",
                        "transaction",
                        new Args()
                                .put("operations", ConvexValue.array(operations))
                                .build(),
                        now));
            } else if (pick < 97) {
                out.add(new Op(
                        "mutation",
                        "deleteKey",
                        new Args()
                                .put("namespace", str(BULK_NAMESPACE))
                                .put("key", str(bulkKey()))
                                .build(),
                        now));
            } else {
                // a narrow purge: one base and number, so a few entries at most
                String key = bulkKey();
                out.add(new Op(
                        "mutation",
                        "purgeMany",
                        new Args()
                                .put("namespace", str(BULK_NAMESPACE))
                                .put("keyPrefix", str(key))
                                .build(),
                        now));
            }
        }
        out.add(new Op(
                "query",
                "count",
                new Args().put("namespace", str(BULK_NAMESPACE)).build(),
                tick()));
        return new Sequence(ENVIRONMENTS.get(0), out);
    }

    private String bulkKey() {
        return pick(BULK_BASES) + pick(BULK_IGNORABLES) + random.nextInt(1_000);
    }

    private ConvexValue.Obj bulkListArgs(long now, long firstListTime) {
        Args a = new Args().put("namespace", str(random.nextInt(20) == 0 ? "ns" : BULK_NAMESPACE));
        int tenant = random.nextInt(10);
        if (tenant == 0) {
            a.put("tenantId", str("t1"));
        } else if (tenant == 1) {
            a.put("tenantId", str(""));
        }
        boolean narrow = false;
        if (random.nextInt(5) == 0) {
            String prefix = pick(BULK_BASES) + (random.nextBoolean() ? "" : String.valueOf(random.nextInt(10)));
            a.put("keyPrefix", str(prefix));
            narrow = !prefix.isEmpty(); // "" is falsy: no filter
        }
        if (random.nextInt(8) == 0) {
            String user = pick(USERS);
            a.put("userId", str(user));
            narrow |= !user.isEmpty(); // only the few single sets carry a userId
        }
        if (random.nextInt(6) == 0) {
            // before the fill ended (so everything), or among the later single writes
            a.put("updatedAfter", float64(random.nextBoolean() ? firstListTime - 1 : now - random.nextInt(40)));
        }
        if (random.nextInt(6) == 0) {
            a.put("updatedBefore", float64(now - random.nextInt(200)));
        }
        if (random.nextInt(6) != 0) {
            a.put("sortBy", str(pick(List.of("key", "key", "key", "updatedAt", "updatedAt", "", "createdAt"))));
        }
        if (random.nextInt(6) != 0) {
            a.put("sortOrder", str(pick(List.of("asc", "desc", "desc", "", "DESC"))));
        }
        double offset = pick(List.of(
                0.0,
                0.0,
                1.0,
                2.0,
                1.5,
                50.0,
                99.0,
                100.0,
                101.0,
                999.0,
                5_000.0,
                9_990.0,
                11_500.0,
                20_000.0,
                -1.0,
                -3.0,
                -50.0,
                -0.0,
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY));
        if (random.nextInt(4) != 0) {
            a.put("offset", float64(offset));
        } else {
            offset = 0;
        }
        // A window of at most a few thousand rows: a function may return 8,192 array elements
        // (convex-test does not check that, Convex and jconvex do), so "everything from here on" (a
        // huge limit) and "all but the last n" (a negative one) only where few rows are left.
        boolean fewLeft = narrow || offset >= 9_990.0 || (offset < 0 && offset != Double.NEGATIVE_INFINITY);
        List<Double> limits = new ArrayList<>(
                List.of(1.0, 2.0, 3.0, 10.0, 25.0, 100.0, 2.5, 0.5, -0.5, 0.0, Double.NaN, Double.NEGATIVE_INFINITY));
        if (fewLeft) {
            limits.addAll(List.of(1e9, Double.POSITIVE_INFINITY, -1.0, -7.0));
        }
        if (random.nextInt(4) != 0) {
            a.put("limit", float64(pick(limits)));
        }
        return a.build();
    }

    private ConvexValue.Obj bulkCountArgs(long now) {
        Args a = new Args().put("namespace", str(BULK_NAMESPACE));
        if (random.nextInt(4) == 0) {
            a.put("tenantId", str("t1"));
        }
        if (random.nextInt(3) == 0) {
            a.put("keyPrefix", str(pick(BULK_BASES)));
        }
        if (random.nextInt(4) == 0) {
            a.put("userId", str(pick(USERS)));
        }
        if (random.nextInt(4) == 0) {
            a.put("updatedBefore", float64(now - random.nextInt(300)));
        }
        return a.build();
    }

    private Op op() {
        if (!pending.isEmpty()) {
            return pending.removeFirst();
        }
        if (chance(60)) {
            return bigintEdge();
        }
        if (chance(60)) {
            return appendEdge();
        }
        long now = tick();
        int pick = random.nextInt(100);
        if (pick < 22) {
            return new Op("mutation", "set", setArgs(), now);
        } else if (pick < 38) {
            return new Op("mutation", "update", updateArgs(), now);
        } else if (pick < 44) {
            return new Op("mutation", "deleteKey", keyArgs(), now);
        } else if (pick < 48) {
            return new Op("mutation", "purgeNamespace", purgeNamespaceArgs(), now);
        } else if (pick < 58) {
            return new Op("mutation", "transaction", transactionArgs(), now);
        } else if (pick < 62) {
            return new Op("mutation", "purgeMany", purgeManyArgs(now), now);
        } else if (pick < 68) {
            return new Op("query", "get", keyArgs(), now);
        } else if (pick < 72) {
            return new Op("query", "exists", keyArgs(), now);
        } else if (pick < 87) {
            return new Op("query", "list", listArgs(now), now);
        } else if (pick < 93) {
            return new Op("query", "count", countArgs(now), now);
        } else if (pick < 96) {
            return new Op("mutation", "purgeAll", optionalTenant(new Args()).build(), now);
        } else {
            return invalid(now);
        }
    }

    /** The next op's time: steps of 1 to 3 ms, sometimes a jump, so updatedBefore/After windows cut through rows. */
    private long tick() {
        clock += random.nextInt(10) == 0 ? 50 + random.nextInt(200) : 1 + random.nextInt(3);
        return clock;
    }

    // ━━ Arguments per function ━━

    private ConvexValue.Obj setArgs() {
        Args a = new Args()
                .put("namespace", str(namespace()))
                .put("key", str(key()))
                .put("value", value(2));
        if (chance(3)) {
            a.put("userId", str(pick(USERS)));
        }
        optionalTenant(a);
        if (chance(4)) {
            a.put("metadata", value(2));
        }
        return a.build();
    }

    private ConvexValue.Obj updateArgs() {
        String operation = pick(List.of("increment", "increment", "decrement", "decrement", "append", "custom"));
        Args a = new Args()
                .put("namespace", str(namespace()))
                .put("key", str(key()))
                .put("operation", str(operation));
        if (!chance(4)) {
            a.put("operand", operand());
        }
        return optionalTenant(a).build();
    }

    private ConvexValue.Obj keyArgs() {
        return optionalTenant(new Args().put("namespace", str(namespace())).put("key", str(key())))
                .build();
    }

    private ConvexValue.Obj purgeNamespaceArgs() {
        Args a = new Args().put("namespace", str(namespace()));
        if (chance(2)) {
            a.put("dryRun", ConvexValue.bool(random.nextBoolean()));
        }
        return optionalTenant(a).build();
    }

    private ConvexValue.Obj transactionArgs() {
        List<ConvexValue> operations = new ArrayList<>();
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            String op = pick(List.of("set", "set", "update", "delete", "increment", "decrement"));
            Args o = new Args()
                    .put("op", str(op))
                    .put("namespace", str(namespace()))
                    .put("key", str(key()));
            if (!chance(6) || op.equals("update")) {
                if (!chance(8)) {
                    o.put("value", value(2));
                }
            }
            if (chance(2)) {
                o.put("amount", number());
            }
            operations.add(o.build());
        }
        return optionalTenant(new Args().put("operations", ConvexValue.array(operations)))
                .build();
    }

    private ConvexValue.Obj purgeManyArgs(long now) {
        Args a = new Args().put("namespace", str(namespace()));
        if (chance(3)) {
            a.put("keyPrefix", str(prefix()));
        }
        if (chance(3)) {
            a.put("userId", str(pick(USERS)));
        }
        if (chance(3)) {
            a.put("updatedBefore", timeBound(now));
        }
        return optionalTenant(a).build();
    }

    private ConvexValue.Obj listArgs(long now) {
        Args a = new Args().put("namespace", str(namespace()));
        if (chance(3)) {
            a.put("keyPrefix", str(prefix()));
        }
        if (chance(4)) {
            a.put("userId", str(pick(USERS)));
        }
        optionalTenant(a);
        if (chance(2)) {
            a.put(
                    "limit",
                    pickNumber(List.of(
                            0.0,
                            1.0,
                            2.0,
                            3.0,
                            2.5,
                            -1.0,
                            -2.5,
                            100.0,
                            1e9,
                            -0.0,
                            Double.NaN,
                            Double.POSITIVE_INFINITY,
                            Double.NEGATIVE_INFINITY)));
        }
        if (chance(2)) {
            a.put(
                    "offset",
                    pickNumber(List.of(
                            0.0,
                            1.0,
                            2.0,
                            1.5,
                            -1.0,
                            -3.0,
                            50.0,
                            -0.0,
                            Double.NaN,
                            Double.POSITIVE_INFINITY,
                            Double.NEGATIVE_INFINITY)));
        }
        if (chance(4)) {
            a.put("updatedAfter", timeBound(now));
        }
        if (chance(4)) {
            a.put("updatedBefore", timeBound(now));
        }
        if (!chance(5)) {
            a.put("sortBy", str(pick(List.of("key", "updatedAt", "", "createdAt", "Key"))));
        }
        if (!chance(5)) {
            a.put("sortOrder", str(pick(List.of("asc", "desc", "", "DESC", "descending"))));
        }
        return a.build();
    }

    private ConvexValue.Obj countArgs(long now) {
        Args a = new Args().put("namespace", str(namespace()));
        if (chance(4)) {
            a.put("userId", str(pick(USERS)));
        }
        optionalTenant(a);
        if (chance(3)) {
            a.put("keyPrefix", str(prefix()));
        }
        if (chance(4)) {
            a.put("updatedAfter", timeBound(now));
        }
        if (chance(4)) {
            a.put("updatedBefore", timeBound(now));
        }
        return a.build();
    }

    /**
     * A key set to an int64 at the edge of its range, then incremented or decremented by an int64:
     * the bigint result leaves int64 and Convex's serializer refuses it ("BigInt ... does not fit").
     */
    private Op bigintEdge() {
        String key = key();
        long edge = random.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
        Args set = new Args().put("namespace", str("ns")).put("key", str(key)).put("value", int64(edge));
        optionalTenant(set);
        Op first = new Op("mutation", "set", set.build(), tick());
        Args update = new Args()
                .put("namespace", str("ns"))
                .put("key", str(key))
                .put("operation", str(random.nextBoolean() ? "increment" : "decrement"))
                .put("operand", int64(pick(List.of(1L, 2L, -1L))));
        if (set.fields.containsKey("tenantId")) {
            update.put("tenantId", set.fields.get("tenantId"));
        }
        pending.add(new Op("mutation", "update", update.build(), tick()));
        return first;
    }

    /**
     * A key set to an array, then appended to, half the time without an operand: {@code [...value,
     * undefined]} cannot be stored and Convex's serializer names the path and the patch object.
     */
    private Op appendEdge() {
        String key = key();
        Args set = new Args()
                .put("namespace", str("ns"))
                .put("key", str(key))
                .put("value", value(2) instanceof ConvexValue.Array a ? a : ConvexValue.array(str("x"), float64(1)));
        optionalTenant(set);
        Op first = new Op("mutation", "set", set.build(), tick());
        Args update =
                new Args().put("namespace", str("ns")).put("key", str(key)).put("operation", str("append"));
        if (random.nextBoolean()) {
            update.put("operand", value(1));
        }
        if (set.fields.containsKey("tenantId")) {
            update.put("tenantId", set.fields.get("tenantId"));
        }
        pending.add(new Op("mutation", "update", update.build(), tick()));
        return first;
    }

    /** Arguments that the validators reject: both sides must refuse them. */
    private Op invalid(long now) {
        return switch (random.nextInt(6)) {
            case 0 ->
                new Op(
                        "mutation",
                        "set",
                        new Args()
                                .put("namespace", str("ns"))
                                .put("key", str("a"))
                                .build(),
                        now);
            case 1 ->
                new Op(
                        "mutation",
                        "update",
                        new Args()
                                .put("namespace", str("ns"))
                                .put("key", str("a"))
                                .put("operation", str("multiply"))
                                .build(),
                        now);
            case 2 ->
                new Op(
                        "query",
                        "list",
                        new Args()
                                .put("namespace", str("ns"))
                                .put("limit", str("5"))
                                .build(),
                        now);
            case 3 ->
                new Op(
                        "mutation",
                        "transaction",
                        new Args()
                                .put(
                                        "operations",
                                        ConvexValue.array(new Args()
                                                .put("op", str("set"))
                                                .put("namespace", str("ns"))
                                                .put("key", str("a"))
                                                .put("amount", int64(1))
                                                .build()))
                                .build(),
                        now);
            case 4 ->
                new Op(
                        "query",
                        "get",
                        new Args()
                                .put("namespace", str("ns"))
                                .put("key", str("a"))
                                .put("extra", float64(1))
                                .build(),
                        now);
            default ->
                new Op(
                        "mutation",
                        "purgeNamespace",
                        new Args().put("namespace", float64(1)).build(),
                        now);
        };
    }

    // ━━ Pools and values ━━

    private Args optionalTenant(Args a) {
        if (random.nextInt(5) < 3) {
            a.put("tenantId", str(pick(TENANTS)));
        }
        return a;
    }

    private String namespace() {
        return random.nextInt(10) < 7 ? "ns" : pick(NAMESPACES);
    }

    private String key() {
        return random.nextInt(10) < 5 ? pick(KEYS.subList(0, 3)) : pick(KEYS);
    }

    private String prefix() {
        return pick(List.of("a", "", "A", "é", "1", "ab", "😀"));
    }

    /** Bounds around the current time (rows are at most a few hundred ms old) and special numbers. */
    private ConvexValue timeBound(long now) {
        if (chance(6)) {
            return pickNumber(List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0));
        }
        return float64(now - random.nextInt(60) + (chance(4) ? 0.5 : 0));
    }

    /** An update operand: numbers most of the time, sometimes anything. */
    private ConvexValue operand() {
        if (chance(8)) {
            return int64(pick(List.of(1L, 2L, 0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE)));
        }
        return random.nextInt(3) == 0 ? value(1) : number();
    }

    private ConvexValue number() {
        return pickNumber(List.of(
                1.0,
                2.0,
                5.0,
                0.0,
                -0.0,
                -1.0,
                0.5,
                0.1,
                1e21,
                1e-7,
                123456.789,
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                9007199254740993.0,
                1.7976931348623157e308));
    }

    /** A value of any Convex type, containers nested up to {@code depth}. */
    private ConvexValue value(int depth) {
        int pick = random.nextInt(depth > 0 ? 11 : 8);
        return switch (pick) {
            case 0, 1 -> number();
            case 2 -> int64(pick(List.of(0L, 1L, 5L, -3L, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 53)));
            case 3 -> str(pick(List.of("", "abc", " 12 ", "0x1F", "1e3", "-5", "5", "\t", "Infinity", "é", "null")));
            case 4 -> ConvexValue.bool(random.nextBoolean());
            case 5 -> ConvexValue.NULL;
            case 6 -> ConvexValue.bytes(random.nextBoolean() ? new byte[0] : new byte[] {1, 2, (byte) 255});
            case 7 -> random.nextBoolean() ? float64(random.nextInt(100)) : str("x" + random.nextInt(5));
            case 8, 9 -> {
                List<ConvexValue> elements = new ArrayList<>();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    elements.add(value(depth - 1));
                }
                yield ConvexValue.array(elements);
            }
            default -> {
                Map<String, ConvexValue> fields = new LinkedHashMap<>();
                int n = random.nextInt(3);
                for (String name : List.of("a", "b", "c").subList(0, n)) {
                    fields.put(name, value(depth - 1));
                }
                yield ConvexValue.obj(fields);
            }
        };
    }

    private ConvexValue pickNumber(List<Double> numbers) {
        return float64(numbers.get(random.nextInt(numbers.size())));
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private boolean chance(int oneIn) {
        return random.nextInt(oneIn) == 0;
    }

    /** An argument object in insertion order. */
    private static final class Args {
        private final Map<String, ConvexValue> fields = new LinkedHashMap<>();

        Args put(String name, ConvexValue value) {
            fields.put(name, value);
            return this;
        }

        ConvexValue.Obj build() {
            return ConvexValue.obj(fields);
        }
    }
}
