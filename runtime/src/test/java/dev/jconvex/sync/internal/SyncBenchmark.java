package dev.jconvex.sync.internal;

import dev.jconvex.execution.FunctionCall;
import dev.jconvex.execution.FunctionOutcome;
import dev.jconvex.protocol.Timestamp;
import dev.jconvex.server.internal.RuntimeAccess;
import dev.jconvex.values.ConvexValue;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A load tool for the sync endpoint (not part of the test run):
 *
 * <ol>
 *   <li><b>Commit-to-delivery latency</b> with 1, 100 and 1,000 WebSocket clients subscribed to the
 *       same {@code kv:get} key: a writer commits a new value in process; the time is measured from
 *       the runtime's commit listener (the commit is durable) to the arrival of the Transition
 *       carrying the value at each client (timestamped in the client's receive callback, before any
 *       parsing). p50 and p99 over all clients and commits.
 *   <li><b>Mutations per second over WebSocket</b>: clients that each send {@code kv:set} and wait,
 *       as the npm client does, for the MutationResponse and the Transition that resolves it
 *       (§2.7) before sending the next; 1 and 16 clients, each on its own key.
 * </ol>
 *
 * <p>Server and clients share one JVM and the 2-core machine (clients use one JDK HttpClient, hence
 * one selector thread); the database is a real H2 file with durable (group-committed) acks. Run from
 * the repository root after {@code mvn -q install -DskipTests}:
 *
 * <pre>
 * mvn -q -pl runtime org.codehaus.mojo:exec-maven-plugin:3.5.1:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.jconvex.sync.SyncBenchmark
 * </pre>
 */
public final class SyncBenchmark {

    private SyncBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path data = Files.createTempDirectory("jconvex-sync-bench");
        StringBuilder report = new StringBuilder();
        try (SyncTestServer server = new SyncTestServer(b -> b, data)) {
            Map<Long, Long> commitNanos = new ConcurrentHashMap<>();
            RuntimeAccess.seam(server.runtime)
                    .addCommitListener((ts, writes) -> commitNanos.put(ts.nanos(), System.nanoTime()));
            HttpClient http = HttpClient.newHttpClient();
            int[] sizes = args.length > 0
                    ? Arrays.stream(args[0].split(","))
                            .mapToInt(Integer::parseInt)
                            .toArray()
                    : new int[] {1, 100, 1000};
            for (int subscribers : sizes) {
                int commits = subscribers == 1000 ? 100 : 300;
                long[] latencies = latency(server, http, commitNanos, subscribers, commits);
                String line = String.format(
                        Locale.ROOT,
                        "| %,d | %,d | %.2f | %.2f | %.2f |",
                        subscribers,
                        latencies.length,
                        percentile(latencies, 50) / 1e6,
                        percentile(latencies, 99) / 1e6,
                        latencies[latencies.length - 1] / 1e6);
                System.out.println(line);
                report.append(line).append('\n');
            }
            for (int clients : new int[] {1, 16}) {
                double rate = mutationsPerSecond(server, http, clients, Duration3.WARMUP_MS, Duration3.MEASURE_MS);
                String line = String.format(Locale.ROOT, "| %d | %,.0f |", clients, rate);
                System.out.println(line);
                report.append(line).append('\n');
            }
        }
        System.out.println(report);
    }

    private static final class Duration3 {
        static final long WARMUP_MS = 3_000;
        static final long MEASURE_MS = 10_000;
    }

    /** Latencies in nanoseconds, sorted. */
    private static long[] latency(
            SyncTestServer server, HttpClient http, Map<Long, Long> commitNanos, int subscribers, int commits)
            throws Exception {
        String key = "bench-" + subscribers;
        AtomicReference<CountDownLatch> round = new AtomicReference<>(new CountDownLatch(subscribers));
        AtomicLong expected = new AtomicLong(-1);
        List<long[]> arrivals = new ArrayList<>();
        List<WebSocket> sockets = new ArrayList<>();
        CountDownLatch subscribed = new CountDownLatch(subscribers);
        for (int i = 0; i < subscribers; i++) {
            long[] arrival = new long[commits];
            arrivals.add(arrival);
            Listener listener = new Listener(subscribed, round, expected, arrival);
            WebSocket ws = http.newWebSocketBuilder()
                    .buildAsync(server.uri("/api/1.48.0/sync"), listener)
                    .get(30, TimeUnit.SECONDS);
            ws.sendText(
                            "{\"type\":\"Connect\",\"sessionId\":\"bench-" + subscribers + "-" + i
                                    + "\",\"connectionCount\":0,\"lastCloseReason\":\"InitialConnect\",\"clientTs\":0}",
                            true)
                    .join();
            ws.sendText(
                            "{\"type\":\"ModifyQuerySet\",\"baseVersion\":0,\"newVersion\":1,\"modifications\":[{\"type\":\"Add\",\"queryId\":0,\"udfPath\":\"kv:get\",\"args\":[{\"key\":\""
                                    + key + "\"}]}]}",
                            true)
                    .join();
            sockets.add(ws);
        }
        if (!subscribed.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException(
                    subscribed.getCount() + " of " + subscribers + " clients did not subscribe");
        }
        long[] commitAt = new long[commits];
        for (int c = 0; c < commits; c++) {
            round.set(new CountDownLatch(subscribers));
            expected.set(c);
            FunctionOutcome out = server.runtime.call(FunctionCall.mutation(
                    "kv:set", ConvexValue.obj(Map.of("key", ConvexValue.str(key), "value", ConvexValue.float64(c)))));
            Timestamp ts = ((FunctionOutcome.Success) out).ts();
            if (!round.get().await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("commit " + c + " was not delivered to every client");
            }
            Long at = commitNanos.get(ts.nanos());
            commitAt[c] = at == null ? Long.MIN_VALUE : at;
        }
        sockets.forEach(WebSocket::abort);
        long[] all = new long[subscribers * commits];
        int n = 0;
        for (long[] arrival : arrivals) {
            for (int c = 0; c < commits; c++) {
                all[n++] = arrival[c] - commitAt[c];
            }
        }
        Arrays.sort(all);
        return all;
    }

    /** Receives Transitions; records when the value of the current round arrives. */
    private static final class Listener implements WebSocket.Listener {
        private final CountDownLatch subscribed;
        private final AtomicReference<CountDownLatch> round;
        private final AtomicLong expected;
        private final long[] arrival;
        private final StringBuilder partial = new StringBuilder();
        private boolean ready;

        Listener(
                CountDownLatch subscribed, AtomicReference<CountDownLatch> round, AtomicLong expected, long[] arrival) {
            this.subscribed = subscribed;
            this.round = round;
            this.expected = expected;
            this.arrival = arrival;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            long now = System.nanoTime();
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                if (!ready && text.contains("\"QueryUpdated\"")) {
                    ready = true;
                    subscribed.countDown();
                } else if (ready) {
                    long c = expected.get();
                    if (c >= 0 && text.contains("\"value\":" + c + ".0,")) {
                        arrival[(int) c] = now;
                        round.get().countDown();
                    }
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    /** Closed-loop mutations per second with {@code clients} sockets, each on its own key. */
    private static double mutationsPerSecond(
            SyncTestServer server, HttpClient http, int clients, long warmupMs, long measureMs) throws Exception {
        AtomicLong completed = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        long warmEnd = start + warmupMs * 1_000_000;
        long end = warmEnd + measureMs * 1_000_000;
        AtomicLong atWarmEnd = new AtomicLong(-1);
        for (int i = 0; i < clients; i++) {
            int client = i;
            threads.add(Thread.ofPlatform().start(() -> {
                TestSocket socket = TestSocket.open(server.uri("/api/1.48.0/sync"));
                socket.handshake();
                int request = 0;
                while (System.nanoTime() < end) {
                    socket.send(TestSocket.mutation(
                            request,
                            "kv:set",
                            "{\"key\":\"rate-" + clients + "-" + client + "\",\"value\":" + request + "}"));
                    socket.awaitMutation(request);
                    request++;
                    long done = completed.incrementAndGet();
                    if (System.nanoTime() >= warmEnd) {
                        atWarmEnd.compareAndSet(-1, done);
                    }
                }
                socket.abort();
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return (completed.get() - atWarmEnd.get()) / (measureMs / 1000.0);
    }

    private static long percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
