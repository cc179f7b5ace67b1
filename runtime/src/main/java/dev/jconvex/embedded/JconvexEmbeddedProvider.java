package dev.jconvex.embedded;

import dev.jconvex.server.JconvexServer;
import dev.jconvex.server.ServerConfig;

/**
 * The runtime's implementation of the client SDK's {@link EmbeddedProvider}, registered in {@code
 * META-INF/services/dev.jconvex.embedded.EmbeddedProvider}: in-process runtimes ({@link
 * InProcessRuntime}) and real servers ({@link JconvexServer}), both with the modules found on the class
 * path.
 */
public final class JconvexEmbeddedProvider implements EmbeddedProvider {

    @Override
    public EmbeddedRuntime start(EmbeddedOptions options) {
        return new InProcessRuntime(options);
    }

    @Override
    public EmbeddedServer startServer(EmbeddedServerOptions options) {
        ServerConfig.Builder config =
                ServerConfig.builder().port(options.port()).env(options.env());
        if (options.acceptUnverifiedTokens()) {
            config.auth(dev.jconvex.auth.AuthConfig.none().withUnverifiedTokens(true));
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
