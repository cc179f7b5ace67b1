package dev.jconvex.embedded;

import java.util.ServiceLoader;

/**
 * A jconvex runtime that can run inside the caller's JVM. Implementations are found with {@link
 * ServiceLoader}; see {@link #load()}.
 */
public interface EmbeddedProvider {

    /** Starts an in-process runtime with in-memory storage and every module found on the class path. */
    EmbeddedRuntime start(EmbeddedOptions options);

    /**
     * Starts a real HTTP + WebSocket server (e.g. on port 0 for tests) serving every module found on the
     * class path.
     */
    EmbeddedServer startServer(EmbeddedServerOptions options);

    /**
     * The first provider on the class path.
     *
     * @throws IllegalStateException if none is there (the runtime jar is missing)
     */
    static EmbeddedProvider load() {
        return ServiceLoader.load(EmbeddedProvider.class)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No jconvex runtime on the class path: embedded mode"
                        + " needs dev.jconvex:jconvex-runtime (and the jars of your Convex modules, e.g."
                        + " jconvex-functions) at run time"));
    }
}
