package com.example.consumer;

import dev.jconvex.client.ConvexClient;
import dev.jconvex.client.store.MutableStore;
import dev.jconvex.values.ConvexValue;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An application's settings kept in a Convex deployment through the SDK, written with the imports
 * of the README's Java example: the code a user copies, compiled against the published artifacts.
 */
public final class Settings {

    private final ConvexClient client;
    private final MutableStore store;

    public Settings(ConvexClient client) {
        this.client = client;
        this.store = MutableStore.of(client);
    }

    /** Stores {@code value} under {@code name}. */
    public void set(String name, String value) {
        store.set("config", name, value);
    }

    /** The value under {@code name}, if set. */
    public Optional<String> get(String name) {
        return store.get("config", name, String.class);
    }

    /** Calls {@code listener} with the stored document now and after every change. */
    public AutoCloseable watch(String name, Consumer<ConvexValue> listener) {
        return client.subscribe("mutable:get", Map.of("namespace", "config", "key", name), listener::accept);
    }
}
