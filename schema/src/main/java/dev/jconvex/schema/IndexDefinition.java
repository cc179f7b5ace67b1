package dev.jconvex.schema;

import java.util.List;

/**
 * A user index: a name and the indexed field paths. {@code _creationTime} and then {@code _id} are
 * appended implicitly as the last key columns (spec §6.1).
 */
public record IndexDefinition(String name, List<String> fields) {
    public IndexDefinition {
        fields = List.copyOf(fields);
    }
}
