package dev.jconvex.database;

/** A query whose source is chosen, before its order is. */
public interface Query extends OrderedQuery {
    /** Sets the order ({@code "asc"} by default); at most once. */
    OrderedQuery order(Order order);
}
