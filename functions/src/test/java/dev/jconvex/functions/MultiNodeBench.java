package dev.jconvex.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jconvex.execution.FunctionCall;
import dev.jconvex.execution.FunctionOutcome;
import dev.jconvex.server.Jconvex;
import dev.jconvex.server.internal.RuntimeAccess;
import dev.jconvex.sync.SyncConfig;
import dev.jconvex.sync.internal.SyncProtocol;
import dev.jconvex.sync.internal.SyncSession;
import dev.jconvex.testkit.TestPostgres;
import dev.jconvex.values.ConvexValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What 1, 2 and 3 jconvex nodes on one PostgreSQL database do (docs/benchmarks.md, "Several nodes
 * on PostgreSQL"): {@code mutable:set} of random keys and {@code mutable:update} increments of one
 * hot key by {@code clients} closed-loop clients spread round-robin over the nodes, calling the
 * runtime in process (no HTTP), and the commit-to-delivery latency of a live query watched by 100
 * sync sessions spread over 3 nodes. The nodes share this JVM (and the machine) with PostgreSQL.
 * Not part of the test run:
 *
 * <pre>{@code
 * mvn -o -q -pl functions -am test-compile
 * JCONVEX_TEST_POSTGRES=postgresql://postgres@127.0.0.1:55432/postgres \
 *   java -cp "$(cat functions/target/test-classpath.txt)" dev.jconvex.functions.MultiNodeBench [seconds] [clients]
 * }</pre>
 */
public final class MultiNodeBench {
    private MultiNodeBench() {}

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        String only = args.length > 2 ? args[2] : "all";
        if (TestPostgres.url().isEmpty()) {
            System.err.println(TestPostgres.SKIPPED);
            System.exit(2);
        }
        System.out.printf("%d s per figure after %d s warm-up, %d clients%n", seconds, Math.max(5, seconds), clients);
        for (int n = 1; n <= 3; n++) {
            if (only.equals("all") || only.equals("load")) {
                List<Jconvex> nodes = start(n);
                try {
                    Result set =
                            run(nodes, clients, seconds, (node, random) -> set(node, "k" + random.nextInt(100_000)));
                    System.out.printf("nodes=%d mutable:set        %s%n", n, set);
                    set(nodes.get(0), "hot");
                    double before = value(nodes.get(0), "hot");
                    Result hot = run(nodes, clients, seconds, (node, random) -> increment(node, "hot"));
                    double after = value(nodes.get(0), "hot");
                    System.out.printf(
                            "nodes=%d mutable:update hot %s  (value +%.0f for %d acknowledged: %s)%n",
                            n,
                            hot,
                            after - before,
                            hot.ops + hot.warmupOps,
                            after - before == hot.ops + hot.warmupOps ? "exact" : "NOT EXACT");
                } finally {
                    nodes.forEach(Jconvex::close);
                }
            }
        }
        if (only.equals("all") || only.equals("live")) {
            liveQueries(seconds);
        }
    }

    private static List<Jconvex> start(int n) {
        String url = TestPostgres.freshDeployment();
        List<Jconvex> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nodes.add(Jconvex.builder()
                    .postgresql(url)
                    .databaseConfig(b -> b.occMaxRetries(Integer.getInteger("retries", 4)))
                    .build());
        }
        return nodes;
    }

    private interface Op {
        void call(Jconvex node, ThreadLocalRandom random);
    }

    private record Result(long ops, long warmupOps, double seconds, long[] latenciesNanos) {
        @Override
        public String toString() {
            long[] l = latenciesNanos.clone();
            Arrays.sort(l);
            return String.format(
                    "%7.0f/s  p50 %5.1f ms  p99 %6.1f ms",
                    ops / seconds,
                    l.length == 0 ? 0 : l[l.length / 2] / 1e6,
                    l.length == 0 ? 0 : l[(int) (l.length * 0.99)] / 1e6);
        }
    }

    private static Result run(List<Jconvex> nodes, int clients, int seconds, Op op) throws Exception {
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        AtomicLong ops = new AtomicLong();
        AtomicLong warm = new AtomicLong();
        List<long[]> perClient = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Jconvex node = nodes.get(c % nodes.size());
            long[] lat = new long[2_000_000];
            perClient.add(lat);
            int[] count = {0};
            threads.add(Thread.ofPlatform().start(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                int k = 0;
                while (!stop.get()) {
                    long t0 = System.nanoTime();
                    op.call(node, random);
                    long dt = System.nanoTime() - t0;
                    if (measuring.get()) {
                        if (k < lat.length) {
                            lat[k++] = dt;
                        }
                        ops.incrementAndGet();
                    } else {
                        warm.incrementAndGet();
                    }
                }
                lat[lat.length - 1] = k; // the count, read below
            }));
        }
        Thread.sleep(Math.max(5, seconds) * 1000L);
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long measured = ops.get();
        double elapsed = (System.nanoTime() - start) / 1e9;
        measuring.set(false);
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        long all = 0;
        for (long[] l : perClient) {
            all += l[l.length - 1];
        }
        long[] latencies = new long[(int) all];
        int i = 0;
        for (long[] l : perClient) {
            int n = (int) l[l.length - 1];
            System.arraycopy(l, 0, latencies, i, n);
            i += n;
        }
        return new Result(measured, ops.get() - measured + warm.get(), elapsed, latencies);
    }

    private static ConvexValue.Obj args(Object... kv) {
        Map<String, ConvexValue> fields = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            Object v = kv[i + 1];
            fields.put(
                    (String) kv[i],
                    v instanceof String s ? ConvexValue.str(s) : ConvexValue.float64(((Number) v).doubleValue()));
        }
        return ConvexValue.obj(fields);
    }

    private static void check(FunctionOutcome o) {
        if (!(o instanceof FunctionOutcome.Success)) {
            throw new IllegalStateException(o.toString());
        }
    }

    private static void set(Jconvex node, String key) {
        check(node.call(FunctionCall.mutation("mutable:set", args("namespace", "b", "key", key, "value", 0))));
    }

    private static void increment(Jconvex node, String key) {
        check(node.call(
                FunctionCall.mutation("mutable:update", args("namespace", "b", "key", key, "operation", "increment"))));
    }

    private static double value(Jconvex node, String key) {
        FunctionOutcome o = node.call(FunctionCall.query("mutable:get", args("namespace", "b", "key", key)));
        return ((ConvexValue.Float64) ((ConvexValue.Obj) ((FunctionOutcome.Success) o).value()).get("value")).value();
    }

    /**
     * 100 sessions over 3 nodes watch {@code mutable:get live}; a writer on node 0 sets it to
     * 1, 2, 3, ... every 20 ms; for each write and session, the time from the mutation's
     * acknowledgment to the Transition carrying the value (so a little under commit-to-delivery).
     */
    private static void liveQueries(int seconds) throws Exception {
        List<Jconvex> nodes = start(3);
        List<SyncSession> sessions = new ArrayList<>();
        Map<Long, Long> ackedAt = new ConcurrentHashMap<>();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong deliveries = new AtomicLong();
        try {
            set(nodes.get(0), "live");
            List<SyncProtocol> protocols = nodes.stream()
                    .map(node -> SyncProtocol.of(
                            RuntimeAccess.seam(node), SyncConfig.builder().build()))
                    .toList();
            for (int s = 0; s < 100; s++) {
                SyncSession session = protocols.get(s % 3).open(message -> {
                    long now = System.nanoTime();
                    try {
                        JsonNode m = JSON.readTree(message);
                        if (!m.get("type").asText().equals("Transition")) {
                            return;
                        }
                        for (JsonNode mod : m.get("modifications")) {
                            JsonNode v = mod.get("value");
                            if (v != null && v.isObject()) {
                                long seq = (long) v.get("value").asDouble();
                                Long acked = ackedAt.get(seq);
                                if (acked != null) {
                                    latencies.add(now - acked);
                                    deliveries.incrementAndGet();
                                }
                            }
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                session.receive(
                        "{\"type\":\"Connect\",\"sessionId\":\"s" + s + "\",\"connectionCount\":0,\"clientTs\":0}");
                session.receive("{\"type\":\"ModifyQuerySet\",\"baseVersion\":0,\"newVersion\":1,\"modifications\":["
                        + "{\"type\":\"Add\",\"queryId\":0,\"udfPath\":\"mutable:get\","
                        + "\"args\":[{\"namespace\":\"b\",\"key\":\"live\"}]}]}");
                sessions.add(session);
            }
            Thread.sleep(2000);
            long writes = seconds * 50L;
            for (long seq = 1; seq <= writes; seq++) {
                // a delivery before the acknowledgment counts from the call's start (an over-estimate)
                ackedAt.put(seq, System.nanoTime());
                FunctionOutcome o = nodes.get(0)
                        .call(FunctionCall.mutation(
                                "mutable:set", args("namespace", "b", "key", "live", "value", seq)));
                ackedAt.put(seq, System.nanoTime());
                check(o);
                Thread.sleep(20);
            }
            Thread.sleep(2000);
            long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf(
                    "live query, 100 sessions over 3 nodes, %d writes on node 0: %d deliveries (%.1f%% of writes x sessions;"
                            + " a session skips values superseded before its re-run), ack-to-delivery p50 %.1f ms p99 %.1f ms max %.1f ms%n",
                    writes,
                    deliveries.get(),
                    100.0 * deliveries.get() / (writes * 100),
                    l[l.length / 2] / 1e6,
                    l[(int) (l.length * 0.99)] / 1e6,
                    l[l.length - 1] / 1e6);
        } finally {
            sessions.forEach(SyncSession::close);
            nodes.forEach(Jconvex::close);
        }
    }
}
