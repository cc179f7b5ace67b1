package dev.jconvex.client;

/** Which connection carries {@code query}, {@code mutation} and {@code action} calls of a remote client. */
public enum CallRoute {
    /**
     * One HTTP request per call, like the npm {@code ConvexHttpClient} (the default). Subscriptions still
     * use a WebSocket, opened on the first {@code subscribe}.
     */
    HTTP,
    /**
     * The WebSocket sync session, like the npm {@code ConvexClient}: mutations resolve once a
     * Transition reaches their commit (so a subscription on the same client already shows the write),
     * and unresolved mutations are re-sent on reconnect, where the deployment de-duplicates them.
     */
    WEBSOCKET
}
