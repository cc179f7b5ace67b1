package dev.jconvex.database;

import dev.jconvex.values.ConvexValue;
import java.util.Optional;

/**
 * {@code ctx.db} in a query: reads of one consistent snapshot (spec values-and-validation §3, §6).
 * Documents are objects that carry the system fields {@code _id} and {@code _creationTime}.
 */
public interface DatabaseReader {

    /** The document with this id, or empty if it does not exist or its table is unknown. */
    Optional<ConvexValue.Obj> get(String id);

    /** Starts a query over a table; with no index it scans {@code by_creation_time}. */
    QueryInitializer query(String table);

    /** The canonical id string if {@code id} is an id of {@code table}, else empty. */
    Optional<String> normalizeId(String table, String id);
}
