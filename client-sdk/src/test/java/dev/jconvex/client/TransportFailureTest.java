package dev.jconvex.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Timeouts and the retry policy, against a TCP listener that accepts requests and never answers: it
 * counts how many times each call was sent.
 */
class TransportFailureTest {

    private ServerSocket silent;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listen() throws IOException {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!silent.isClosed()) {
                try {
                    Socket s = silent.accept();
                    sockets.add(s);
                    requests.incrementAndGet();
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    @AfterEach
    void stop() throws IOException {
        silent.close();
        for (Socket s : sockets) {
            s.close();
        }
    }

    private ConvexClient client(int retries) {
        return ConvexClient.builder("http://127.0.0.1:" + silent.getLocalPort())
                .timeout(Duration.ofSeconds(10))
                .requestTimeout(Duration.ofMillis(200))
                .queryRetries(retries)
                .retryBackoff(Duration.ofMillis(10))
                .build();
    }

    @Test
    void query_isSentAgainAfterEachTransportFailure_thenFails() {
        try (ConvexClient client = client(2)) {
            assertThatThrownBy(() -> client.query("mutable:get", Map.of()))
                    .isInstanceOfSatisfying(
                            ConvexTransportException.class,
                            e -> assertThat(e.isTimeout()).isTrue());
        }
        // connections are counted when accepted, which may lag behind the client's failure
        await().atMost(Duration.ofSeconds(5)).until(() -> requests.get() >= 3);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> requests.get() == 3);
    }

    @Test
    void mutation_isNeverResentAfterATransportFailure() {
        try (ConvexClient client = client(5)) {
            assertThatThrownBy(() -> client.mutation("mutable:set", Map.of()))
                    .isInstanceOf(ConvexTransportException.class);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> requests.get() >= 1);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> requests.get() == 1);
    }

    @Test
    void call_exceedingTheClientTimeout_failsWithATimeout() {
        try (ConvexClient client = ConvexClient.builder("http://127.0.0.1:" + silent.getLocalPort())
                .timeout(Duration.ofMillis(300))
                .requestTimeout(Duration.ofSeconds(30))
                .build()) {
            assertThatThrownBy(() -> client.action("mod:slow", Map.of()))
                    .isInstanceOfSatisfying(ConvexTransportException.class, e -> {
                        assertThat(e.isTimeout()).isTrue();
                        assertThat(e.getMessage()).contains("did not complete within PT0.3S");
                    });
        }
    }

    @Test
    void unreachableDeployment_isATransportFailure() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (ConvexClient client =
                ConvexClient.builder("http://127.0.0.1:" + port).queryRetries(0).build()) {
            assertThatThrownBy(() -> client.mutation("mutable:set", Map.of()))
                    .isInstanceOfSatisfying(
                            ConvexTransportException.class,
                            e -> assertThat(e.isTimeout()).isFalse());
        }
    }
}
