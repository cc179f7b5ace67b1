package dev.jconvex.schema;

import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import dev.jconvex.validators.Validator;
import dev.jconvex.values.Identifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code defineTable(validator).index(name, fields)}: a table name, its document validator (empty
 * means any document) and its indexes (values §5.6, §6.1).
 *
 * <p>Construction validates the definition: the name is an identifier (§1.4) not starting with
 * {@code _} (system tables), index names are unique, at most 64 indexes; each index validates
 * itself ({@link IndexDefinition}).
 */
public record TableDefinition(String name, Optional<Validator> documentValidator, List<IndexDefinition> indexes) {

    /** The most indexes on one table (§6.1). */
    public static final int MAX_INDEXES = 64;

    /** Validates and copies. */
    public TableDefinition {
        indexes = List.copyOf(indexes);
        Optional<String> bad = Identifiers.error(name);
        if (bad.isPresent()) {
            throw new ConvexException(ErrorCode.InvalidIdentifier, bad.get());
        }
        if (name.startsWith("_")) {
            throw new ConvexException(
                    ErrorCode.InvalidIdentifier, "Invalid table name " + name + " starts with metadata prefix '_'");
        }
        List<String> names = new ArrayList<>();
        for (IndexDefinition index : indexes) {
            if (names.contains(index.name())) {
                throw new ConvexException(
                        ErrorCode.InvalidIndexDefinition, "Duplicate index name " + index.name() + " in table " + name);
            }
            names.add(index.name());
        }
        if (indexes.size() > MAX_INDEXES) {
            throw new ConvexException(
                    ErrorCode.InvalidIndexDefinition,
                    "Table " + name + " has too many indexes (" + indexes.size() + " > maximum " + MAX_INDEXES + ")");
        }
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
        return new TableDefinition(name, documentValidator, next);
    }

    /** The index named {@code indexName}, if defined. */
    public Optional<IndexDefinition> index(String indexName) {
        for (IndexDefinition i : indexes) {
            if (i.name().equals(indexName)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }
}
