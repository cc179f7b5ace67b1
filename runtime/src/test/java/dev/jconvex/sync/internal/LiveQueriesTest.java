package dev.jconvex.sync.internal;

import static dev.jconvex.sync.internal.TestSocket.add;
import static dev.jconvex.sync.internal.TestSocket.modifyQuerySet;
import static dev.jconvex.sync.internal.TestSocket.remove;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What {@link SyncProtocol#liveQueries()} reports (the dashboard's live query counts). */
class LiveQueriesTest {

    private final SyncTestServer server = new SyncTestServer(b -> b);

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void liveQueries_countDistinctQueriesAndEverySubscription_perFunction() {
        assertThat(server.protocol.liveQueries()).isEqualTo(LiveQueries.NONE);
        TestSocket a = server.connect().handshake();
        TestSocket b = server.connect().handshake();

        a.send(modifyQuerySet(1, 2, add(0, "kv:get", "{\"key\":\"x\"}"), add(1, "kv:list", "{}")));
        a.nextTransition();
        b.send(modifyQuerySet(1, 2, add(0, "kv:get", "{\"key\":\"x\"}"), add(1, "kv:get", "{\"key\":\"y\"}")));
        b.nextTransition();

        // the hub counts after the batch that answered the subscriptions
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(server.protocol.liveQueries())
                        .isEqualTo(new LiveQueries(3, 4, Map.of("kv:get", 3, "kv:list", 1))));

        a.send(modifyQuerySet(2, 3, remove(0), remove(1)));
        a.nextTransition();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(server.protocol.liveQueries())
                        .isEqualTo(new LiveQueries(2, 2, Map.of("kv:get", 2))));
    }
}
