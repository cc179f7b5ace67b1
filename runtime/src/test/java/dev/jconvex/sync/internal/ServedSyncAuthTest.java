package dev.jconvex.sync.internal;

import static dev.jconvex.sync.internal.TestSocket.authenticate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jconvex.server.JconvexServer;
import dev.jconvex.server.ServerConfig;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sync route as {@code serve} mounts it ({@link JconvexServer.Extensions#standard()}): an
 * {@code Authenticate} of type Admin carrying the deployment's own admin key is accepted, as the
 * CLI's {@code --watch} and the dashboard send it (wire-protocol §2.8, §4.1).
 */
class ServedSyncAuthTest {

    private JconvexServer server;

    @BeforeEach
    void start() {
        server = JconvexServer.start(ServerConfig.inMemoryOnFreePort());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TestSocket connect() {
        return TestSocket.open(URI.create("ws://127.0.0.1:" + server.port() + "/api/1.48.0/sync"))
                .handshake();
    }

    @Test
    void adminAuthenticate_withTheServersAdminKey_bumpsTheIdentityVersion() {
        TestSocket admin = connect();

        admin.send(authenticate(0, "Admin", server.adminKey().value()));

        assertThat(admin.nextTransition().get("endVersion").get("identity").asInt())
                .isEqualTo(1);
    }

    @Test
    void adminAuthenticate_withAnotherKey_isAnAuthErrorAndCloses() throws Exception {
        TestSocket impostor = connect();

        impostor.send(authenticate(0, "Admin", server.adminKey().value() + "0"));

        assertThat(impostor.next("AuthError").get("error").asText())
                .isEqualTo("The provided admin key was invalid for this instance");
        assertThat(impostor.closed().get(10, TimeUnit.SECONDS)).isEqualTo(1005);
    }
}
