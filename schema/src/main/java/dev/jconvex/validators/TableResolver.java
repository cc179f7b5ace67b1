package dev.jconvex.validators;

import java.util.Optional;

/** Maps the table number inside a document id to a table name, for {@code v.id(table)}. */
@FunctionalInterface
public interface TableResolver {
    /** The name of the table with this number, or empty if no such table exists. */
    Optional<String> tableName(int tableNumber);

    /** A resolver that knows no tables. */
    TableResolver NONE = n -> Optional.empty();
}
