package dev.jconvex.database;

import java.util.function.UnaryOperator;

/** A query over one table before its source is chosen ({@code db.query(table)}). */
public interface QueryInitializer extends Query {

    /** Reads the whole index, in index order. */
    Query withIndex(String indexName);

    /**
     * Reads one range of an index: {@code eq} on a prefix of the index fields, then at most one
     * lower and one upper bound on the next field (spec §6.3).
     */
    Query withIndex(String indexName, UnaryOperator<IndexRange> range);

    /** Orders the full-table scan; the same as {@code withIndex("by_creation_time")}. */
    @Override
    OrderedQuery order(Order order);
}
