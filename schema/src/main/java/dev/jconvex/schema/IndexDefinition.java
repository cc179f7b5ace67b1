package dev.jconvex.schema;

import java.util.List;

/**
 * A user index: a name and the indexed field paths (dotted paths into nested objects allowed).
 * {@code _creationTime} and then {@code _id} are appended implicitly as the last key columns (spec
 * values §6.1). The definition is validated by the {@link TableDefinition} that holds it, since
 * Convex's messages name the table.
 */
public record IndexDefinition(String name, List<String> fields) {

    /** Copies. */
    public IndexDefinition {
        fields = List.copyOf(fields);
    }

    /** The key columns before {@code _id}: the user fields then {@code _creationTime} (§6.1). */
    public List<String> keyFields() {
        String[] all = fields.toArray(new String[fields.size() + 1]);
        all[fields.size()] = "_creationTime";
        return List.of(all);
    }
}
