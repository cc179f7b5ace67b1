package dev.jconvex.examples;

import dev.jconvex.client.ConvexClient;
import dev.jconvex.client.ConvexErrorException;
import dev.jconvex.client.store.MutableStore;
import java.io.PrintStream;
import java.util.Optional;

/**
 * A multi-tenant service: every request handler works through {@code store.forTenant(tenantId)}, so
 * two tenants can use the same namespace and keys without seeing or changing each other's entries.
 */
public final class MultiTenantService {

    /** What each tenant saw after both wrote the same key. */
    public record Result(
            String acmePlan,
            String globexPlan,
            long acmeCount,
            long globexCount,
            boolean acmeCouldDeleteGlobexOnlyKey,
            long deletedByAcmePurge,
            long globexCountAfterAcmePurge) {}

    /** A tiny service whose every call is scoped to one tenant. */
    static final class BillingService {
        private final MutableStore store;

        BillingService(MutableStore store) {
            this.store = store;
        }

        void choosePlan(String tenantId, String plan) {
            store.forTenant(tenantId).set("billing", "plan", plan);
        }

        Optional<String> plan(String tenantId) {
            return store.forTenant(tenantId).get("billing", "plan", String.class);
        }

        long entries(String tenantId) {
            return store.forTenant(tenantId).count("billing");
        }
    }

    private MultiTenantService() {}

    public static void main(String[] args) throws Exception {
        try (ConvexClient client = Examples.client(args)) {
            run(client, System.out);
        }
    }

    public static Result run(ConvexClient client, PrintStream out) {
        MutableStore store = MutableStore.of(client);
        store.forTenant("acme").purgeAll();
        store.forTenant("globex").purgeAll();
        BillingService billing = new BillingService(store);

        billing.choosePlan("acme", "enterprise");
        billing.choosePlan("globex", "starter");
        store.forTenant("globex").set("billing", "card", "visa-4242");
        String acmePlan = billing.plan("acme").orElseThrow();
        String globexPlan = billing.plan("globex").orElseThrow();
        out.printf(
                "acme sees plan %s (%d entries), globex sees plan %s (%d entries)%n",
                acmePlan, billing.entries("acme"), globexPlan, billing.entries("globex"));

        boolean crossDelete;
        try {
            store.forTenant("acme").delete("billing", "card");
            crossDelete = true;
        } catch (ConvexErrorException notFound) {
            crossDelete = false;
            out.println("acme cannot delete globex's card: " + notFound.dataAsString());
        }

        long acmeCount = billing.entries("acme");
        long globexCount = billing.entries("globex");
        long purged = store.forTenant("acme").purgeAll();
        long globexAfter = billing.entries("globex");
        out.printf("acme purged its %d entries; globex still has %d%n", purged, globexAfter);
        return new Result(acmePlan, globexPlan, acmeCount, globexCount, crossDelete, purged, globexAfter);
    }
}
