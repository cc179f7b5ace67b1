package dev.jconvex.client.bench;

import dev.jconvex.client.CallRoute;
import dev.jconvex.client.ConvexClient;
import dev.jconvex.client.store.MutableStore;
import dev.jconvex.embedded.EmbeddedProvider;
import dev.jconvex.embedded.EmbeddedServer;
import dev.jconvex.embedded.EmbeddedServerOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * A closed-loop load tool: mutations per second of {@link MutableStore#set} through the SDK over HTTP,
 * over WebSocket and embedded, with 1 and 16 calling threads. Each thread overwrites its own key (a
 * patch of one document, no write conflicts between threads) and waits for each call before the next.
 * Server and embedded runtime use in-memory H2, so the figures compare transports, not disk.
 *
 * <p>Per configuration: a warm-up period, then {@code runs} measured periods; the report gives the mean
 * and the range. Run (from the repository root, after {@code mvn -q install -DskipTests}):
 *
 * <pre>
 * mvn -q -pl client-sdk org.codehaus.mojo:exec-maven-plugin:3.5.1:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.jconvex.client.bench.MutableStoreSetBenchmark [-Dexec.args="warmupS measureS runs"]
 * </pre>
 */
public final class MutableStoreSetBenchmark {

    private MutableStoreSetBenchmark() {}

    enum Transport {
        HTTP,
        WEBSOCKET,
        EMBEDDED
    }

    record Figure(Transport transport, int threads, double mean, double min, double max) {}

    public static void main(String[] args) throws Exception {
        int warmupSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int measureSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<Figure> figures = new ArrayList<>();
        for (Transport transport : Transport.values()) {
            for (int threads : new int[] {1, 16}) {
                figures.add(measure(transport, threads, warmupSeconds, measureSeconds, runs));
                Figure f = figures.getLast();
                System.out.printf(
                        Locale.ROOT,
                        "%-9s threads=%2d  %8.0f ops/s  (min %.0f, max %.0f)%n",
                        f.transport(),
                        f.threads(),
                        f.mean(),
                        f.min(),
                        f.max());
            }
        }
        System.out.println();
        System.out.println("| Transport | Threads | mutations/s (mean) | min | max |");
        System.out.println("|---|---|---|---|---|");
        for (Figure f : figures) {
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %d | %.0f | %.0f | %.0f |%n",
                    f.transport(),
                    f.threads(),
                    f.mean(),
                    f.min(),
                    f.max());
        }
    }

    private static Figure measure(Transport transport, int threads, int warmupSeconds, int measureSeconds, int runs)
            throws Exception {
        EmbeddedServer server = transport == Transport.EMBEDDED
                ? null
                : EmbeddedProvider.load().startServer(EmbeddedServerOptions.ephemeral());
        try (ConvexClient client = switch (transport) {
            case HTTP -> ConvexClient.builder(server.url()).build();
            case WEBSOCKET ->
                ConvexClient.builder(server.url())
                        .callRoute(CallRoute.WEBSOCKET)
                        .build();
            case EMBEDDED -> ConvexClient.embedded();
        }) {
            MutableStore store = MutableStore.of(client);
            LongAdder done = new LongAdder();
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(threads);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String key = "key-" + t;
                workers.add(Thread.ofPlatform().name("bench-" + t).start(() -> {
                    started.countDown();
                    long i = 0;
                    while (!stop.get()) {
                        store.set("bench", key, i++);
                        done.increment();
                    }
                }));
            }
            started.await();
            Thread.sleep(warmupSeconds * 1000L);
            double[] rates = new double[runs];
            for (int r = 0; r < runs; r++) {
                long before = done.sum();
                long t0 = System.nanoTime();
                Thread.sleep(measureSeconds * 1000L);
                rates[r] = (done.sum() - before) / ((System.nanoTime() - t0) / 1e9);
            }
            stop.set(true);
            for (Thread w : workers) {
                w.join();
            }
            double sum = 0;
            double min = Double.MAX_VALUE;
            double max = 0;
            for (double rate : rates) {
                sum += rate;
                min = Math.min(min, rate);
                max = Math.max(max, rate);
            }
            return new Figure(transport, threads, sum / runs, min, max);
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }
}
