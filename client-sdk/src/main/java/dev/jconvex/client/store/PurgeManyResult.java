package dev.jconvex.client.store;

import dev.jconvex.values.ConvexValue;
import java.util.List;

/** What {@link MutableStore#purgeMany} deleted: the count and the keys. */
public record PurgeManyResult(long deleted, String namespace, List<String> keys) {
    public PurgeManyResult {
        keys = List.copyOf(keys);
    }

    static PurgeManyResult of(ConvexValue value) {
        ConvexValue.Obj o = Results.obj(value);
        return new PurgeManyResult(
                (long) Results.number(o, "deleted"), Results.string(o, "namespace"), Results.strings(o, "keys"));
    }
}
