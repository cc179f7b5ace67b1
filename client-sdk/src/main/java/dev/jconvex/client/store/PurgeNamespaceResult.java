package dev.jconvex.client.store;

import dev.jconvex.values.ConvexValue;
import java.util.List;

/**
 * What {@link MutableStore#purgeNamespace} deleted, or would delete in a dry run.
 *
 * @param deleted how many entries were (or would be) deleted
 * @param keys the keys that would be deleted; only a dry run lists them, otherwise empty
 * @param dryRun whether nothing was deleted
 */
public record PurgeNamespaceResult(long deleted, String namespace, List<String> keys, boolean dryRun) {
    public PurgeNamespaceResult {
        keys = List.copyOf(keys);
    }

    static PurgeNamespaceResult of(ConvexValue value) {
        ConvexValue.Obj o = Results.obj(value);
        return new PurgeNamespaceResult(
                (long) Results.number(o, "deleted"),
                Results.string(o, "namespace"),
                Results.strings(o, "keys"),
                Results.bool(o, "dryRun"));
    }
}
