package dev.jconvex.sync.internal;

import dev.jconvex.server.Jconvex;
import dev.jconvex.server.internal.RuntimeAccess;
import dev.jconvex.sync.SyncConfig;
import dev.jconvex.testkit.TestEngine;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A real Undertow server on a free port of 127.0.0.1 with the sync endpoint mounted at {@code
 * /api/{version}/sync} and {@code /api/sync}, over a real runtime holding {@link KvModule}.
 */
final class SyncTestServer implements AutoCloseable {

    static final String ADMIN_KEY = "jconvex|0123456789abcdef";

    /** Takes user tokens' claims unverified: the explicit development opt-in. */
    static final UnaryOperator<SyncConfig.Builder> UNVERIFIED_TOKENS =
            b -> b.tokens(dev.jconvex.auth.TokenVerifier.create(
                    dev.jconvex.auth.AuthConfig.none().withUnverifiedTokens(true), java.time.Clock.systemUTC()));

    final KvModule module = new KvModule();
    final Jconvex runtime;
    final SyncProtocol protocol;
    private final Undertow undertow;
    private final int port;
    private final List<TestSocket> sockets = new ArrayList<>();

    SyncTestServer(UnaryOperator<SyncConfig.Builder> config) {
        this(config, (Path) null);
    }

    SyncTestServer(UnaryOperator<SyncConfig.Builder> config, Path dataDirectory) {
        this(
                config,
                dataDirectory == null
                        ? TestEngine.EMBEDDED.runtime()
                        : Jconvex.builder().dataDirectory(dataDirectory));
    }

    /** A server whose runtime is on {@code engine} (in memory for the embedded one). */
    SyncTestServer(TestEngine engine, UnaryOperator<SyncConfig.Builder> config) {
        this(config, engine.runtime());
    }

    private SyncTestServer(UnaryOperator<SyncConfig.Builder> config, Jconvex.Builder builder) {
        runtime = builder.discoverModules(false).module(module).build();
        SyncConfig syncConfig =
                config.apply(SyncConfig.builder().adminKey(ADMIN_KEY::equals)).build();
        protocol = SyncProtocol.of(RuntimeAccess.seam(runtime), syncConfig);
        HttpHandler sync = SyncEndpoint.handler(protocol);
        undertow = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                // Small kernel send buffers: a client that stops reading backs up into the server's
                // own queue after kilobytes, not megabytes (the slow-client test).
                .setSocketOption(org.xnio.Options.SEND_BUFFER, 64 * 1024)
                .setHandler(
                        Handlers.pathTemplate().add("/api/{version}/sync", sync).add("/api/sync", sync))
                .build();
        undertow.start();
        port = ((InetSocketAddress) undertow.getListenerInfo().getFirst().getAddress()).getPort();
    }

    SyncTestServer() {
        this(b -> b);
    }

    URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + port + path);
    }

    /** A client socket at {@code /api/1.48.0/sync} that has sent nothing yet. */
    TestSocket connect() {
        return connect("/api/1.48.0/sync");
    }

    TestSocket connect(String path) {
        TestSocket socket = TestSocket.open(uri(path));
        sockets.add(socket);
        return socket;
    }

    @Override
    public void close() {
        sockets.forEach(TestSocket::abort);
        undertow.stop();
        protocol.close();
        runtime.close();
    }
}
