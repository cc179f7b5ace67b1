package dev.jconvex.database;

/** The order of a query over its index: ascending (the default) or descending. */
public enum Order {
    ASC,
    DESC
}
