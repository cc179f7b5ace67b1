package dev.jconvex.client.testing;

import dev.jconvex.client.CallRoute;
import dev.jconvex.client.ConvexClient;
import dev.jconvex.client.internal.EmbeddedAccess;
import dev.jconvex.client.store.MutableStore;
import dev.jconvex.embedded.EmbeddedProvider;
import dev.jconvex.embedded.EmbeddedServer;
import dev.jconvex.embedded.EmbeddedServerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A jconvex emulator for tests: an in-process runtime or a real server on a free port, with a client
 * and a mutable store bound to it. Usable directly ({@code try (var e = JconvexEmulator.server()) {...}})
 * or through {@link JconvexTest}; {@link #builder()} adds a TypeScript {@code convex/} folder. Closing
 * it closes every client it made, then the emulator.
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
        return builder().start();
    }

    /** A real server on a free port with in-memory storage; the client calls over HTTP. */
    public static JconvexEmulator server() {
        return server(CallRoute.HTTP);
    }

    /** A real server on a free port; the client's calls take {@code route}. */
    public static JconvexEmulator server(CallRoute route) {
        return builder().mode(EmulatorMode.SERVER).callRoute(route).start();
    }

    /** Starts the emulator of {@code mode}. */
    public static JconvexEmulator start(EmulatorMode mode, CallRoute route) {
        return builder().mode(mode).callRoute(route).start();
    }

    /**
     * A builder of an emulator; defaults: {@link EmulatorMode#EMBEDDED}, calls over {@link
     * CallRoute#HTTP} (for a server), Java modules only.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings of a {@link JconvexEmulator}, then {@link #start()}. */
    public static final class Builder {
        private EmulatorMode mode = EmulatorMode.EMBEDDED;
        private CallRoute route = CallRoute.HTTP;
        private Optional<Path> functions = Optional.empty();

        private Builder() {}

        /** In process or a real server on a free port. */
        public Builder mode(EmulatorMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** For {@link EmulatorMode#SERVER}: which connection the shared client uses for calls. */
        public Builder callRoute(CallRoute route) {
            this.route = Objects.requireNonNull(route, "route");
            return this;
        }

        /**
         * Also serves the TypeScript queries, mutations and actions of a Convex project's {@code
         * convex/} folder, in place of any Java module with the same path (as {@code serve --functions
         * DIR}; the replacement is logged on {@code jconvex.embedded}). Needs {@code
         * jconvex-typescript} at run time (brought by {@code jconvex-embedded}) and Node.js, which
         * bundles the folder.
         */
        public Builder functions(Path convexDirectory) {
            this.functions = Optional.of(Objects.requireNonNull(convexDirectory, "convexDirectory"));
            return this;
        }

        /**
         * Starts the emulator and its shared client.
         *
         * @throws IllegalStateException if the runtime is not on the class path, or the functions
         *     folder cannot be loaded (with the reason)
         */
        public JconvexEmulator start() {
            return switch (mode) {
                case EMBEDDED -> {
                    ConvexClient.Builder client = ConvexClient.embeddedBuilder();
                    functions.ifPresent(client::embeddedFunctions);
                    yield new JconvexEmulator(EmulatorMode.EMBEDDED, null, client.build());
                }
                case SERVER -> {
                    EmbeddedServerOptions options = EmbeddedServerOptions.ephemeral();
                    if (functions.isPresent()) {
                        options = options.withFunctionsDirectory(functions.get());
                    }
                    EmbeddedServer server = EmbeddedProvider.load().startServer(options);
                    try {
                        ConvexClient client =
                                clientBuilder(server).callRoute(route).build();
                        yield new JconvexEmulator(EmulatorMode.SERVER, server, client);
                    } catch (RuntimeException e) {
                        server.close();
                        throw e;
                    }
                }
            };
        }
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
