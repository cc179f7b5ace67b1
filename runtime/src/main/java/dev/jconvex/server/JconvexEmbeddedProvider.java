package dev.jconvex.server;

import dev.jconvex.auth.AuthConfig;
import dev.jconvex.embedded.EmbeddedOptions;
import dev.jconvex.embedded.EmbeddedProvider;
import dev.jconvex.embedded.EmbeddedRuntime;
import dev.jconvex.embedded.EmbeddedServer;
import dev.jconvex.embedded.EmbeddedServerOptions;
import dev.jconvex.execution.ConvexModule;
import dev.jconvex.inprocess.InProcessRuntime;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's implementation of the client SDK's {@link EmbeddedProvider}, registered in {@code
 * META-INF/services/dev.jconvex.embedded.EmbeddedProvider}: start-up code that builds in-process
 * runtimes ({@link InProcessRuntime} over an in-memory {@link Jconvex}) and real servers ({@link
 * JconvexServer}), both with the modules found on the class path and, when the options name a
 * {@code convex/} folder, its TypeScript modules (loaded through {@link FunctionsDirectory}, as {@code
 * serve --functions} loads them, and logged as {@code serve} prints them in its banner).
 */
public final class JconvexEmbeddedProvider implements EmbeddedProvider {

    /** Where the lines {@code serve} prints in its banner about a functions folder are logged. */
    private static final Logger LOG = LoggerFactory.getLogger("jconvex.embedded");

    /** The provider {@link java.util.ServiceLoader} instantiates. */
    public JconvexEmbeddedProvider() {}

    @Override
    public EmbeddedRuntime start(EmbeddedOptions options) {
        FunctionsDirectory.Loaded typescript = load(options.functionsDirectory());
        try {
            return InProcessRuntime.start(
                    ServiceLoader.load(ConvexModule.class).stream()
                            .map(ServiceLoader.Provider::get)
                            .toList(),
                    modules -> Jconvex.builder()
                            .inMemory()
                            .env(options.env())
                            .discoverModules(false)
                            .module(modules.toArray(ConvexModule[]::new))
                            .replacingModules(typescript.modules())
                            .build()
                            .seam(),
                    typescript);
        } catch (RuntimeException | Error e) {
            typescript.close();
            throw e;
        }
    }

    @Override
    public EmbeddedServer startServer(EmbeddedServerOptions options) {
        ServerConfig.Builder config =
                ServerConfig.builder().port(options.port()).env(options.env());
        if (options.acceptUnverifiedTokens()) {
            config.auth(AuthConfig.none().withUnverifiedTokens(true));
        }
        options.dataDirectory().ifPresentOrElse(config::dataDirectory, config::inMemory);
        FunctionsDirectory.Loaded typescript = load(options.functionsDirectory());
        JconvexServer server;
        try {
            server = JconvexServer.start(
                    config.build(), JconvexServer.Extensions.standard().withReplacingModules(typescript.modules()));
        } catch (RuntimeException | Error e) {
            typescript.close();
            throw e;
        }
        return new EmbeddedServer() {
            @Override
            public String url() {
                return server.url();
            }

            @Override
            public int port() {
                return server.port();
            }

            @Override
            public String adminKey() {
                return server.adminKey().value();
            }

            @Override
            public long clearAll() {
                return server.runtime().clearAll();
            }

            @Override
            public void close() {
                try {
                    server.close();
                } finally {
                    typescript.close();
                }
            }
        };
    }

    /** The folder's modules (none without a folder), with {@code serve}'s banner lines logged. */
    private static FunctionsDirectory.Loaded load(Optional<Path> directory) {
        if (directory.isEmpty()) {
            return new FunctionsDirectory.Loaded(List.of(), List.of());
        }
        FunctionsDirectory.Loaded loaded;
        try {
            loaded = FunctionsDirectory.loadWithAvailable(directory.get());
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "cannot load the functions folder " + directory.get() + ": " + e.getMessage(), e);
        }
        loaded.banner().forEach(line -> LOG.info("{}", line.strip()));
        return loaded;
    }
}
