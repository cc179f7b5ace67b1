package dev.jconvex.client;

import java.util.concurrent.CompletableFuture;

/**
 * One connection carrying the sync protocol's JSON text messages: a WebSocket, or an in-process
 * session of an embedded runtime. The protocol logic ({@link SyncClient}) does not know which.
 */
interface SyncLink {

    /** Sends one client message. Calls come from one thread at a time. */
    void send(String message);

    /** Closes the connection; {@link Events#onClosed} is still called once. */
    void close();

    /** What a link reports; calls may come from any thread. */
    interface Events {
        void onMessage(String message);

        void onClosed(String reason);
    }

    /** Opens links. */
    @FunctionalInterface
    interface Factory {
        CompletableFuture<SyncLink> open(Events events);
    }
}
