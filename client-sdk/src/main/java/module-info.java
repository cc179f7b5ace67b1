/**
 * The Java client for Convex deployments. Exported: the client ({@code dev.jconvex.client}), the typed
 * mutable store ({@code client.store}) and the JUnit 5 extension ({@code client.testing}, which needs
 * JUnit Jupiter on the caller's path). Not exported: {@code client.internal}, how the SDK's own
 * packages reach an embedded runtime.
 */
module dev.jconvex.client {
    requires transitive dev.jconvex.schema;
    requires transitive dev.jconvex.protocol;
    requires java.net.http;
    requires static transitive org.jspecify;
    requires static transitive org.junit.jupiter.api;
    requires static org.junit.platform.commons;

    exports dev.jconvex.client;
    exports dev.jconvex.client.store;
    exports dev.jconvex.client.testing;
}
