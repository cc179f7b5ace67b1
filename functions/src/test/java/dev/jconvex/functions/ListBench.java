package dev.jconvex.functions;

import static dev.jconvex.functions.Args.args;
import static dev.jconvex.values.ConvexValue.float64;
import static dev.jconvex.values.ConvexValue.str;

import dev.jconvex.database.DatabaseConfig;
import dev.jconvex.database.TransactionLimits;
import dev.jconvex.database.internal.Database;
import dev.jconvex.database.internal.ReadTransaction;
import dev.jconvex.execution.ConvexModule;
import dev.jconvex.execution.FunctionCall;
import dev.jconvex.execution.FunctionOutcome;
import dev.jconvex.execution.FunctionSpec;
import dev.jconvex.execution.ModuleBuilder;
import dev.jconvex.schema.TableDefinition;
import dev.jconvex.server.Jconvex;
import dev.jconvex.server.internal.RuntimeAccess;
import dev.jconvex.validators.v;
import dev.jconvex.values.ConvexValue;
import dev.jconvex.values.ConvexValue.Obj;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * What {@code mutable:list} (limit 100) and {@code mutable:count} cost on a namespace of 1,000,
 * 10,000 and 100,000 entries, read in sort order and stopping early ({@link ListPlan}) against the
 * seed's collect-filter-sort-slice ({@link MutableModule#listByCollecting}, run with the read limits
 * raised so that it can read 100,000 documents at all); and what the four derived indexes cost each
 * insert and each {@code mutable:set}. Embedded, in memory; each figure is the median of the timed calls after warm-up. Not part
 * of the test run (docs/benchmarks.md, "mutable:list"):
 *
 * <pre>{@code
 * mvn -o -q -pl functions -am test-compile
 * mvn -o -q -pl functions -am dependency:build-classpath -Dmdep.outputFile=target/bench.cp
 * java -cp functions/target/test-classes:functions/target/classes:$(cat functions/target/bench.cp) \
 *     dev.jconvex.functions.ListBench [sizes, default 1000,10000,100000]
 * }</pre>
 */
public final class ListBench {
    private ListBench() {}

    /** Read limits high enough for the seed's collect of 100,000 entries (Convex stops at 32,000). */
    private static final TransactionLimits UNLIMITED_READS =
            new TransactionLimits(10_000_000, 1L << 40, 1 << 20, 16_000, 16 << 20, 1 << 20);

    public static void main(String[] args) {
        int[] sizes = args.length > 0
                ? Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {1_000, 10_000, 100_000};
        // warm-up: every code path once, printed nowhere
        java.io.PrintStream out = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        listAndCount(2_000);
        System.setOut(out);
        System.out.printf("| entries | call | plan (ms) | seed's collect (ms) |%n|---|---|---|---|%n");
        for (int size : sizes) {
            listAndCount(size);
        }
        // without and with the derived indexes, alternating, so warm-up and load drift hit both alike
        int runs = 5;
        double[][] insert = new double[2][runs];
        double[][] setNew = new double[2][runs];
        double[][] setExisting = new double[2][runs];
        insertPerEntry(false); // warm-up
        sets(true);
        for (int run = 0; run < runs; run++) {
            for (int d = 0; d < 2; d++) {
                insert[d][run] = insertPerEntry(d == 1);
                double[] set = sets(d == 1);
                setNew[d][run] = set[0];
                setExisting[d][run] = set[1];
            }
        }
        System.out.printf(
                "%n| table | insert per entry, storage (µs) | mutable:set, new key (µs) | mutable:set, existing key (µs) |"
                        + "%n|---|---|---|---|%n");
        for (int d = 0; d < 2; d++) {
            System.out.printf(
                    "| %s | %.1f | %.0f | %.0f |%n",
                    d == 1 ? "mutable, 7 indexes + 4 derived" : "mutable, 7 indexes (no derived)",
                    middle(insert[d]),
                    middle(setNew[d]),
                    middle(setExisting[d]));
        }
    }

    private static double middle(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** The mutable table with or without the derived indexes that {@code list} reads. */
    private static TableDefinition table(boolean derived) {
        return derived
                ? MutableModule.MUTABLE_TABLE
                : new TableDefinition(
                        MutableModule.TABLE,
                        MutableModule.MUTABLE_TABLE.documentValidator(),
                        MutableModule.MUTABLE_TABLE.indexes());
    }

    /** {@code mutable:set} alone, over a table with or without the derived indexes. */
    private record SetOnly(TableDefinition table) implements ConvexModule {
        @Override
        public String path() {
            return "mutable";
        }

        @Override
        public void define(ModuleBuilder module) {
            module.table(table);
            module.mutation("set", FunctionSpec.of(v.any(), MutableModule::set));
        }
    }

    /**
     * Single-threaded embedded {@code mutable:set} calls on a 10,000-entry namespace: microseconds per
     * call for 2,000 new keys, then 2,000 existing ones.
     */
    private static double[] sets(boolean derived) {
        try (Jconvex convex = Jconvex.builder()
                .inMemory()
                .discoverModules(false)
                .module(new SetOnly(table(derived)))
                .random(new SplittableRandom(1))
                .build()) {
            fill(RuntimeAccess.admin(convex).database(), 10_000);
            long start = System.nanoTime();
            for (int i = 0; i < 2_000; i++) {
                call(
                        convex,
                        FunctionCall.mutation("mutable:set", args("namespace", "big", "key", "n" + i, "value", 1.0)));
            }
            double fresh = (System.nanoTime() - start) / 1e3 / 2_000;
            start = System.nanoTime();
            for (int i = 0; i < 2_000; i++) {
                call(
                        convex,
                        FunctionCall.mutation("mutable:set", args("namespace", "big", "key", "k" + i, "value", 2.0)));
            }
            return new double[] {fresh, (System.nanoTime() - start) / 1e3 / 2_000};
        }
    }

    private static void listAndCount(int size) {
        try (Jconvex convex = Jconvex.builder()
                .inMemory()
                .random(new SplittableRandom(1))
                .databaseConfig(c -> c.limits(UNLIMITED_READS))
                .build()) {
            fill(RuntimeAccess.admin(convex).database(), size);
            row(convex, size, "list, sortBy key (default)", args("namespace", "big"));
            row(convex, size, "list, sortBy key, desc", args("namespace", "big", "sortOrder", "desc"));
            row(
                    convex,
                    size,
                    "list, sortBy updatedAt, desc",
                    args("namespace", "big", "sortBy", "updatedAt", "sortOrder", "desc"));
            row(convex, size, "list, offset 500", args("namespace", "big", "offset", 500.0));
            row(convex, size, "list, keyPrefix matching 1 in 9", args("namespace", "big", "keyPrefix", "k1"));
            Obj countArgs = args("namespace", "big", "userId", "u1");
            Map<String, ConvexValue> all = new LinkedHashMap<>(countArgs.fields());
            all.put("sortBy", str("none"));
            all.put("limit", float64(Double.POSITIVE_INFINITY));
            double count = median(() -> call(convex, FunctionCall.query("mutable:count", countArgs)));
            double collect = median(() -> {
                try (ReadTransaction r = RuntimeAccess.admin(convex).database().beginRead()) {
                    return MutableModule.listByCollecting(r, ConvexValue.obj(all))
                            .size();
                }
            });
            System.out.printf("| %,d | count, userId filter | %.2f | %.2f |%n", size, count, collect);
        }
    }

    private static void row(Jconvex convex, int size, String name, Obj listArgs) {
        double plan = median(() -> call(convex, FunctionCall.query("mutable:list", listArgs)));
        double seed = median(() -> {
            try (ReadTransaction r = RuntimeAccess.admin(convex).database().beginRead()) {
                return MutableModule.listByCollecting(r, listArgs).size();
            }
        });
        System.out.printf("| %,d | %s | %.2f | %.2f |%n", size, name, plan, seed);
    }

    private static Object call(Jconvex convex, FunctionCall call) {
        FunctionOutcome outcome = convex.call(call);
        if (!(outcome instanceof FunctionOutcome.Success s)) {
            throw new IllegalStateException(outcome.toString());
        }
        return s.value();
    }

    /** Milliseconds: the median of 15 timed calls after 5 warm-up calls (fewer for slow calls). */
    private static double median(Supplier<?> call) {
        long first = System.nanoTime();
        call.get();
        long once = System.nanoTime() - first;
        int warmup = once > 500_000_000L ? 1 : 5;
        int runs = once > 500_000_000L ? 5 : 15;
        for (int i = 0; i < warmup; i++) {
            call.get();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            call.get();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return ms[runs / 2];
    }

    /** {@code size} entries in namespace "big", keys k0..k(size-1) in random order, a tenth with userId u1. */
    private static void fill(Database db, int size) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, new Random(7));
        for (int from = 0; from < size; from += 10_000) {
            List<Integer> batch = order.subList(from, Math.min(size, from + 10_000));
            db.mutate(tx -> {
                for (int i : batch) {
                    tx.insert(MutableModule.TABLE, entry(i));
                }
                return null;
            });
        }
    }

    private static Obj entry(int i) {
        Map<String, ConvexValue> doc = new LinkedHashMap<>();
        doc.put("namespace", str("big"));
        doc.put("key", str("k" + i));
        doc.put("value", float64(i));
        if (i % 10 == 0) {
            doc.put("userId", str("u1"));
        }
        doc.put("createdAt", float64(1_780_000_000_000.0 + i));
        doc.put("updatedAt", float64(1_780_000_000_000.0 + (i * 7919L) % 100_003));
        return ConvexValue.obj(doc);
    }

    /** Microseconds per entry to insert 20,000 entries in batches of 1,000. */
    private static double insertPerEntry(boolean derived) {
        try (Database db = Database.open(
                DatabaseConfig.inMemory().build(), List.of(table(derived)), InstantSource.system(), new Random(1))) {
            long start = System.nanoTime();
            for (int from = 0; from < 20_000; from += 1_000) {
                int first = from;
                db.mutate(tx -> {
                    for (int i = first; i < first + 1_000; i++) {
                        tx.insert(MutableModule.TABLE, entry(i));
                    }
                    return null;
                });
            }
            return (System.nanoTime() - start) / 1e3 / 20_000;
        }
    }
}
