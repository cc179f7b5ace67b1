package dev.jconvex.client;

/** The state of a client's WebSocket sync session (or its in-process equivalent in embedded mode). */
public enum ConnectionState {
    /** Opening a socket: the first time, or again after a loss (see {@link #DISCONNECTED}). */
    CONNECTING,
    /** The socket is open; subscriptions and in-flight mutations have been re-sent on it. */
    CONNECTED,
    /** The socket was lost; a reconnect is scheduled with backoff. Subscriptions keep their last value. */
    DISCONNECTED,
    /** The client was closed, or the deployment sent a {@code FatalError}; nothing reconnects. */
    CLOSED
}
