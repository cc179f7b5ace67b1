package dev.jconvex.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.jconvex.server.JconvexServer;
import dev.jconvex.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Issue 12, item 9: a client's mistake is answered, not logged with a stack trace, and nothing is
 * printed around the logger (Undertow's own entity-size check prints a stack trace to standard
 * error; chunked bodies no longer reach it).
 */
class LogHygieneTest {

    JconvexServer server;
    final ListAppender<ILoggingEvent> events = new ListAppender<>();
    final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    PrintStream originalErr;

    @BeforeEach
    void start() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        events.start();
        root.addAppender(events);
        originalErr = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        server = JconvexServer.start(
                ServerConfig.inMemoryOnFreePort(),
                JconvexServer.Extensions.none().withModules(new StoreModule()));
    }

    @AfterEach
    void stop() {
        server.close();
        System.setErr(originalErr);
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(events);
    }

    @Test
    void chunkedBodyOverTheLimit_isAnswered400_withoutAStackTraceAnywhere() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/mutation HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[1 << 20];
            java.util.Arrays.fill(chunk, (byte) 'a');
            RawHttp.Response response = null;
            try {
                for (int i = 0; i < 20; i++) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
            } catch (java.io.IOException closedAfterTheAnswer) {
                // the server answered and closed: read the answer below
            }
            response = RawHttp.read(socket.getInputStream());
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().get("message").asText()).isEqualTo(RequestBody.TOO_LARGE);
        }
        assertNoStackTraces();
    }

    @Test
    void malformedRequests_areNotLogged() throws Exception {
        RawHttp.send(server.port(), RawHttp.post("POST", "/api/mutation", "{}x".getBytes(StandardCharsets.UTF_8)));
        RawHttp.send(
                server.port(),
                ("POST /api/mutation HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 18446744073709551616\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        assertNoStackTraces();
        assertThat(events.list).noneMatch(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN));
    }

    void assertNoStackTraces() {
        assertThat(events.list).allMatch(e -> e.getThrowableProxy() == null);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).doesNotContain("\tat ");
    }
}
