package dev.jconvex.bench;

import dev.jconvex.database.DatabaseConfig;
import dev.jconvex.database.Durability;
import dev.jconvex.database.Patch;
import dev.jconvex.database.internal.Database;
import dev.jconvex.database.internal.ReadTransaction;
import dev.jconvex.values.ConvexValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

/**
 * Throughput of the storage engine, file mode with durable acknowledgments: read-modify-write
 * mutations per second at 1 and 16 threads (each thread its own document, so no conflicts; plus
 * 16 threads on one hot document), and point-read queries per second. Not part of the test run:
 *
 * <pre>{@code
 * mvn -o -q -pl runtime test-compile exec:java -Dexec.mainClass=dev.jconvex.bench.StorageBench \
 *     -Dexec.classpathScope=test [-Dexec.args="<seconds per run>"]
 * }</pre>
 *
 * Prints one Markdown table row per scenario (each run: 2 s warm-up, then the measured seconds).
 */
public final class StorageBench {
    private StorageBench() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        System.out.printf("| scenario | threads | ops/s | process CPU per op |%n|---|---|---|---|%n");
        mutations("increment own document, durable (process crash)", Durability.PROCESS_CRASH, 1, false, seconds);
        mutations("increment own document, durable (process crash)", Durability.PROCESS_CRASH, 16, false, seconds);
        mutations("increment one hot document, durable (process crash)", Durability.PROCESS_CRASH, 16, true, seconds);
        mutations("increment own document, fsync per batch (power loss)", Durability.POWER_LOSS, 16, false, seconds);
        reads(1, seconds);
        reads(16, seconds);
    }

    private static void mutations(String name, Durability durability, int threads, boolean hot, int seconds)
            throws Exception {
        Path dir = Files.createTempDirectory("jconvex-bench");
        try (Database db = Database.open(
                DatabaseConfig.dataDirectory(dir).durability(durability).build(),
                List.of(),
                InstantSource.system(),
                new Random(1))) {
            List<String> ids = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                ids.add(db.mutate(tx -> tx.insert("counters", obj(0))).value());
            }
            double[] rate = run(threads, seconds, t -> {
                String id = ids.get(hot ? 0 : t);
                db.mutate(tx -> {
                    long n = ((ConvexValue.Int64) tx.get(id).orElseThrow().get("n")).value();
                    tx.patch(id, Patch.of(Map.of("n", ConvexValue.int64(n + 1))));
                    return null;
                });
            });
            System.out.printf("| %s | %d | %,.0f | %s |%n", name, threads, rate[0], micros(rate[1]));
        } finally {
            delete(dir);
        }
    }

    private static void reads(int threads, int seconds) throws Exception {
        Path dir = Files.createTempDirectory("jconvex-bench");
        try (Database db = Database.open(
                DatabaseConfig.dataDirectory(dir).build(), List.of(), InstantSource.system(), new Random(1))) {
            List<String> ids = db.mutate(tx -> {
                        List<String> out = new ArrayList<>();
                        for (int k = 0; k < 10_000; k++) {
                            out.add(tx.insert("docs", obj(k)));
                        }
                        return out;
                    })
                    .value();
            double[] rate = run(threads, seconds, t -> {
                String id =
                        ids.get(java.util.concurrent.ThreadLocalRandom.current().nextInt(ids.size()));
                try (ReadTransaction r = db.beginRead()) {
                    r.get(id).orElseThrow();
                }
            });
            System.out.printf(
                    "| point read (`db.get` in its own snapshot) | %d | %,.0f | %s |%n",
                    threads, rate[0], micros(rate[1]));
        } finally {
            delete(dir);
        }
    }

    private static ConvexValue.Obj obj(long n) {
        return ConvexValue.obj(Map.of("n", ConvexValue.int64(n), "pad", ConvexValue.str("x".repeat(100))));
    }

    private static String micros(double nanos) {
        return String.format("%,.0f µs", nanos / 1000);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * Runs {@code op} on {@code threads} threads: 2 s warm-up, then {@code seconds} measured. Returns
     * ops/s and process CPU nanoseconds per op (which does not depend on how busy the machine is).
     */
    private static double[] run(int threads, int seconds, IntConsumer op) throws InterruptedException {
        LongAdder count = new LongAdder();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    op.accept(thread);
                    if (measuring.get()) {
                        count.increment();
                    }
                }
                finished.countDown();
            });
        }
        Thread.sleep(2_000);
        measuring.set(true);
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        Thread.sleep(seconds * 1_000L);
        long n = count.sum();
        long cpu = processCpuNanos() - cpuStart;
        double elapsed = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        finished.await();
        return new double[] {n / elapsed, (double) cpu / Math.max(1, n)};
    }

    private static void delete(Path dir) throws java.io.IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
