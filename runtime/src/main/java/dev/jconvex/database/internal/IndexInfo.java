package dev.jconvex.database.internal;

import dev.jconvex.schema.DerivedIndexDefinition;
import dev.jconvex.values.ConvexValue;
import dev.jconvex.values.KeyEncoding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One index of a table as stored: its name, its full key field list F (spec §6.1: the user fields,
 * then {@code _creationTime}, then {@code _id}; {@code by_id} is just {@code _id}) and its storage name ({@code column}, the
 * name of the engine's map or column) holding each document's key, the {@link KeyEncoding} of the tuple of those field values (a missing
 * field is {@code undefined}).
 *
 * <p>A <em>derived</em> index ({@link DerivedIndexDefinition}) has no fields: its key is the tuple of
 * the parts its Java function computes from the document body, then {@code _creationTime}, then
 * {@code _id}. Everything that works from {@link #key} (writes, write sets, read-set overlap, index
 * backfill) treats it like any index; only {@code withIndex} does not see it ({@link
 * TableInfo#index}).
 */
record IndexInfo(String name, List<String> keyFields, String column, Optional<DerivedIndexDefinition> derived) {

    static final String BY_ID = "by_id";
    static final String BY_CREATION_TIME = "by_creation_time";

    IndexInfo {
        keyFields = List.copyOf(keyFields);
    }

    /** An index over fields. */
    IndexInfo(String name, List<String> keyFields, String column) {
        this(name, keyFields, column, Optional.empty());
    }

    static IndexInfo byId() {
        return new IndexInfo(BY_ID, List.of("_id"), "K_BY_ID");
    }

    static IndexInfo byCreationTime() {
        return new IndexInfo(BY_CREATION_TIME, List.of("_creationTime", "_id"), "K_BY_CREATION_TIME");
    }

    static IndexInfo user(String name, List<String> fields) {
        List<String> keyFields = new ArrayList<>(fields);
        keyFields.add("_creationTime");
        keyFields.add("_id");
        return new IndexInfo(
                name, keyFields, ("I_" + name + "_" + Integer.toHexString(name.hashCode())).toUpperCase(Locale.ROOT));
    }

    /**
     * A derived index. Its column name hashes the name and the {@linkplain
     * DerivedIndexDefinition#version version}, so a new version is a new column: the catalog builds
     * it and drops the old one when the database opens ({@link Persistence#reconcileIndexes}).
     */
    static IndexInfo derived(DerivedIndexDefinition definition) {
        String id = definition.name() + "@" + definition.version();
        return new IndexInfo(
                definition.name(),
                List.of(),
                ("D" + definition.name() + "_" + Integer.toHexString(id.hashCode())).toUpperCase(Locale.ROOT),
                Optional.of(definition));
    }

    /** Whether this is a derived index, which {@code withIndex} does not see. */
    boolean isDerived() {
        return derived.isPresent();
    }

    /**
     * Whether {@code a} and {@code b} (two versions of one document) certainly have the same key here:
     * every field the key reads is equal. For a derived index, the fields its definition declares it
     * reads ({@link DerivedIndexDefinition#reads}); without a declaration, never.
     */
    boolean sameKey(StoredDocument a, StoredDocument b) {
        if (derived.isPresent()) {
            Optional<List<String>> reads = derived.get().reads();
            if (reads.isEmpty()) {
                return false;
            }
            for (String field : reads.get()) {
                if (!java.util.Objects.equals(
                        a.body().fields().get(field), b.body().fields().get(field))) {
                    return false;
                }
            }
            return a.creationTime() == b.creationTime() && a.id().equals(b.id());
        }
        for (String field : keyFields) {
            if (!java.util.Objects.equals(a.field(field), b.field(field))) {
                return false;
            }
        }
        return true;
    }

    /** The key of {@code doc} in this index. */
    byte[] key(StoredDocument doc) {
        if (derived.isPresent()) {
            return KeyEncoding.encodeIndexKey(derived.get().key().apply(doc.body()), doc.creationTime(), doc.id());
        }
        List<ConvexValue> values = new ArrayList<>(keyFields.size());
        for (String field : keyFields) {
            values.add(doc.field(field));
        }
        return KeyEncoding.encodeTuple(values);
    }
}
