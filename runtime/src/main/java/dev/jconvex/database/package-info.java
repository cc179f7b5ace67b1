/**
 * Reading and writing documents from a function: {@link dev.jconvex.database.DatabaseReader} and
 * {@link dev.jconvex.database.DatabaseWriter} ({@code ctx.db}), index ranges, ordered and paginated
 * {@link dev.jconvex.database.Query queries}, filters and {@link dev.jconvex.database.Patch patches},
 * and the database's {@link dev.jconvex.database.DatabaseConfig configuration} (engine, durability,
 * OCC retries, limits). The engine that runs them (transactions, the committer, read sets, the
 * persistence engines) is in {@code database.internal}, which the runtime module does not export;
 * its {@code package-info} describes the design.
 */
package dev.jconvex.database;
