package dev.jconvex.examples;

import dev.jconvex.client.ConvexClient;
import dev.jconvex.client.Subscription;
import dev.jconvex.client.SubscriptionListener;
import dev.jconvex.client.store.MutableStore;
import dev.jconvex.values.ConvexValue;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A configuration store with a live subscription: the watcher subscribes to every entry of the
 * {@code config} namespace ({@code mutable:list}) and prints the configuration each time it changes,
 * while the same program changes it. The deployment pushes each new result over the WebSocket.
 */
public final class ConfigWatcher {

    private ConfigWatcher() {}

    public static void main(String[] args) throws Exception {
        try (ConvexClient client = Examples.client(args)) {
            run(client, System.out);
        }
    }

    /**
     * Watches the configuration while applying three changes; returns every configuration the watcher
     * saw, in order (the first is the state before any change).
     */
    public static List<Map<String, String>> run(ConvexClient client, PrintStream out) throws InterruptedException {
        MutableStore store = MutableStore.of(client);
        store.purgeNamespace("config", false);

        List<Map<String, String>> seen = new ArrayList<>();
        CountDownLatch firstResult = new CountDownLatch(1);
        CountDownLatch finalState = new CountDownLatch(1);
        SubscriptionListener<ConvexValue> printer = value -> {
            Map<String, String> config = asConfig(value);
            synchronized (seen) {
                seen.add(config);
            }
            out.println("config is now " + config);
            firstResult.countDown();
            if ("3".equals(config.get("maxRetries")) && "dark".equals(config.get("theme"))) {
                finalState.countDown();
            }
        };

        // open for the whole block, closed at its end
        Subscription watch = client.subscribe("mutable:list", Map.of("namespace", "config"), printer);
        try (watch) {
            if (!firstResult.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no initial configuration within 10 s");
            }
            store.set("config", "theme", "light");
            store.set("config", "maxRetries", 3);
            store.set("config", "theme", "dark");
            if (!finalState.await(10, TimeUnit.SECONDS)) {
                synchronized (seen) {
                    throw new IllegalStateException(
                            "the watcher did not see the final configuration within 10 s; it saw " + seen);
                }
            }
        }
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    /** A value as a person would write it: strings bare, whole numbers without a fraction. */
    private static String text(ConvexValue value) {
        return switch (value) {
            case ConvexValue.Str s -> s.value();
            case ConvexValue.Float64 f
            when f.value() == Math.rint(f.value()) && Math.abs(f.value()) < 1e15 -> Long.toString((long) f.value());
            default -> value.toString();
        };
    }

    /** The {@code list} result as key → value text, sorted by key. */
    private static Map<String, String> asConfig(ConvexValue entries) {
        Map<String, String> config = new TreeMap<>();
        if (entries instanceof ConvexValue.Array array) {
            for (ConvexValue e : array.values()) {
                ConvexValue.Obj entry = (ConvexValue.Obj) e;
                String key = ((ConvexValue.Str) Objects.requireNonNull(entry.get("key"))).value();
                ConvexValue value = Objects.requireNonNull(entry.get("value"));
                config.put(key, text(value));
            }
        }
        return config;
    }
}
