package dev.jconvex.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jconvex.execution.FunctionCall;
import dev.jconvex.server.Jconvex;
import dev.jconvex.server.internal.RuntimeAccess;
import dev.jconvex.sync.SyncConfig;
import dev.jconvex.values.ConvexValue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/** The sync protocol's meters follow sessions, subscriptions and re-runs as they happen. */
class SyncMetricsTest {

    static final String CONNECT = "{\"type\":\"Connect\",\"sessionId\":\"s\",\"connectionCount\":0,\"clientTs\":0}";
    static final String SUBSCRIBE =
            "{\"type\":\"ModifyQuerySet\",\"baseVersion\":0,\"newVersion\":1,\"modifications\":["
                    + "{\"type\":\"Add\",\"queryId\":0,\"udfPath\":\"kv:get\",\"args\":[{\"key\":\"m\"}]}]}";

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    double gauge(String name) {
        return meters.get(name).gauge().value();
    }

    @Test
    void meters_countSessionsSubscriptionsLiveQueriesAndReruns() {
        try (Jconvex runtime = Jconvex.builder()
                        .inMemory()
                        .discoverModules(false)
                        .module(new KvModule())
                        .build();
                SyncProtocol protocol = SyncProtocol.of(
                        RuntimeAccess.seam(runtime),
                        SyncConfig.builder().pingInterval(Duration.ofMinutes(1)).build(),
                        meters)) {
            SyncSession first = protocol.open(new LinkedBlockingQueue<String>()::add);
            SyncSession second = protocol.open(new LinkedBlockingQueue<String>()::add);
            for (SyncSession s : new SyncSession[] {first, second}) {
                s.receive(CONNECT);
                s.receive(SUBSCRIBE);
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(gauge("jconvex.sync.sessions")).isEqualTo(2);
                assertThat(gauge("jconvex.sync.subscriptions")).isEqualTo(2);
                assertThat(gauge("jconvex.sync.queries")).isEqualTo(1);
            });
            assertThat(meters.get("jconvex.sync.query.reruns").counter().count())
                    .isZero();

            runtime.call(FunctionCall.mutation(
                    "kv:set", ConvexValue.obj(Map.of("key", ConvexValue.str("m"), "value", ConvexValue.str("v")))));
            // one query with two subscribers runs once
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(meters.get("jconvex.sync.query.reruns")
                                    .counter()
                                    .count())
                            .isEqualTo(1));

            first.close();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(gauge("jconvex.sync.sessions")).isEqualTo(1);
                assertThat(gauge("jconvex.sync.subscriptions")).isEqualTo(1);
                assertThat(gauge("jconvex.sync.queries")).isEqualTo(1);
            });
            second.close();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(gauge("jconvex.sync.sessions")).isZero();
                assertThat(gauge("jconvex.sync.subscriptions")).isZero();
                assertThat(gauge("jconvex.sync.queries")).isZero();
            });
        }
    }
}
