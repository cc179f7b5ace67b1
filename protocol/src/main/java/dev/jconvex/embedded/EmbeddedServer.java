package dev.jconvex.embedded;

/** A running server started by {@link EmbeddedProvider#startServer}; {@link #close()} stops it. */
public interface EmbeddedServer extends AutoCloseable {

    /** The deployment URL, {@code http://127.0.0.1:<port>}. */
    String url();

    /** The port it listens on. */
    int port();

    /** The admin key it accepts ({@code Authorization: Convex <key>}). */
    String adminKey();

    /**
     * Deletes every document of every table of every module (tables and indexes stay), for a clean
     * deployment between tests; returns how many documents were deleted.
     */
    long clearAll();

    @Override
    void close();
}
