package dev.jconvex.client.testing;

import dev.jconvex.client.CallRoute;
import dev.jconvex.client.ConvexClient;
import dev.jconvex.client.internal.EmbeddedAccess;
import dev.jconvex.client.store.MutableStore;
import dev.jconvex.embedded.EmbeddedProvider;
import dev.jconvex.embedded.EmbeddedServer;
import dev.jconvex.embedded.EmbeddedServerOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A jconvex emulator for tests: an in-process runtime or a real server on a free port, with a client
 * and a mutable store bound to it. Usable directly ({@code try (var e = JconvexEmulator.server()) {...}})
 * or through {@link JconvexTest}. Closing it closes every client it made, then the emulator.
 */
public final class JconvexEmulator implements AutoCloseable {

    private final EmulatorMode mode;
    private final @Nullable EmbeddedServer server;
    private final ConvexClient client;
    private final List<ConvexClient> clients = new CopyOnWriteArrayList<>();
    private boolean closed;

    private JconvexEmulator(EmulatorMode mode, @Nullable EmbeddedServer server, ConvexClient client) {
        this.mode = mode;
        this.server = server;
        this.client = client;
        clients.add(client);
    }

    /** An in-process runtime (in-memory storage, the modules on the class path, {@code NODE_ENV=test}). */
    public static JconvexEmulator embedded() {
        return new JconvexEmulator(EmulatorMode.EMBEDDED, null, ConvexClient.embedded());
    }

    /** A real server on a free port with in-memory storage; the client calls over HTTP. */
    public static JconvexEmulator server() {
        return server(CallRoute.HTTP);
    }

    /** A real server on a free port; the client's calls take {@code route}. */
    public static JconvexEmulator server(CallRoute route) {
        EmbeddedServer server = EmbeddedProvider.load().startServer(EmbeddedServerOptions.ephemeral());
        try {
            ConvexClient client = clientBuilder(server).callRoute(route).build();
            return new JconvexEmulator(EmulatorMode.SERVER, server, client);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Starts the emulator of {@code mode}. */
    public static JconvexEmulator start(EmulatorMode mode, CallRoute route) {
        return switch (mode) {
            case EMBEDDED -> embedded();
            case SERVER -> server(route);
        };
    }

    private static ConvexClient.Builder clientBuilder(EmbeddedServer server) {
        return ConvexClient.builder(server.url()).reconnectBackoff(Duration.ofMillis(50), Duration.ofSeconds(1));
    }

    /** Where it runs. */
    public EmulatorMode mode() {
        return mode;
    }

    /** The shared client. */
    public ConvexClient client() {
        return client;
    }

    /** A global mutable store over the shared client. */
    public MutableStore store() {
        return MutableStore.of(client);
    }

    /**
     * Another client of the same deployment, closed with the emulator. For a server, {@code settings}
     * adjusts its builder (e.g. {@code b -> b.callRoute(CallRoute.WEBSOCKET)}); an embedded emulator
     * shares one runtime, so {@code settings} applies to a client of that runtime.
     */
    public ConvexClient newClient(Consumer<ConvexClient.Builder> settings) {
        ConvexClient.Builder builder = server != null
                ? clientBuilder(server)
                : EmbeddedAccess.builder(EmbeddedAccess.runtime(client).orElseThrow());
        settings.accept(builder);
        ConvexClient c = builder.build();
        clients.add(c);
        return c;
    }

    /** The deployment URL of a server emulator; empty when embedded. */
    public Optional<String> url() {
        return Optional.ofNullable(server).map(EmbeddedServer::url);
    }

    /** The admin key of a server emulator; empty when embedded. */
    public Optional<String> adminKey() {
        return Optional.ofNullable(server).map(EmbeddedServer::adminKey);
    }

    /**
     * Deletes every document of every table of every module (tables and indexes stay), as convex-test
     * gives each test a fresh database; returns how many documents there were.
     */
    public long reset() {
        return server != null
                ? server.clearAll()
                : EmbeddedAccess.runtime(client).orElseThrow().clearAll();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ConvexClient c : clients) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }
}
