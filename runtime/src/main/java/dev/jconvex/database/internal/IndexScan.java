package dev.jconvex.database.internal;

import dev.jconvex.database.DocumentView;
import dev.jconvex.database.Order;
import dev.jconvex.errors.ErrorCode;
import dev.jconvex.values.ConvexValue;
import dev.jconvex.values.KeyEncoding;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * {@link DatabaseReader#scanIndex}: an index prefix range read row by row until the visitor stops.
 *
 * <p>Design note. The range is the one {@code withIndex(q => q.eq(...)...)} compiles to for the same
 * prefix (spec §6.3): [{@code encode(prefix)}, {@link KeyEncoding#tupleRangeEnd}), exactly the keys
 * whose leading values equal the prefix. Rows come from the same merged
 * scan as queries ({@link TransactionBase#scan}: the snapshot plus a mutation's pending writes), each
 * counts toward the read limits before the visitor sees it (§7), and the consumed part of the range
 * joins the read set exactly as {@link QueryImpl} records it (§8): the whole range when the scan
 * reached its end, otherwise from the range start through the last row visited (ascending) or from
 * the last row visited to the range end (descending). The row that made the visitor stop is part of
 * the consumed range. The read is recorded even if the visitor throws, so a failed query's read
 * set still covers what it depended on.
 */
final class IndexScan {

    private IndexScan() {}

    static void run(
            TransactionBase tx,
            String table,
            String indexName,
            List<ConvexValue> prefix,
            Order order,
            Predicate<? super DocumentView> visitor) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(visitor, "visitor");
        tx.checkOpen();
        if (table.startsWith("_")) {
            throw Errors.of(ErrorCode.SystemTableError, "System tables can only be accessed from db.system.query().");
        }
        TableInfo info = tx.db.catalog().byName(table).orElseThrow(() -> indexNotFound(table, indexName));
        IndexInfo index = info.anyIndex(indexName).orElseThrow(() -> indexNotFound(table, indexName));
        byte[] lo = KeyEncoding.encodeTuple(prefix);
        byte[] hi = KeyEncoding.tupleRangeEnd(lo);
        boolean desc = order == Order.DESC;

        byte[] lastKey = null;
        boolean exhausted = false;
        try {
            Iterator<Persistence.Row> rows = tx.scan(info, index, lo, hi, desc);
            while (true) {
                if (!rows.hasNext()) {
                    exhausted = true;
                    break;
                }
                Persistence.Row row = rows.next();
                lastKey = row.key();
                tx.countRead(row.doc());
                if (!visitor.test(row.doc())) {
                    break;
                }
            }
        } finally {
            if (exhausted) {
                tx.recordRead(info, index, lo, hi);
            } else if (lastKey != null) {
                if (desc) {
                    tx.recordRead(info, index, lastKey, hi);
                } else {
                    tx.recordRead(info, index, lo, Keys.successor(lastKey));
                }
            }
        }
    }

    private static RuntimeException indexNotFound(String table, String index) {
        return Errors.of(ErrorCode.IndexNotFoundError, "Index " + table + "." + index + " not found.");
    }
}
