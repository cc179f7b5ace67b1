package dev.jconvex.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jconvex.http.HttpTimeouts;
import dev.jconvex.server.JconvexServer;
import dev.jconvex.server.ServerConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 6: slow and idle clients are disconnected after the configured timeouts, and the
 * server keeps answering everyone else meanwhile. The timeouts are set to a second here; the
 * assertions wait with Awaitility and never on a fixed sleep.
 */
class SlowClientsTest {

    static final Duration SHORT = Duration.ofSeconds(1);
    static final byte[] QUERY =
            RawHttp.post("POST", "/api/query", "{\"path\":\"store:all\",\"args\":{}}".getBytes(StandardCharsets.UTF_8));

    JconvexServer server;
    final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void start() {
        HttpTimeouts timeouts = HttpTimeouts.defaults()
                .withRequestHeaders(SHORT)
                .withRequestBody(SHORT)
                .withKeepAlive(SHORT);
        server = JconvexServer.start(
                ServerConfig.builder().port(0).inMemory().timeouts(timeouts).build(),
                JconvexServer.Extensions.none().withModules(new StoreModule()));
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        server.close();
    }

    Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        sockets.add(socket);
        return socket;
    }

    void assertServesOthers() throws IOException {
        assertThat(RawHttp.send(server.port(), QUERY).status()).isEqualTo(200);
    }

    @Test
    void slowlorisSendingHeadersAByteAtATime_isCutOff_whileOthersAreServed() throws Exception {
        Socket slow = connect();
        AtomicBoolean stop = new AtomicBoolean();
        byte[] head =
                "POST /api/query HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                        .getBytes(StandardCharsets.US_ASCII);
        Thread trickle = Thread.ofVirtual().start(() -> {
            try {
                OutputStream out = slow.getOutputStream();
                // The request line and a header, then the header's value forever: never a bad
                // request, only a slow one.
                for (int i = 0; !stop.get(); i++) {
                    out.write(i < head.length ? head[i] : 'a');
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                // cut off: what the test waits for
            }
        });
        try {
            assertServesOthers();
            await().atMost(Duration.ofSeconds(15)).until(() -> RawHttp.closedByServer(slow));
            assertServesOthers();
        } finally {
            stop.set(true);
            trickle.join();
        }
    }

    @Test
    void manyHalfSentRequests_areAllCutOff_andTheServerStillServes() throws Exception {
        for (int i = 0; i < 500; i++) {
            Socket socket = connect();
            socket.getOutputStream()
                    .write("POST /api/mutation HTTP/1.1\r\nHost: 1".getBytes(StandardCharsets.US_ASCII));
        }
        assertServesOthers();
        await().atMost(Duration.ofSeconds(20)).until(() -> sockets.stream().allMatch(RawHttp::closedByServer));
        assertServesOthers();
    }

    @Test
    void bodyShorterThanItsContentLength_isCutOff() throws Exception {
        Socket socket = connect();
        socket.getOutputStream()
                .write(("POST /api/mutation HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                + "Content-Length: 100\r\n\r\n{\"path\":")
                        .getBytes(StandardCharsets.US_ASCII));
        assertServesOthers();
        await().atMost(Duration.ofSeconds(15)).until(() -> RawHttp.closedByServer(socket));
        assertServesOthers();
    }

    @Test
    void manyIdleConnections_doNotExhaustTheServer_andAreClosed() throws Exception {
        for (int i = 0; i < 500; i++) {
            connect();
        }
        assertServesOthers();
        await().atMost(Duration.ofSeconds(20)).until(() -> sockets.stream().allMatch(RawHttp::closedByServer));
        assertServesOthers();
    }

    @Test
    void keepAliveConnection_isClosedAfterItsIdleTime_butServesRequestsBeforeThat() throws Exception {
        Socket socket = connect();
        byte[] keepAlive = new String(QUERY, StandardCharsets.ISO_8859_1)
                .replace("Connection: close\r\n", "")
                .getBytes(StandardCharsets.ISO_8859_1);
        socket.setSoTimeout(10_000);
        for (int i = 0; i < 3; i++) {
            socket.getOutputStream().write(keepAlive);
            assertThat(RawHttp.read(socket.getInputStream()).status()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> RawHttp.closedByServer(socket));
    }

    @Test
    void timeoutsMustBePositive() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> HttpTimeouts.defaults().withKeepAlive(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keepAlive");
    }
}
