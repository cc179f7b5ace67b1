package dev.jconvex.functions;

import dev.jconvex.execution.FunctionCall;
import dev.jconvex.execution.FunctionOutcome;
import dev.jconvex.protocol.FunctionKind;
import dev.jconvex.server.Jconvex;
import dev.jconvex.typescript.TypeScriptFunctions;
import dev.jconvex.values.ConvexValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One side of {@code bench/typescript} (issue 16 §5): the seed's {@code mutable:set} and {@code
 * mutable:get} called in process, one call at a time, on an in-memory runtime served either by the
 * seed's own TypeScript ({@code conformance/oracle/convex}) on GraalJS or by the Java port
 * ({@link MutableModule}). Each operation runs {@code warm-up} seconds untimed, then {@code measure}
 * seconds timed; keys are drawn at random from {@value #KEYS} keys of one namespace, all stored
 * first (with {@code mutable:transaction}), so {@code set} overwrites and {@code get} finds. Prints one markdown row per operation:
 *
 * <pre>{@code | side | engine | op | calls | calls/s | mean ms |}</pre>
 *
 * <p>Usage: {@code TypeScriptBench typescript|java WARMUP_S MEASURE_S [convexDir]}; run by {@code
 * bench/typescript}, not by the test suite.
 */
public final class TypeScriptBench {

    /** Keys of the namespace the operations draw from. */
    static final int KEYS = 1_000;

    private TypeScriptBench() {}

    public static void main(String[] args) {
        if (args.length < 3 || !(args[0].equals("typescript") || args[0].equals("java"))) {
            throw new IllegalArgumentException(
                    "usage: TypeScriptBench typescript|java WARMUP_SECONDS MEASURE_SECONDS [convexDir]");
        }
        boolean typescript = args[0].equals("typescript");
        double warmUp = Double.parseDouble(args[1]);
        double measure = Double.parseDouble(args[2]);
        Path seed = Path.of(args.length > 3 ? args[3] : "conformance/oracle/convex");
        TypeScriptFunctions functions = typescript ? TypeScriptFunctions.load(seed) : null;
        Jconvex.Builder builder = Jconvex.builder().inMemory().env(Map.of("NODE_ENV", "test"));
        if (functions != null) {
            builder.replacingModules(functions.modules());
        }
        try (Jconvex convex = builder.build()) {
            String engine = functions != null ? "GraalJS " + functions.engineMode() : "JVM (Java port)";
            store(convex);
            SplittableRandom random = new SplittableRandom(16);
            for (String op : new String[] {"set", "get"}) {
                FunctionKind kind = op.equals("set") ? FunctionKind.MUTATION : FunctionKind.QUERY;
                Runnable one = () -> call(convex, kind, "mutable:" + op, random.nextInt(KEYS), random.nextInt());
                run(one, warmUp);
                long start = System.nanoTime();
                long calls = run(one, measure);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(
                        Locale.ROOT,
                        "| %s | %s | mutable:%s | %d | %.1f | %.3f |%n",
                        args[0],
                        engine,
                        op,
                        calls,
                        calls / seconds,
                        seconds * 1000 / calls);
            }
        } finally {
            if (functions != null) {
                functions.close();
            }
        }
    }

    /** Stores the {@value #KEYS} keys with {@code mutable:transaction}, 50 sets per call. */
    private static void store(Jconvex convex) {
        for (int from = 0; from < KEYS; from += 50) {
            List<ConvexValue> operations = new ArrayList<>();
            for (int i = from; i < Math.min(KEYS, from + 50); i++) {
                operations.add(ConvexValue.obj(Map.of(
                        "op", ConvexValue.str("set"),
                        "namespace", ConvexValue.str("bench"),
                        "key", ConvexValue.str("k" + i),
                        "value", ConvexValue.float64(i))));
            }
            FunctionOutcome outcome = convex.call(FunctionCall.of(
                    FunctionKind.MUTATION,
                    "mutable:transaction",
                    ConvexValue.obj(Map.of("operations", ConvexValue.array(operations)))));
            if (outcome instanceof FunctionOutcome.Failure failure) {
                throw new IllegalStateException("mutable:transaction failed: " + failure.errorMessage());
            }
        }
    }

    /** Calls {@code one} until {@code seconds} have passed; returns how many calls were made. */
    private static long run(Runnable one, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long calls = 0;
        do {
            one.run();
            calls++;
        } while (System.nanoTime() < end);
        return calls;
    }

    private static void call(Jconvex convex, FunctionKind kind, String path, int key, int value) {
        Map<String, ConvexValue> args = kind == FunctionKind.MUTATION
                ? Map.of(
                        "namespace", ConvexValue.str("bench"),
                        "key", ConvexValue.str("k" + key),
                        "value", ConvexValue.float64(value))
                : Map.of("namespace", ConvexValue.str("bench"), "key", ConvexValue.str("k" + key));
        FunctionOutcome outcome = convex.call(FunctionCall.of(kind, path, ConvexValue.obj(args)));
        if (outcome instanceof FunctionOutcome.Failure failure) {
            throw new IllegalStateException(path + " failed: " + failure.errorMessage());
        }
    }
}
