/**
 * The storage and transaction engine: Convex tables on a persistence engine (H2's MVStore by
 * default), {@code ctx.db} for queries and mutations, serializable transactions and durable commits.
 *
 * <p>What others use: {@link dev.jconvex.database.internal.Database} ({@code open}, {@code beginRead},
 * {@code mutate}, commit listeners), the {@code ctx.db} interfaces ({@link
 * dev.jconvex.database.DatabaseReader}, {@link dev.jconvex.database.DatabaseWriter}, queries),
 * {@link dev.jconvex.database.DatabaseConfig}, {@link dev.jconvex.protocol.Timestamp}, and the
 * {@link dev.jconvex.database.internal.ReadSet}/{@link dev.jconvex.database.internal.WriteSet} pair that live
 * queries use to re-run only what a commit touched.
 *
 * <h2>Design</h2>
 *
 * <ul>
 *   <li><b>Two layers.</b> The database layer (this package's {@code Database}, {@code Committer},
 *       transactions, queries, read sets, limits) is engine-independent; it talks to storage only
 *       through the package-private {@code Persistence} seam, as Convex's backend separates its
 *       database from its persistence. The second engine, {@code PgPersistence}, stores a
 *       deployment in PostgreSQL so that several processes serve it at once: it validates and
 *       timestamps commits under a PostgreSQL advisory lock against a commit log, and feeds every
 *       commit to each process's live queries through LISTEN/NOTIFY (docs/postgres.md).
 *   <li><b>Layout (embedded engine, {@code MvPersistence}).</b> An H2 MVStore file: per table a map
 *       id → document, per index a map key → id, where a key is the order-preserving {@code
 *       KeyEncoding} of (index fields, {@code _creationTime}, {@code _id}) compared as unsigned
 *       bytes, so a {@code withIndex} range (§6.3) is a B-tree range scan that stops where the query
 *       stops. Built-in indexes {@code by_id} and {@code by_creation_time}, then the schema's.
 *   <li><b>Derived indexes.</b> A Java module may declare engine-internal indexes whose leading key
 *       parts a Java function computes ({@link dev.jconvex.schema.DerivedIndexDefinition}). They are
 *       stored, written and conflict-checked like any index, but only Java code reads them, with
 *       {@link dev.jconvex.database.DatabaseReader#scanIndex}, a scan that stops when its visitor
 *       says so and records only what it visited.
 *   <li><b>Transactions.</b> Optimistic concurrency control with read sets (§8): lock-free
 *       snapshots (immutable map roots), writes buffered in memory, validation and application by a
 *       single committer. See {@code Committer} for the design note. Retries default to a 2 ms base
 *       backoff (Convex: 100 ms), as conflicts are found in-process.
 *   <li><b>Durability.</b> A write-ahead log: each commit is appended (one {@code write} call)
 *       before it is applied and acknowledged, so an acknowledged commit survives kill -9;
 *       {@code POWER_LOSS} adds a shared fsync. Checkpoints store the maps in the background and trim
 *       the log; the file stays near its live size. Commit timestamps are {@code max(last + 1, clock)}
 *       and increase across restarts. Directories of the first engine (H2's SQL layer) are migrated
 *       on open.
 * </ul>
 */
package dev.jconvex.database.internal;
