package dev.jconvex.schema;

import dev.jconvex.validators.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code defineTable(validator).index(name, fields)}: a table name, its document validator (empty
 * means any document) and its indexes.
 */
public record TableDefinition(String name, Optional<Validator> documentValidator, List<IndexDefinition> indexes) {

    public TableDefinition {
        indexes = List.copyOf(indexes);
    }

    /** A table whose documents must match {@code validator}. */
    public static TableDefinition define(String name, Validator validator) {
        return new TableDefinition(name, Optional.of(validator), List.of());
    }

    /** A copy with one more index. */
    public TableDefinition index(String indexName, String... fields) {
        List<IndexDefinition> next = new ArrayList<>(indexes);
        next.add(new IndexDefinition(indexName, List.of(fields)));
        return new TableDefinition(name, documentValidator, next);
    }
}
