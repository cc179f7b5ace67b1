package dev.jconvex.schema;

import dev.jconvex.values.ConvexValue;
import dev.jconvex.values.Identifiers;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * An engine-internal index of a table whose key parts are computed from each document by Java code,
 * for Java modules that need an order no field holds (the mutable store's {@code list} reads entries
 * in ICU collation order of their {@code key}). It is not part of Convex's schema: {@code withIndex}
 * does not find it, clients never see it; Java module code reads it with {@code
 * DatabaseReader.scanIndex} (runtime module).
 *
 * <p>The key of a document is {@code key.apply(body)} (the document without {@code _id} and {@code
 * _creationTime}; a Java null part is {@code undefined}), then {@code _creationTime}, then {@code
 * _id}, encoded and ordered as a user index key (values §6.1), so documents with equal parts come in
 * creation order. The engine maintains it on every write like a user index, so read sets over it
 * are exact.
 *
 * @param name the index name; it must start with {@code _} (which user index names cannot) and be
 *     an identifier, so it never collides with a user index
 * @param version identifies the key function's output: when it changes (a new collator version, a
 *     new encoding), the engine rebuilds the index when the database opens
 * @param key computes the key parts from a document body; it must be deterministic, must not throw,
 *     and must return the same number of parts for every document
 * @param reads the top-level body fields {@code key} reads, when declared: a write that changes none
 *     of them keeps the document's key without computing it again; empty means unknown (always
 *     computed)
 */
public record DerivedIndexDefinition(
        String name, String version, Function<ConvexValue.Obj, List<ConvexValue>> key, Optional<List<String>> reads) {

    /** A derived index whose key function may read any field. */
    public DerivedIndexDefinition(String name, String version, Function<ConvexValue.Obj, List<ConvexValue>> key) {
        this(name, version, key, Optional.empty());
    }

    /** A derived index whose key function reads only the top-level fields {@code reads}. */
    public DerivedIndexDefinition(
            String name, String version, List<String> reads, Function<ConvexValue.Obj, List<ConvexValue>> key) {
        this(name, version, key, Optional.of(List.copyOf(reads)));
    }

    /** Checks the name. */
    public DerivedIndexDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(reads, "reads");
        if (!name.startsWith("_") || !Identifiers.isValid(name)) {
            throw new IllegalArgumentException(
                    "a derived index name must be an identifier that starts with an underscore: " + name);
        }
    }
}
