package dev.jconvex.client.store;

import dev.jconvex.values.ConvexValue;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored entry of the mutable store: a document of the {@code mutable} table.
 *
 * @param id the document id ({@code _id})
 * @param creationTime {@code _creationTime}, milliseconds since the epoch with a fraction
 * @param namespace the entry's namespace ({@code "inventory"}, {@code "config"}, ...)
 * @param key the entry's key within the namespace
 * @param value the stored value, any Convex value
 * @param userId the user the entry was written for, if any
 * @param tenantId the tenant owning the entry; empty for a global entry
 * @param metadata free-form metadata, if any
 * @param createdAt when the entry was created, milliseconds since the epoch
 * @param updatedAt when it was last written, milliseconds since the epoch
 */
public record MutableEntry(
        String id,
        double creationTime,
        String namespace,
        String key,
        ConvexValue value,
        Optional<String> userId,
        Optional<String> tenantId,
        Optional<ConvexValue> metadata,
        long createdAt,
        long updatedAt)
        implements StoreResult {

    /** Reads a {@code mutable} document. */
    static MutableEntry of(ConvexValue document) {
        if (!(document instanceof ConvexValue.Obj doc)) {
            throw new IllegalArgumentException("Expected a mutable document, got " + document);
        }
        return new MutableEntry(
                Results.string(doc, "_id"),
                Results.number(doc, "_creationTime"),
                Results.string(doc, "namespace"),
                Results.string(doc, "key"),
                Objects.requireNonNullElse(doc.get("value"), ConvexValue.NULL),
                Results.optionalString(doc, "userId"),
                Results.optionalString(doc, "tenantId"),
                Optional.ofNullable(doc.get("metadata")),
                (long) Results.number(doc, "createdAt"),
                (long) Results.number(doc, "updatedAt"));
    }

    /** The value as a double, if it is a number (float64 or int64). */
    public Optional<Double> numericValue() {
        return switch (value) {
            case ConvexValue.Float64 f -> Optional.of(f.value());
            case ConvexValue.Int64 i -> Optional.of(i.value() * 1.0);
            default -> Optional.empty();
        };
    }
}
