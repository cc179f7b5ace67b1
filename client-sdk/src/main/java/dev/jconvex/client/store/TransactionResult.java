package dev.jconvex.client.store;

import dev.jconvex.values.ConvexValue;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of {@link MutableStore#transaction}: all operations committed together.
 *
 * @param results one element per operation, in order: the written {@link MutableEntry} for set,
 *     update, increment and decrement, a {@link DeleteResult} for delete
 */
public record TransactionResult(boolean success, int operationsExecuted, List<StoreResult> results) {
    public TransactionResult {
        results = List.copyOf(results);
    }

    static TransactionResult of(ConvexValue value) {
        ConvexValue.Obj o = Results.obj(value);
        List<StoreResult> results = new ArrayList<>();
        ConvexValue list = o.get("results");
        if (list instanceof ConvexValue.Array a) {
            for (ConvexValue v : a.values()) {
                results.add(
                        v instanceof ConvexValue.Obj r && r.has("deleted") ? DeleteResult.of(r) : MutableEntry.of(v));
            }
        }
        return new TransactionResult(
                Results.bool(o, "success"), (int) Results.number(o, "operationsExecuted"), results);
    }
}
