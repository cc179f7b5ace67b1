package dev.jconvex.client.store;

import dev.jconvex.values.ConvexValue;

/** What {@link MutableStore#delete} (or a transaction's delete) removed. */
public record DeleteResult(boolean deleted, String namespace, String key) implements StoreResult {
    static DeleteResult of(ConvexValue value) {
        ConvexValue.Obj o = Results.obj(value);
        return new DeleteResult(Results.bool(o, "deleted"), Results.string(o, "namespace"), Results.string(o, "key"));
    }
}
