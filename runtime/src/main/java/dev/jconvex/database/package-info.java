/**
 * The storage and transaction engine: Convex tables in embedded H2, {@code ctx.db} for queries and
 * mutations, serializable transactions and durable commits.
 *
 * <p>What others use: {@link dev.jconvex.database.Database} ({@code open}, {@code beginRead},
 * {@code mutate}, commit listeners), the {@code ctx.db} interfaces ({@link
 * dev.jconvex.database.DatabaseReader}, {@link dev.jconvex.database.DatabaseWriter}, queries),
 * {@link dev.jconvex.database.DatabaseConfig}, {@link dev.jconvex.database.Timestamp}, and the
 * {@link dev.jconvex.database.ReadSet}/{@link dev.jconvex.database.WriteSet} pair that live
 * queries use to re-run only what a commit touched.
 *
 * <h2>Design</h2>
 *
 * <ul>
 *   <li><b>Layout.</b> One H2 table per Convex table: id, creation time, the document body in a
 *       binary row format that round-trips every value exactly, and one VARBINARY key column per
 *       index (built-ins {@code by_id}, {@code by_creation_time}, then the schema's), each with a
 *       UNIQUE H2 index. A key is the order-preserving {@code KeyEncoding} of (index fields,
 *       {@code _creationTime}, {@code _id}); H2 compares VARBINARY unsigned, so a {@code withIndex}
 *       range (§6.3) is {@code WHERE k >= ? AND k < ? ORDER BY k}, an index range scan. System
 *       tables hold the catalog (user tables from 10001), the last commit timestamp and mutation
 *       idempotency records.
 *   <li><b>Derived indexes.</b> A Java module may declare engine-internal indexes whose leading key
 *       parts a Java function computes ({@link dev.jconvex.schema.DerivedIndexDefinition}). They are
 *       stored, written and conflict-checked like any index, but only Java code reads them, with
 *       {@link dev.jconvex.database.DatabaseReader#scanIndex}, a scan that stops when its visitor
 *       says so and records only what it visited.
 *   <li><b>Transactions.</b> Optimistic concurrency control with read sets (§8): snapshot reads,
 *       writes buffered in memory, validation and application by a single committer. See {@link
 *       dev.jconvex.database.Committer} for the design note. Retries default to a 2 ms base backoff
 *       (Convex: 100 ms), as conflicts are found in-process.
 *   <li><b>Durability.</b> Group commit: H2 commits stay in memory; a flusher writes one chunk per
 *       batch, then acknowledges the batch. Commit timestamps are {@code max(last + 1, clock)},
 *       persisted with each commit, so they increase across restarts.
 * </ul>
 */
package dev.jconvex.database;
