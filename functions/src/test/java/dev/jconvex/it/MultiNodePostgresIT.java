package dev.jconvex.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jconvex.database.Patch;
import dev.jconvex.database.internal.Database;
import dev.jconvex.database.internal.ReadTransaction;
import dev.jconvex.execution.FunctionCall;
import dev.jconvex.execution.FunctionOutcome;
import dev.jconvex.server.Jconvex;
import dev.jconvex.server.internal.RuntimeAccess;
import dev.jconvex.sync.SyncConfig;
import dev.jconvex.sync.internal.SyncProtocol;
import dev.jconvex.sync.internal.SyncSession;
import dev.jconvex.testkit.TestPostgres;
import dev.jconvex.values.ConvexValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three jconvex runtimes on one PostgreSQL database act as one deployment (issue 11): OCC across
 * nodes, live queries across nodes, idempotency across nodes. Skipped unless {@value
 * TestPostgres#VARIABLE} names a server; each test gets its own schema.
 */
class MultiNodePostgresIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Jconvex> nodes = new ArrayList<>();

    @BeforeEach
    void startThreeNodes() {
        String url = TestPostgres.freshDeployment();
        for (int i = 0; i < 3; i++) {
            nodes.add(Jconvex.builder().postgresql(url).build());
        }
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(Jconvex::close);
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

    private static ConvexValue success(FunctionOutcome outcome) {
        assertThat(outcome).isInstanceOf(FunctionOutcome.Success.class);
        return ((FunctionOutcome.Success) outcome).value();
    }

    private static double value(Jconvex node, String key) {
        ConvexValue entry = success(node.call(FunctionCall.query("mutable:get", args("namespace", "ns", "key", key))));
        return ((ConvexValue.Float64) ((ConvexValue.Obj) entry).get("value")).value();
    }

    @Test
    void fortyEightClients_x200_incrementsOfOneKey_overThreeNodes_endAtExactly9600() throws Exception {
        success(nodes.get(0)
                .call(FunctionCall.mutation("mutable:set", args("namespace", "ns", "key", "hot", "value", 0))));
        ExecutorService clients = Executors.newFixedThreadPool(48);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < 48; c++) {
            Jconvex node = nodes.get(c % 3);
            done.add(clients.submit(() -> {
                for (int k = 0; k < 200; k++) {
                    success(node.call(FunctionCall.mutation(
                            "mutable:update", args("namespace", "ns", "key", "hot", "operation", "increment"))));
                }
            }));
        }
        for (Future<?> f : done) {
            f.get(10, TimeUnit.MINUTES);
        }
        clients.shutdown();
        for (Jconvex node : nodes) {
            assertThat(value(node, "hot")).isEqualTo(9600.0);
        }
    }

    /**
     * Ten accounts of 100; 12 clients on the three nodes move random amounts between random accounts
     * (a transfer reads both balances and never overdraws). Meanwhile readers on every node check
     * that one snapshot always holds 1,000 in total; at the end the total is 1,000 and no balance is
     * negative. Lost updates or write skew across nodes would break one of these.
     */
    @Test
    void bankTransfers_acrossNodes_keepTheTotal_inEverySnapshot() throws Exception {
        Database first = RuntimeAccess.admin(nodes.get(0)).database();
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            accounts.add(first.mutate(
                            tx -> tx.insert("accounts", ConvexValue.obj(Map.of("balance", ConvexValue.int64(100)))))
                    .value());
        }
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger transfers = new AtomicInteger();
        ConcurrentLinkedQueue<Long> badTotals = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(15);
        List<Future<?>> writers = new ArrayList<>();
        for (int c = 0; c < 12; c++) {
            Database db = RuntimeAccess.admin(nodes.get(c % 3)).database();
            writers.add(pool.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int k = 0; k < 40; k++) {
                    String from = accounts.get(random.nextInt(10));
                    String to = accounts.get(random.nextInt(10));
                    long amount = 1 + random.nextInt(60);
                    if (from.equals(to)) {
                        continue;
                    }
                    db.mutate(tx -> {
                        long a = balance(tx.get(from).orElseThrow());
                        long b = balance(tx.get(to).orElseThrow());
                        if (a >= amount) {
                            tx.patch(from, Patch.of(Map.of("balance", ConvexValue.int64(a - amount))));
                            tx.patch(to, Patch.of(Map.of("balance", ConvexValue.int64(b + amount))));
                        }
                        return null;
                    });
                    transfers.incrementAndGet();
                }
            }));
        }
        List<Future<?>> readers = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            Database db = RuntimeAccess.admin(nodes.get(r)).database();
            readers.add(pool.submit(() -> {
                while (running.get()) {
                    try (ReadTransaction q = db.beginRead()) {
                        long total = 0;
                        for (String id : accounts) {
                            total += balance(q.get(id).orElseThrow());
                        }
                        if (total != 1000) {
                            badTotals.add(total);
                        }
                    }
                }
            }));
        }
        for (Future<?> f : writers) {
            f.get(5, TimeUnit.MINUTES);
        }
        running.set(false);
        for (Future<?> f : readers) {
            f.get(1, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertThat(transfers.get()).isGreaterThan(400);
        assertThat(badTotals).isEmpty();
        for (Jconvex node : nodes) {
            try (ReadTransaction q = RuntimeAccess.admin(node).database().beginRead()) {
                long total = 0;
                for (String id : accounts) {
                    long b = balance(q.get(id).orElseThrow());
                    assertThat(b).isNotNegative();
                    total += b;
                }
                assertThat(total).isEqualTo(1000);
            }
        }
    }

    private static long balance(ConvexValue.Obj doc) {
        return ((ConvexValue.Int64) doc.get("balance")).value();
    }

    @Test
    void aSubscriptionOnNodeC_seesAWriteMadeOnNodeA() throws Exception {
        ConcurrentLinkedQueue<String> out = new ConcurrentLinkedQueue<>();
        SyncSession session = SyncProtocol.of(
                        RuntimeAccess.seam(nodes.get(2)),
                        SyncConfig.builder().pingInterval(Duration.ofMinutes(1)).build())
                .open(out::add);
        try {
            session.receive("{\"type\":\"Connect\",\"sessionId\":\"c\",\"connectionCount\":0,\"clientTs\":0}");
            session.receive("{\"type\":\"ModifyQuerySet\",\"baseVersion\":0,\"newVersion\":1,\"modifications\":["
                    + "{\"type\":\"Add\",\"queryId\":0,\"udfPath\":\"mutable:get\","
                    + "\"args\":[{\"namespace\":\"ns\",\"key\":\"live\"}]}]}");
            await().atMost(Duration.ofSeconds(10)).until(() -> lastValue(out) != null);
            assertThat(lastValue(out).isNull()).isTrue();

            success(nodes.get(0)
                    .call(FunctionCall.mutation("mutable:set", args("namespace", "ns", "key", "live", "value", 7))));

            await().atMost(Duration.ofSeconds(10)).until(() -> {
                JsonNode v = lastValue(out);
                return v != null && v.isObject() && v.get("value").asDouble() == 7.0;
            });
        } finally {
            session.close();
        }
    }

    /** The value of the last query modification the session sent, or null before any. */
    private static JsonNode lastValue(ConcurrentLinkedQueue<String> out) throws Exception {
        JsonNode last = null;
        for (String message : out) {
            JsonNode m = JSON.readTree(message);
            if (m.get("type").asText().equals("Transition")) {
                for (JsonNode mod : m.get("modifications")) {
                    if (mod.has("value")) {
                        last = mod.get("value");
                    }
                }
            }
        }
        return last;
    }

    @Test
    void aMutationRetriedOnAnotherNode_withItsIdempotencyKey_isAppliedOnce() {
        success(nodes.get(0)
                .call(FunctionCall.mutation("mutable:set", args("namespace", "ns", "key", "once", "value", 0))));
        FunctionCall increment = FunctionCall.mutation(
                        "mutable:update", args("namespace", "ns", "key", "once", "operation", "increment"))
                .withIdempotencyKey("client-1/request-7");
        FunctionOutcome onA = nodes.get(0).call(increment);
        FunctionOutcome onB = nodes.get(1).call(increment); // the client reconnected to another node
        success(onA);
        success(onB);
        assertThat(((FunctionOutcome.Success) onB).ts()).isEqualTo(((FunctionOutcome.Success) onA).ts());
        assertThat(value(nodes.get(2), "once")).isEqualTo(1.0);
    }

    @Test
    void commitTimestamps_areUniqueAndIncreasing_acrossNodes() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        ConcurrentLinkedQueue<Long> stamps = new ConcurrentLinkedQueue<>();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < 6; c++) {
            Jconvex node = nodes.get(c % 3);
            int client = c;
            done.add(pool.submit(() -> {
                long previous = 0;
                for (int k = 0; k < 50; k++) {
                    FunctionOutcome o = node.call(FunctionCall.mutation(
                            "mutable:set", args("namespace", "ts", "key", "c" + client + "-" + k, "value", k)));
                    long ts = ((FunctionOutcome.Success) o).ts().nanos();
                    assertThat(ts).isGreaterThan(previous);
                    previous = ts;
                    stamps.add(ts);
                }
            }));
        }
        for (Future<?> f : done) {
            f.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertThat(stamps).hasSize(300).doesNotHaveDuplicates();
    }
}
