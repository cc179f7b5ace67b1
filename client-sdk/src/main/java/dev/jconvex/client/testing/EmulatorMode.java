package dev.jconvex.client.testing;

/** Where a {@link JconvexTest}'s emulator runs. */
public enum EmulatorMode {
    /** In process, no HTTP: fastest; the client is {@link dev.jconvex.client.ConvexClient#embedded()}. */
    EMBEDDED,
    /** A real HTTP + WebSocket server on a free port of 127.0.0.1, for tests of the wire. */
    SERVER
}
