package dev.jconvex.database.internal;

import dev.jconvex.values.ConvexValue;

/**
 * A query's view of the database: one consistent snapshot whose {@link #ts()} is exactly the last
 * commit it sees. Queries never conflict. Close it to return its connection; {@link #readSet()}
 * stays valid after closing, for live queries. Not thread-safe.
 */
public final class ReadTransaction extends TransactionBase implements AutoCloseable {

    ReadTransaction(Database db, Committer.Snapshot snapshot) {
        super(db, snapshot);
    }

    /**
     * Lets several queries share this snapshot, each with its own read set and read limits (a sync
     * query set, {@code /api/query_batch}): returns what was read since the previous call (or the
     * start), then starts a fresh read set and fresh §7 read counters.
     */
    public ReadSet takeReadSet() {
        ReadSet read = readSet();
        resetReads();
        return read;
    }

    /**
     * Visits every document of {@code table} in this snapshot in {@code _creationTime} order, until
     * {@code visitor} returns false: a snapshot export's read, so it counts toward no read limit and
     * joins no read set. Not part of Convex's {@code ctx.db}. An unknown table has no documents.
     *
     * @return the number of documents visited
     */
    public long forEachDocument(String table, java.util.function.Predicate<ConvexValue.Obj> visitor) {
        checkOpen();
        java.util.Optional<TableInfo> info = db.catalog().byName(table).filter(this::visibleInSnapshot);
        if (info.isEmpty()) {
            return 0;
        }
        long visited = 0;
        var rows = snapshot.view().scan(info.get(), info.get().byCreationTime(), new byte[0], null, false);
        while (rows.hasNext()) {
            visited++;
            if (!visitor.test(rows.next().doc().toObject())) {
                break;
            }
        }
        return visited;
    }

    /**
     * The number of documents of {@code table} in this snapshot (0 for an unknown table): a scan of
     * its creation-time index that builds no document, outside read limits and read sets, like
     * {@link #forEachDocument}. For the dashboard's table list; not part of Convex's {@code ctx.db}.
     */
    public long countDocuments(String table) {
        checkOpen();
        java.util.Optional<TableInfo> info = db.catalog().byName(table).filter(this::visibleInSnapshot);
        if (info.isEmpty()) {
            return 0;
        }
        long count = 0;
        var rows = snapshot.view().scan(info.get(), info.get().byCreationTime(), new byte[0], null, false);
        while (rows.hasNext()) {
            rows.next();
            count++;
        }
        return count;
    }

    @Override
    public void close() {
        closeSnapshot();
    }
}
