package dev.jconvex.schema;

import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import dev.jconvex.validators.Validator;
import dev.jconvex.values.Identifiers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code defineTable(validator).index(name, fields)}: a table name, its document validator (empty
 * means any document) and its indexes (values §5.6, §6.1), plus the engine-internal {@linkplain
 * DerivedIndexDefinition derived indexes} a Java module declares (not part of Convex's schema).
 *
 * <p>Construction validates the definition in the backend's order, with its texts and codes: the
 * table name (identifier, not a system table), the index count (≤ 64), each index's fields as parsed
 * (≤ 16, no {@code _id}, no duplicates, valid paths), non-empty indexes, no two indexes with the same
 * fields, index names (identifiers, not reserved, unique), then the rules applied when the schema is
 * pushed (no {@code _creationTime}, no {@code _} fields, ≤ 16 fields with {@code _creationTime}).
 */
public record TableDefinition(
        String name,
        Optional<Validator> documentValidator,
        List<IndexDefinition> indexes,
        List<DerivedIndexDefinition> derivedIndexes) {

    /** The most indexes on one table (§6.1). */
    public static final int MAX_INDEXES = 64;
    /** The most fields in an index, including the implicit {@code _creationTime} (§6.1). */
    public static final int MAX_INDEX_FIELDS = 16;

    /** Validates and copies. */
    public TableDefinition {
        indexes = List.copyOf(indexes);
        derivedIndexes = List.copyOf(derivedIndexes);
        validate(name, indexes);
        Set<String> derivedNames = new HashSet<>();
        for (DerivedIndexDefinition derived : derivedIndexes) {
            if (!derivedNames.add(derived.name())) {
                throw new IllegalArgumentException(
                        "table " + name + " has two derived indexes named " + derived.name());
            }
        }
    }

    /** A table without derived indexes. */
    public TableDefinition(String name, Optional<Validator> documentValidator, List<IndexDefinition> indexes) {
        this(name, documentValidator, indexes, List.of());
    }

    /** A table whose documents must match {@code validator}. */
    public static TableDefinition define(String name, Validator validator) {
        return new TableDefinition(name, Optional.of(validator), List.of());
    }

    /** A table that accepts any document. */
    public static TableDefinition defineAny(String name) {
        return new TableDefinition(name, Optional.empty(), List.of());
    }

    /** A copy with one more index over {@code fields}. */
    public TableDefinition index(String indexName, String... fields) {
        List<IndexDefinition> next = new ArrayList<>(indexes);
        next.add(new IndexDefinition(indexName, List.of(fields)));
        return new TableDefinition(name, documentValidator, next, derivedIndexes);
    }

    /** A copy with one more engine-internal index whose key parts Java code computes. */
    public TableDefinition derivedIndex(DerivedIndexDefinition derived) {
        List<DerivedIndexDefinition> next = new ArrayList<>(derivedIndexes);
        next.add(derived);
        return new TableDefinition(name, documentValidator, indexes, next);
    }

    /** The index named {@code indexName}, if defined. */
    public Optional<IndexDefinition> findIndex(String indexName) {
        for (IndexDefinition i : indexes) {
            if (i.name().equals(indexName)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    private static void validate(String table, List<IndexDefinition> indexes) {
        if (!Identifiers.isValid(table)) {
            throw new ConvexException(
                    ErrorCode.InvalidTableName,
                    "Invalid table name: \"" + table
                            + "\". Identifiers must start with a letter and can only contain letters, digits, and"
                            + " underscores.");
        }
        if (table.startsWith("_")) {
            throw new ConvexException(ErrorCode.TableNameReserved, table + " is a reserved table name.");
        }
        if (indexes.size() > MAX_INDEXES) {
            throw new ConvexException(
                    ErrorCode.TooManyIndexes,
                    "Table \"" + table + "\" cannot have more than " + MAX_INDEXES + " indexes.");
        }
        String inTable = "In table \"" + table + "\": ";
        for (IndexDefinition index : indexes) {
            Optional<String> badName = Identifiers.error(index.name());
            if (badName.isPresent()) {
                throw new ConvexException(ErrorCode.InvalidIdentifier, inTable + badName.get());
            }
            String inIndex = inTable + "In index \"" + index.name() + "\": ";
            for (String field : index.fields()) {
                if (!isFieldPath(field)) {
                    throw new ConvexException(
                            ErrorCode.InvalidIndexField, inIndex + "Invalid index field: \"" + field + "\"");
                }
            }
            if (index.fields().size() > MAX_INDEX_FIELDS) {
                throw new ConvexException(
                        ErrorCode.IndexTooManyFields,
                        inIndex + "Indexes may have up to " + MAX_INDEX_FIELDS + " fields.");
            }
            if (index.fields().contains("_id")) {
                throw new ConvexException(
                        ErrorCode.IndexFieldsContainId,
                        inIndex + "`_id` is not a valid index field. To load documents by ID, use `db.get(id)`.");
            }
            Set<String> seen = new HashSet<>();
            for (String field : index.fields()) {
                if (!seen.add(field)) {
                    throw new ConvexException(
                            ErrorCode.FieldsNotUniqueWithinIndex,
                            inIndex + "Duplicate field " + field + ". Index fields must be unique within an index.");
                }
            }
        }
        for (IndexDefinition index : indexes) {
            if (index.fields().isEmpty()) {
                throw new ConvexException(
                        ErrorCode.EmptyIndex,
                        "In table \"" + table + "\" index \"" + index.name() + "\" must have at least one field.");
            }
        }
        // Two indexes over the same fields; the backend visits indexes by name.
        List<IndexDefinition> byName = new ArrayList<>(indexes);
        byName.sort((a, b) -> a.name().compareTo(b.name()));
        Map<List<String>, String> fieldsSeen = new HashMap<>();
        for (IndexDefinition index : byName) {
            String other = fieldsSeen.putIfAbsent(index.fields(), index.name());
            if (other != null) {
                throw new ConvexException(
                        ErrorCode.IndexNotUnique,
                        "In table \"" + table + "\" index \"" + index.name() + "\" and index \"" + other
                                + "\" have the same fields. Indexes must be unique within a table.");
            }
        }
        Set<String> names = new HashSet<>();
        for (IndexDefinition index : indexes) {
            String n = index.name();
            if (n.startsWith("_") || n.equals("by_id") || n.equals("by_creation_time")) {
                throw new ConvexException(
                        ErrorCode.IndexNameReserved,
                        "In table \"" + table + "\" cannot name an index \"" + n
                                + "\" because the name is reserved. Indexes may not start with an underscore or be"
                                + " named \"by_id\" or \"by_creation_time\".");
            }
            if (!names.add(n)) {
                throw new ConvexException(
                        ErrorCode.IndexNamesNotUnique,
                        "Table \"" + table + "\" has two or more definitions of index \"" + n + "\".");
            }
        }
        // Rules applied when the schema is pushed (RS _validate_user_defined_index_fields).
        for (IndexDefinition index : indexes) {
            if (index.fields().contains("_creationTime")) {
                throw new ConvexException(
                        ErrorCode.IndexFieldsContainCreationTime,
                        "`_creationTime` is automatically added to the end of each index. It should not be added"
                                + " explicitly in the index definition. See https://docs.convex.dev/using/indexes"
                                + " for more details.");
            }
            for (String field : index.fields()) {
                for (String segment : field.split("\\.", -1)) {
                    if (segment.startsWith("_")) {
                        throw new ConvexException(
                                ErrorCode.IndexFieldNameReserved,
                                "Reserved fields (starting with `_`) are not allowed in indexes.");
                    }
                }
            }
            if (index.fields().size() + 1 > MAX_INDEX_FIELDS) {
                throw new ConvexException(
                        ErrorCode.IndexTooManyFields, "Indexes may have up to " + MAX_INDEX_FIELDS + " fields.");
            }
        }
    }

    /** A dotted path whose every segment is an identifier-like field name. */
    private static boolean isFieldPath(String field) {
        for (String segment : field.split("\\.", -1)) {
            if (segment.isEmpty() || !(segment.startsWith("_") || Identifiers.isValid(segment))) {
                return false;
            }
        }
        return true;
    }
}
