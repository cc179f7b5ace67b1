package dev.jconvex.database;

import dev.jconvex.values.ConvexValue;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

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

    /**
     * For Java module code, not part of Convex's {@code ctx.db}: visits the documents of {@code table}
     * whose key in {@code index} starts with the values {@code prefix} (the range of {@code
     * withIndex(index, q -> q.eq(...))} on those leading key parts), in index order ({@link Order#DESC}
     * reverses it), until {@code visitor} returns false or the range ends.
     *
     * <p>Unlike a query it also reads <em>derived</em> indexes ({@link
     * dev.jconvex.schema.DerivedIndexDefinition}), whose leading key parts are the ones their Java
     * function computes, and it builds no user-facing object unless the visitor asks for one ({@link
     * DocumentView#toObject}). Like a query, every visited document counts toward the read limits
     * (§7), and the consumed part of the range joins the read set (§8): through the document on which
     * the visitor returned false, or the whole range when the scan reached its end. So a scan that
     * stops early depends only on what it visited.
     *
     * @param prefix leading key parts; a Java null part is {@code undefined} (use {@code
     *     Arrays.asList}); empty reads the whole index
     * @throws dev.jconvex.errors.ConvexException {@code IndexNotFoundError} if the table or the index
     *     does not exist, and the read-limit errors of queries
     */
    void scanIndex(
            String table, String index, List<ConvexValue> prefix, Order order, Predicate<? super DocumentView> visitor);
}
