package dev.jconvex.server;

import dev.jconvex.auth.AuthConfig;
import dev.jconvex.embedded.EmbeddedOptions;
import dev.jconvex.embedded.EmbeddedProvider;
import dev.jconvex.embedded.EmbeddedRuntime;
import dev.jconvex.embedded.EmbeddedServer;
import dev.jconvex.embedded.EmbeddedServerOptions;
import dev.jconvex.execution.ConvexModule;
import dev.jconvex.inprocess.InProcessRuntime;
import java.util.ServiceLoader;

/**
 * The runtime's implementation of the client SDK's {@link EmbeddedProvider}, registered in {@code
 * META-INF/services/dev.jconvex.embedded.EmbeddedProvider}: start-up code that builds in-process
 * runtimes ({@link InProcessRuntime} over an in-memory {@link Jconvex}) and real servers ({@link
 * JconvexServer}), both with the modules found on the class path.
 */
public final class JconvexEmbeddedProvider implements EmbeddedProvider {

    @Override
    public EmbeddedRuntime start(EmbeddedOptions options) {
        return InProcessRuntime.start(
                ServiceLoader.load(ConvexModule.class).stream()
                        .map(ServiceLoader.Provider::get)
                        .toList(),
                modules -> Jconvex.builder()
                        .inMemory()
                        .env(options.env())
                        .discoverModules(false)
                        .module(modules.toArray(ConvexModule[]::new))
                        .build());
    }

    @Override
    public EmbeddedServer startServer(EmbeddedServerOptions options) {
        ServerConfig.Builder config =
                ServerConfig.builder().port(options.port()).env(options.env());
        if (options.acceptUnverifiedTokens()) {
            config.auth(AuthConfig.none().withUnverifiedTokens(true));
        }
        options.dataDirectory().ifPresentOrElse(config::dataDirectory, config::inMemory);
        JconvexServer server = JconvexServer.start(config.build());
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
                server.close();
            }
        };
    }
}
