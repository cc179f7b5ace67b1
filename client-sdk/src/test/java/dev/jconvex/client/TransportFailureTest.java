package dev.jconvex.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * Timeouts and the retry policy, against a TCP listener that either never answers or drops each
 * connection once a request arrived; it counts how many requests were sent.
 */
class TransportFailureTest {

    private ServerSocket silent;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    /** Whether the listener closes each connection once the request arrived (else it stays silent). */
    private volatile boolean dropAfterRequest;

    @BeforeEach
    void listen() throws IOException {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!silent.isClosed()) {
                try {
                    Socket s = silent.accept();
                    sockets.add(s);
                    if (dropAfterRequest) {
                        Thread.ofVirtual().start(() -> dropOnceRequestArrives(s));
                    } else {
                        requests.incrementAndGet();
                    }
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    private void dropOnceRequestArrives(Socket s) {
        try (s) {
            if (s.getInputStream().read(new byte[8192]) > 0) {
                requests.incrementAndGet();
            }
        } catch (IOException ignored) {
            // the client gave up first
        }
    }

    @AfterEach
    void stop() throws IOException {
        silent.close();
        for (Socket s : sockets) {
            s.close();
        }
    }

    private ConvexClient client(int retries) {
        dropAfterRequest = true;
        return ConvexClient.builder("http://127.0.0.1:" + silent.getLocalPort())
                .timeout(Duration.ofSeconds(20))
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
                            e -> assertThat(e.isTimeout()).isFalse());
        }
        assertThat(requests.get()).isEqualTo(3);
    }

    @Test
    void mutation_isNeverResentAfterATransportFailure() {
        try (ConvexClient client = client(5)) {
            assertThatThrownBy(() -> client.mutation("mutable:set", Map.of()))
                    .isInstanceOf(ConvexTransportException.class);
        }
        assertThat(requests.get()).isEqualTo(1);
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
