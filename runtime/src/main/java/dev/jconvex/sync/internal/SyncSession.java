package dev.jconvex.sync.internal;

/**
 * One client connection speaking the sync protocol (wire-protocol §2), independent of the transport:
 * the transport hands it each client text message and it answers through its {@link SyncOutbound}.
 * Obtain one from {@link SyncProtocol#open}.
 */
public interface SyncSession extends AutoCloseable {

    /** Accepts one client message (a JSON text frame). Never blocks; processing is asynchronous. */
    void receive(String json);

    /**
     * The connection is gone (or the owner wants it gone): subscriptions are dropped and nothing more
     * is sent. Idempotent.
     */
    @Override
    void close();
}
