package dev.jconvex.database.internal;

import dev.jconvex.database.DatabaseReader;
import dev.jconvex.database.DocumentView;
import dev.jconvex.database.Order;
import dev.jconvex.database.QueryInitializer;
import dev.jconvex.database.TransactionLimits;
import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import dev.jconvex.protocol.Timestamp;
import dev.jconvex.values.ConvexValue;
import dev.jconvex.values.DocumentId;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What queries and mutations share: one snapshot, its read set, the read limits (§7), and index
 * scans that merge the snapshot's rows with a mutation's pending writes.
 */
abstract sealed class TransactionBase implements DatabaseReader permits ReadTransaction, WriteTransaction {

    final Database db;
    final Committer.Snapshot snapshot;
    final TransactionLimits limits;
    final ReadSet.Builder reads = new ReadSet.Builder();
    private long documentsRead;
    private long bytesRead;
    boolean paginated;
    private boolean closed;

    TransactionBase(Database db, Committer.Snapshot snapshot) {
        this.db = db;
        this.snapshot = snapshot;
        this.limits = db.config().limits();
    }

    /** The timestamp of the last commit this transaction's snapshot sees. */
    public Timestamp ts() {
        return new Timestamp(snapshot.ts());
    }

    /** Everything read so far. */
    public ReadSet readSet() {
        return reads.build();
    }

    /** Starts a new read set and new read-limit counters on the same snapshot (§7 limits are per function). */
    void resetReads() {
        reads.clear();
        documentsRead = 0;
        bytesRead = 0;
    }

    void closeSnapshot() {
        if (!closed) {
            closed = true;
            db.committer().end(snapshot);
        }
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("transaction is closed");
        }
    }

    // ---- DatabaseReader

    @Override
    public Optional<ConvexValue.Obj> get(String id) {
        checkOpen();
        DocumentId decoded = decodeId("db.get", id);
        Optional<TableInfo> table = db.catalog().byNumber(decoded.tableNumber());
        if (table.isEmpty()) {
            return Optional.empty();
        }
        return load(table.get(), id).map(StoredDocument::toObject);
    }

    @Override
    public QueryInitializer query(String table) {
        checkOpen();
        if (table.startsWith("_")) {
            throw Errors.of(ErrorCode.SystemTableError, "System tables can only be accessed from db.system.query().");
        }
        return new QueryImpl(this, table);
    }

    @Override
    public Optional<String> normalizeId(String table, String id) {
        checkOpen();
        if (table.startsWith("_")) {
            throw Errors.of(
                    ErrorCode.SystemTableError, "System tables can only be accessed from db.system.normalizeId().");
        }
        Optional<DocumentId> decoded = DocumentId.tryDecode(id);
        Optional<TableInfo> info = db.catalog().byName(table);
        if (decoded.isEmpty()
                || info.isEmpty()
                || info.get().number() != decoded.get().tableNumber()) {
            return Optional.empty();
        }
        return Optional.of(decoded.get().encode());
    }

    @Override
    public void scanIndex(
            String table,
            String index,
            List<ConvexValue> prefix,
            Order order,
            java.util.function.Predicate<? super DocumentView> visitor) {
        IndexScan.run(this, table, index, prefix, order, visitor);
    }

    // ---- engine

    static DocumentId decodeId(String method, String id) {
        try {
            return DocumentId.decode(id);
        } catch (ConvexException e) {
            throw Errors.invalidArgument("id", method, String.valueOf(e.getMessage()));
        }
    }

    /** Reads a document by id, recording the point read and counting it against the limits. */
    Optional<StoredDocument> load(TableInfo table, String id) {
        IndexInfo byId = table.byId();
        byte[] key = KeyOf.id(id);
        recordRead(table, byId, key, Keys.successor(key));
        Optional<StoredDocument> doc = loadUncounted(table, id, key);
        doc.ifPresent(this::countRead);
        return doc;
    }

    /** The current version of a document: the pending write if any, else the snapshot's row. */
    Optional<StoredDocument> loadUncounted(TableInfo table, String id, byte[] key) {
        Optional<Optional<StoredDocument>> pending = pending(id);
        if (pending.isPresent()) {
            return pending.get();
        }
        return snapshotRow(table, id, key);
    }

    Optional<StoredDocument> snapshotRow(TableInfo table, String id, byte[] key) {
        if (!visibleInSnapshot(table)) {
            return Optional.empty();
        }
        return snapshot.view().get(table, id);
    }

    boolean visibleInSnapshot(TableInfo table) {
        return table.catalogVersion() <= snapshot.catalogVersion();
    }

    void recordRead(TableInfo table, IndexInfo index, byte[] lo, byte @Nullable [] hi) {
        int n = reads.add(table.name(), index.name(), lo, hi);
        if (n > limits.maxIndexRanges()) {
            throw Errors.tooManyReads(limits.maxIndexRanges());
        }
    }

    void countRead(StoredDocument doc) {
        documentsRead++;
        bytesRead += Documents.size(doc);
        if (documentsRead > limits.maxDocumentsRead()) {
            throw Errors.tooManyDocumentsRead(limits.maxDocumentsRead());
        }
        if (bytesRead > limits.maxBytesRead()) {
            throw Errors.tooManyBytesRead(limits.maxBytesRead());
        }
    }

    /** Whether one more read of {@code doc} would exceed a read limit (for paginate's SplitRequired). */
    boolean wouldExceedReadLimits(StoredDocument doc) {
        return documentsRead + 1 > limits.maxDocumentsRead() || bytesRead + Documents.size(doc) > limits.maxBytesRead();
    }

    /** A pending write of this transaction to {@code id}: empty = none, Optional.empty() inside = deleted. */
    Optional<Optional<StoredDocument>> pending(String id) {
        return Optional.empty();
    }

    /**
     * This transaction's current versions of the documents it wrote in {@code table} whose key in
     * {@code index} lies in [lo, hi) ({@code hi == null}: unbounded), in key order.
     */
    List<Persistence.Row> pendingRows(TableInfo table, IndexInfo index, byte[] lo, byte @Nullable [] hi) {
        return List.of();
    }

    /** The ids this transaction has written (or deleted) in {@code table}. */
    Set<String> pendingIds(TableInfo table) {
        return Set.of();
    }

    /**
     * Rows of {@code index} with keys in [lo, hi), in order: the snapshot's rows (read lazily from
     * the engine) merged with this transaction's pending writes.
     */
    Iterator<Persistence.Row> scan(TableInfo table, IndexInfo index, byte[] lo, byte @Nullable [] hi, boolean desc) {
        List<Persistence.Row> overlay = pendingRows(table, index, lo, hi);
        if (desc && overlay.size() > 1) {
            overlay = overlay.reversed();
        }
        Set<String> skip = pendingIds(table);
        Iterator<Persistence.Row> stored = visibleInSnapshot(table)
                ? new StoredScan(snapshot.view().scan(table, index, lo, hi, desc), skip)
                : Collections.emptyIterator();
        return new MergedScan(stored, overlay.iterator(), desc);
    }

    /** The snapshot's rows less the documents this transaction has written (the overlay has those). */
    private final class StoredScan implements Iterator<Persistence.Row> {
        private final Iterator<Persistence.Row> rows;
        private final Set<String> skip;
        private Persistence.@Nullable Row next;

        StoredScan(Iterator<Persistence.Row> rows, Set<String> skip) {
            this.rows = rows;
            this.skip = skip;
        }

        @Override
        public boolean hasNext() {
            while (next == null) {
                checkOpen();
                if (!rows.hasNext()) {
                    return false;
                }
                Persistence.Row row = rows.next();
                if (!skip.contains(row.doc().id())) {
                    next = row;
                }
            }
            return true;
        }

        @Override
        public Persistence.Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Persistence.Row r = Objects.requireNonNull(next);
            next = null;
            return r;
        }
    }

    /** Merges two sorted row iterators. */
    private static final class MergedScan implements Iterator<Persistence.Row> {
        private final Iterator<Persistence.Row> a;
        private final Iterator<Persistence.Row> b;
        private final boolean desc;
        private Persistence.@Nullable Row headA;
        private Persistence.@Nullable Row headB;

        MergedScan(Iterator<Persistence.Row> a, Iterator<Persistence.Row> b, boolean desc) {
            this.a = a;
            this.b = b;
            this.desc = desc;
        }

        @Override
        public boolean hasNext() {
            if (headA == null && a.hasNext()) {
                headA = a.next();
            }
            if (headB == null && b.hasNext()) {
                headB = b.next();
            }
            return headA != null || headB != null;
        }

        @Override
        public Persistence.Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            boolean takeA;
            if (headA == null) {
                takeA = false;
            } else if (headB == null) {
                takeA = true;
            } else {
                int c = Arrays.compareUnsigned(headA.key(), headB.key());
                takeA = desc ? c > 0 : c < 0;
            }
            Persistence.@Nullable Row r;
            if (takeA) {
                r = headA;
                headA = null;
            } else {
                r = headB;
                headB = null;
            }
            return Objects.requireNonNull(r);
        }
    }
}
