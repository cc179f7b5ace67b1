package dev.jconvex.examples;

import dev.jconvex.client.ConvexClient;
import dev.jconvex.client.store.MutableStore;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * An inventory counter decremented by many threads at once. Each {@link MutableStore#decrement} is one
 * mutation, and mutations are serializable transactions, so no decrement is lost: the final stock is
 * exactly {@code initial - threads * ordersPerThread}. (A read-then-write from the client would lose
 * updates under this contention.)
 */
public final class InventoryCounter {

    /** What a run did. */
    public record Result(long initialStock, int orders, double finalStock) {}

    private InventoryCounter() {}

    public static void main(String[] args) throws Exception {
        try (ConvexClient client = Examples.client(args)) {
            run(client, 16, 25, 1_000, System.out);
        }
    }

    /** Stocks {@code initialStock} widgets, then sells one per order from {@code threads} threads. */
    public static Result run(ConvexClient client, int threads, int ordersPerThread, long initialStock, PrintStream out)
            throws Exception {
        MutableStore store = MutableStore.of(client);
        store.set("inventory", "widgets", initialStock);
        out.printf("Stocked %d widgets; %d threads each selling %d%n", initialStock, threads, ordersPerThread);

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> sellers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                sellers.add(pool.submit(() -> {
                    for (int i = 0; i < ordersPerThread; i++) {
                        store.decrement("inventory", "widgets", 1);
                    }
                    return null;
                }));
            }
            for (Future<?> seller : sellers) {
                seller.get(); // rethrows the first failure
            }
        } finally {
            pool.shutdown();
        }

        double left = store.getRecord("inventory", "widgets")
                .orElseThrow()
                .numericValue()
                .orElseThrow();
        out.printf(
                "Sold %d, %s left (expected %d)%n",
                threads * ordersPerThread, (long) left, initialStock - (long) threads * ordersPerThread);
        return new Result(initialStock, threads * ordersPerThread, left);
    }
}
