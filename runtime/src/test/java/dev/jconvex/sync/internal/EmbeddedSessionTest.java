package dev.jconvex.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jconvex.server.Jconvex;
import dev.jconvex.server.internal.RuntimeAccess;
import dev.jconvex.sync.SyncConfig;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A session driven in process, without a socket, as the embedded client uses it. */
class EmbeddedSessionTest {

    @Test
    void inProcessSession_speaksTheSameProtocol() throws Exception {
        try (Jconvex runtime = Jconvex.builder()
                .inMemory()
                .discoverModules(false)
                .module(new KvModule())
                .build()) {
            LinkedBlockingQueue<String> out = new LinkedBlockingQueue<>();
            SyncSession session = SyncProtocol.of(
                            RuntimeAccess.seam(runtime),
                            SyncConfig.builder()
                                    .pingInterval(Duration.ofMinutes(1))
                                    .build())
                    .open(out::add);

            session.receive("{\"type\":\"Connect\",\"sessionId\":\"embedded\",\"connectionCount\":0,\"clientTs\":0}");
            session.receive("{\"type\":\"ModifyQuerySet\",\"baseVersion\":0,\"newVersion\":1,\"modifications\":["
                    + "{\"type\":\"Add\",\"queryId\":0,\"udfPath\":\"kv:get\",\"args\":[{\"key\":\"e\"}]}]}");
            JsonNode first = take(out);
            assertThat(first.get("type").asText()).isEqualTo("Transition");
            assertThat(first.get("modifications").get(0).get("value").isNull()).isTrue();

            session.receive(
                    "{\"type\":\"Mutation\",\"requestId\":0,\"udfPath\":\"kv:set\",\"args\":[{\"key\":\"e\",\"value\":\"v\"}]}");
            String lastValue = null;
            boolean responded = false;
            long mutationTs = -1;
            while (true) {
                JsonNode m = take(out);
                if (m.get("type").asText().equals("MutationResponse")) {
                    responded = true;
                    mutationTs = TestSocket.ts(m.get("ts"));
                    continue;
                }
                for (JsonNode mod : m.get("modifications")) {
                    lastValue = mod.get("value").asText();
                }
                if (responded && TestSocket.ts(m.get("endVersion").get("ts")) >= mutationTs) {
                    break;
                }
            }
            assertThat(lastValue).isEqualTo("v");
            session.close();
        }
    }

    private static JsonNode take(LinkedBlockingQueue<String> out) throws InterruptedException {
        String message = out.poll(10, TimeUnit.SECONDS);
        assertThat(message).as("a message within 10 s").isNotNull();
        return TestSocket.parse(message);
    }
}
