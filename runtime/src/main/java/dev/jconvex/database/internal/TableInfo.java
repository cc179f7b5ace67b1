package dev.jconvex.database.internal;

import dev.jconvex.validators.Validator;
import java.util.List;
import java.util.Optional;

/**
 * A Convex table as stored: its name, its table number (spec §4.5), its indexes (built-ins first)
 * and its document validator from the schema. {@code catalogVersion} orders table creations, so a
 * transaction knows whether a table existed in its snapshot.
 */
record TableInfo(String name, int number, List<IndexInfo> indexes, Optional<Validator> validator, long catalogVersion) {

    TableInfo {
        indexes = List.copyOf(indexes);
    }

    /** The H2 table holding the documents. */
    String h2Table() {
        return "T" + number;
    }

    /** The index {@code withIndex(name)} reads: a system or user index, never a derived one. */
    Optional<IndexInfo> index(String name) {
        for (IndexInfo index : indexes) {
            if (index.name().equals(name) && !index.isDerived()) {
                return Optional.of(index);
            }
        }
        return Optional.empty();
    }

    /** Any index by name, derived ones included (for {@link DatabaseReader#scanIndex}). */
    Optional<IndexInfo> anyIndex(String name) {
        for (IndexInfo index : indexes) {
            if (index.name().equals(name)) {
                return Optional.of(index);
            }
        }
        return Optional.empty();
    }

    IndexInfo byId() {
        return indexes.get(0);
    }

    IndexInfo byCreationTime() {
        return indexes.get(1);
    }
}
