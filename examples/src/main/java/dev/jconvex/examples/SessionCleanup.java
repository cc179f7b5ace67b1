package dev.jconvex.examples;

import dev.jconvex.client.ConvexClient;
import dev.jconvex.client.store.ListFilter;
import dev.jconvex.client.store.MutableEntry;
import dev.jconvex.client.store.MutableStore;
import dev.jconvex.client.store.PurgeFilter;
import dev.jconvex.client.store.PurgeManyResult;
import dev.jconvex.client.store.SetOptions;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * A session store cleaned with {@link MutableStore#purgeMany}: expired sessions (not updated since a
 * cutoff) are removed in one mutation, then every session of a user who logged out everywhere.
 */
public final class SessionCleanup {

    /** What was purged and what is left. */
    public record Result(List<String> expired, List<String> loggedOut, List<String> remaining) {}

    private SessionCleanup() {}

    public static void main(String[] args) throws Exception {
        try (ConvexClient client = Examples.client(args)) {
            run(client, System.out);
        }
    }

    public static Result run(ConvexClient client, PrintStream out) throws InterruptedException {
        MutableStore store = MutableStore.of(client);
        store.purgeNamespace("sessions", false);

        // Two old sessions, then (once the server clock has moved on) three fresh ones.
        MutableEntry old = store.set("sessions", "s-old-1", Map.of("ip", "10.0.0.1"), SetOptions.userId("alice"));
        store.set("sessions", "s-old-2", Map.of("ip", "10.0.0.2"), SetOptions.userId("bob"));
        long cutoff = store.getRecord("sessions", "s-old-2").orElseThrow().updatedAt() + 1;
        while (System.currentTimeMillis() <= cutoff) {
            Thread.sleep(1); // entries written in the cutoff's millisecond would count as old
        }
        store.set("sessions", "s-new-1", Map.of("ip", "10.0.0.3"), SetOptions.userId("alice"));
        store.set("sessions", "s-new-2", Map.of("ip", "10.0.0.4"), SetOptions.userId("bob"));
        store.set("sessions", "s-new-3", Map.of("ip", "10.0.0.5"), SetOptions.userId("carol"));
        out.printf("5 sessions, oldest updated at %d; expiring those not updated since %d%n", old.updatedAt(), cutoff);

        PurgeManyResult expired = store.purgeMany(
                PurgeFilter.namespace("sessions").updatedBefore(cutoff).build());
        out.println("expired: " + expired.keys());

        PurgeManyResult bob =
                store.purgeMany(PurgeFilter.namespace("sessions").userId("bob").build());
        out.println("bob logged out everywhere: " + bob.keys());

        List<String> remaining = store.list(ListFilter.namespace("sessions").build()).stream()
                .map(MutableEntry::key)
                .toList();
        out.println("remaining: " + remaining);
        return new Result(expired.keys(), bob.keys(), remaining);
    }
}
