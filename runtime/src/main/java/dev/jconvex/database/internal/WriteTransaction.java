package dev.jconvex.database.internal;

import dev.jconvex.database.DatabaseWriter;
import dev.jconvex.database.Patch;
import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import dev.jconvex.validators.ValidationError;
import dev.jconvex.values.ConvexValue;
import dev.jconvex.values.DocumentId;
import dev.jconvex.values.Identifiers;
import dev.jconvex.values.ValueDisplay;
import dev.jconvex.values.ValueSize;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * A mutation's view of the database: the reads of {@link ReadTransaction} plus buffered writes that
 * its own reads see. Nothing reaches H2 until {@link Database#mutate} commits it (see
 * {@link Committer}). Not thread-safe.
 */
public final class WriteTransaction extends TransactionBase implements DatabaseWriter {

    /** A pending write: the snapshot version and the current one (empty = deleted). */
    private record Pending(TableInfo table, Optional<StoredDocument> before, Optional<StoredDocument> after) {}

    private final Map<String, Pending> pending = new LinkedHashMap<>();

    /**
     * Per (table, index) that a read has scanned: this transaction's current documents by their key
     * in that index, kept up to date by every later write, so a read in a transaction of n writes
     * costs O(log n), not O(n) (a 500-operation {@code mutable:transaction} was quadratic).
     */
    private final Map<String, NavigableMap<byte[], StoredDocument>> overlays = new HashMap<>();

    private final Map<Integer, Set<String>> pendingIdsByTable = new HashMap<>();
    private final Map<String, byte[]> mutationRecords = new LinkedHashMap<>();
    private final RandomGenerator random;
    private final long epochDay;
    private double nextCreationTime;
    private long documentsWritten;
    private long bytesWritten;

    WriteTransaction(Database db, Committer.Snapshot snapshot, long beginNanos, RandomGenerator random) {
        super(db, snapshot);
        this.random = random;
        this.epochDay = Math.floorDiv(beginNanos, 86_400_000_000_000L);
        // §3.2: begin_ts = max(last + 1ns, wall clock); ms = floor(ns / 1e6) + (ns % 1e6) * 1e-6
        long ns = Math.max(snapshot.ts() + 1, beginNanos);
        this.nextCreationTime = Math.floorDiv(ns, 1_000_000L) + Math.floorMod(ns, 1_000_000L) * 1e-6;
    }

    /**
     * Stores an idempotency record, committed atomically with this transaction's writes; read it back
     * with {@link Database#findMutation}. A key already recorded by a concurrent commit makes
     * this transaction conflict and re-run.
     */
    public void recordMutation(String key, byte[] outcome) {
        checkOpen();
        mutationRecords.put(key, outcome.clone());
    }

    /**
     * Runs {@code body} as a sub-transaction: when {@code failed} holds for what it returns, every
     * write it made is undone while the writes made before it stay. This is a nested mutation ({@code
     * ctx.runMutation} inside a mutation), which Convex undoes when it throws. Reads are kept in the
     * read set either way (what the nested call saw still decides conflicts); creation times handed out
     * meanwhile are not reused. Costs a copy of the pending writes. An exception from {@code body}
     * propagates with its writes in place: it fails the whole transaction.
     */
    public <R> R subTransaction(Supplier<R> body, Predicate<? super R> failed) {
        checkOpen();
        Map<String, Pending> pendingBefore = new LinkedHashMap<>(pending);
        Map<Integer, Set<String>> idsBefore = new HashMap<>();
        pendingIdsByTable.forEach((table, set) -> idsBefore.put(table, new HashSet<>(set)));
        Map<String, byte[]> recordsBefore = new LinkedHashMap<>(mutationRecords);
        long documentsBefore = documentsWritten;
        long bytesBefore = bytesWritten;
        R result = body.get();
        if (failed.test(result)) {
            pending.clear();
            pending.putAll(pendingBefore);
            pendingIdsByTable.clear();
            pendingIdsByTable.putAll(idsBefore);
            mutationRecords.clear();
            mutationRecords.putAll(recordsBefore);
            documentsWritten = documentsBefore;
            bytesWritten = bytesBefore;
            overlays.clear(); // rebuilt from the pending writes by the next index scan
        }
        return result;
    }

    // ---- DatabaseWriter (§3.3)

    @Override
    public String insert(String table, ConvexValue.Obj document) {
        checkOpen();
        if (table.startsWith("_")) {
            throw Errors.systemTableReadOnly();
        }
        Optional<String> bad = Identifiers.error(table);
        if (bad.isPresent()) {
            throw Errors.invalidArgument("table", "db.insert", bad.get());
        }
        TableInfo info = db.tableForInsert(table);
        String id = DocumentId.generate(info.number(), random, epochDay).encode();
        double creationTime = nextCreationTime;
        nextCreationTime = Math.nextUp(nextCreationTime);
        ConvexValue suppliedId = document.fields().get("_id");
        if (suppliedId != null
                && !(suppliedId instanceof ConvexValue.Str s && s.value().equals(id))) {
            throw Errors.of(
                    ErrorCode.InvalidIdError,
                    "Provided document ID " + ValueDisplay.display(ConvexValue.str(id)) + " doesn't match '_id' field "
                            + ValueDisplay.display(suppliedId));
        }
        ConvexValue suppliedTime = document.fields().get("_creationTime");
        if (suppliedTime != null
                && !(suppliedTime instanceof ConvexValue.Float64 f
                        && Double.doubleToRawLongBits(f.value()) == Double.doubleToRawLongBits(creationTime))) {
            throw Errors.of(
                    ErrorCode.InvalidCreationTimeError,
                    "Provided creation time " + ValueDisplay.display(ConvexValue.float64(creationTime))
                            + " doesn't match '_creationTime' field in " + ValueDisplay.display(document));
        }
        StoredDocument doc = new StoredDocument(id, creationTime, withoutSystemFields(document));
        write(info, id, Optional.empty(), Optional.of(doc));
        return id;
    }

    /**
     * Inserts a document with the {@code _id} and {@code _creationTime} it had when exported: the
     * write of a snapshot import ({@code npx convex import}), not part of Convex's {@code ctx.db}. The
     * id must belong to {@code table} (its table number) and must not exist yet; the body is checked
     * like any insert (sizes, schema). Creates the table if missing.
     *
     * @throws ConvexException {@code InvalidIdError} for an id of another table or one that exists
     */
    public void importDocument(String table, String id, double creationTime, ConvexValue.Obj body) {
        checkOpen();
        if (table.startsWith("_")) {
            throw Errors.systemTableReadOnly();
        }
        Optional<String> bad = Identifiers.error(table);
        if (bad.isPresent()) {
            throw Errors.invalidArgument("table", "import", bad.get());
        }
        TableInfo info = db.tableForInsert(table);
        DocumentId decoded = decodeId("import", id);
        if (decoded.tableNumber() != info.number()) {
            throw Errors.of(
                    ErrorCode.InvalidIdError,
                    "Document ID " + ValueDisplay.display(ConvexValue.str(id)) + " belongs to table number "
                            + decoded.tableNumber() + ", not to table \"" + table + "\" (number " + info.number()
                            + ")");
        }
        Pending previous = pending.get(id);
        // Not a recorded read: ids are random, so only this import could write the same one.
        if (previous != null
                ? previous.after().isPresent()
                : loadUncounted(info, id, KeyOf.id(id)).isPresent()) {
            throw Errors.of(
                    ErrorCode.InvalidIdError,
                    "Document with ID " + ValueDisplay.display(ConvexValue.str(id)) + " already exists in table \""
                            + table + "\"");
        }
        StoredDocument doc = new StoredDocument(id, creationTime, withoutSystemFields(body));
        write(info, id, Optional.empty(), Optional.of(doc));
    }

    @Override
    public void patch(String id, Patch patch) {
        checkOpen();
        Target t = target("db.patch", "Update", id);
        Map<String, ConvexValue> fields = new LinkedHashMap<>(t.current().body().fields());
        for (var e : patch.set().entrySet()) {
            String name = e.getKey();
            if (name.equals("_id") || name.equals("_creationTime")) {
                checkSystemField(
                        t.current(), name, e.getValue(), t.current().toObject().with(name, e.getValue()));
                continue;
            }
            fields.put(name, e.getValue());
        }
        for (String name : patch.remove()) {
            fields.remove(name);
        }
        update(t, ConvexValue.obj(fields));
    }

    @Override
    public void replace(String id, ConvexValue.Obj document) {
        checkOpen();
        Target t = target("db.replace", "Replace", id);
        for (String name : List.of("_id", "_creationTime")) {
            ConvexValue v = document.fields().get(name);
            if (v != null) {
                checkSystemField(t.current(), name, v, document);
            }
        }
        update(t, withoutSystemFields(document));
    }

    @Override
    public void delete(String id) {
        checkOpen();
        Target t = target("db.delete", "Delete", id);
        write(t.table(), id, Optional.of(t.current()), Optional.empty());
    }

    // ---- engine

    private record Target(TableInfo table, StoredDocument current) {}

    private Target target(String method, String verb, String id) {
        DocumentId decoded = decodeId(method, id);
        TableInfo table = db.catalog()
                .byNumber(decoded.tableNumber())
                .orElseThrow(() -> Errors.invalidArgument("id", method, "Table for ID \"" + id + "\" not found"));
        StoredDocument current = load(table, id).orElseThrow(() -> Errors.nonexistent(verb, id));
        return new Target(table, current);
    }

    private void checkSystemField(StoredDocument current, String name, ConvexValue value, ConvexValue.Obj shown) {
        ConvexValue actual = Objects.requireNonNull(current.field(name)); // a system field: always present
        if (value.equals(actual)) {
            return;
        }
        if (name.equals("_id")) {
            throw Errors.of(
                    ErrorCode.InvalidIdError,
                    "Provided document ID " + ValueDisplay.display(actual) + " doesn't match '_id' field "
                            + ValueDisplay.display(value));
        }
        throw Errors.of(
                ErrorCode.InvalidCreationTimeError,
                "Provided creation time " + ValueDisplay.display(actual) + " doesn't match '_creationTime' field in "
                        + ValueDisplay.display(shown));
    }

    /** Writes a new body unless it equals the current one (a no-op patch or replace writes nothing, §3.3). */
    private void update(Target t, ConvexValue.Obj body) {
        if (body.equals(t.current().body())) {
            return;
        }
        StoredDocument next = new StoredDocument(t.current().id(), t.current().creationTime(), body);
        write(t.table(), next.id(), Optional.of(t.current()), Optional.of(next));
    }

    private static ConvexValue.Obj withoutSystemFields(ConvexValue.Obj document) {
        return document.without("_id").without("_creationTime");
    }

    private void write(TableInfo table, String id, Optional<StoredDocument> current, Optional<StoredDocument> next) {
        if (next.isPresent()) {
            StoredDocument doc = next.get();
            ConvexValue.Obj full = doc.toObject();
            ValueSize.checkDocument(full);
            validateSchema(table, doc.body());
            long size = Documents.size(doc);
            if (size > limits.maxDocumentSize()) {
                throw Errors.of(
                        ErrorCode.ValueTooLargeError, ValueSize.tooLargeMessage(size, limits.maxDocumentSize()));
            }
            bytesWritten += size;
        }
        documentsWritten++;
        if (documentsWritten > limits.maxDocumentsWritten()) {
            throw Errors.tooManyWrites(limits.maxDocumentsWritten());
        }
        if (bytesWritten > limits.maxBytesWritten()) {
            throw Errors.tooManyBytesWritten(limits.maxBytesWritten());
        }
        Pending previous = pending.get(id);
        Optional<StoredDocument> before = previous != null ? previous.before() : current;
        pending.put(id, new Pending(table, before, next));
        pendingIdsByTable.computeIfAbsent(table.number(), n -> new HashSet<>()).add(id);
        updateOverlays(table, previous != null ? previous.after() : Optional.empty(), next);
    }

    private void validateSchema(TableInfo table, ConvexValue.Obj body) {
        if (!db.config().schemaValidation() || table.validator().isEmpty()) {
            return;
        }
        Optional<ValidationError> error = table.validator().get().validate(body, db::tableName);
        if (error.isPresent()) {
            throw new ConvexException(
                    ErrorCode.SchemaEnforcementError,
                    "Failed to insert or update a document in table \"" + table.name()
                            + "\" because it does not match the schema: "
                            + error.get().message());
        }
    }

    @Override
    Optional<Optional<StoredDocument>> pending(String id) {
        Pending p = pending.get(id);
        return p == null ? Optional.empty() : Optional.of(p.after());
    }

    @Override
    List<Persistence.Row> pendingRows(TableInfo table, IndexInfo index, byte[] lo, byte @Nullable [] hi) {
        NavigableMap<byte[], StoredDocument> overlay = overlays.get(overlayKey(table, index));
        if (overlay == null) {
            overlay = new TreeMap<>(Arrays::compareUnsigned);
            for (Pending p : pending.values()) {
                if (p.table().number() == table.number() && p.after().isPresent()) {
                    overlay.put(index.key(p.after().get()), p.after().get());
                }
            }
            overlays.put(overlayKey(table, index), overlay);
        }
        if (overlay.isEmpty()) {
            return List.of();
        }
        NavigableMap<byte[], StoredDocument> range =
                hi == null ? overlay.tailMap(lo, true) : overlay.subMap(lo, true, hi, false);
        List<Persistence.Row> rows = new ArrayList<>(range.size());
        range.forEach((key, doc) -> rows.add(new Persistence.Row(key, doc)));
        return rows;
    }

    @Override
    Set<String> pendingIds(TableInfo table) {
        Set<String> ids = pendingIdsByTable.get(table.number());
        return ids == null ? Set.of() : Set.copyOf(ids); // as of the scan's start, like its overlay rows
    }

    private static String overlayKey(TableInfo table, IndexInfo index) {
        return table.number() + "/" + index.column();
    }

    /** Keeps the per-index overlays built so far in step with a new pending version of {@code id}. */
    private void updateOverlays(TableInfo table, Optional<StoredDocument> previous, Optional<StoredDocument> next) {
        if (overlays.isEmpty()) {
            return; // no index scanned since the first write: nothing to keep in step
        }
        for (IndexInfo index : table.indexes()) {
            NavigableMap<byte[], StoredDocument> overlay = overlays.get(overlayKey(table, index));
            if (overlay == null) {
                continue;
            }
            previous.ifPresent(doc -> overlay.remove(index.key(doc)));
            next.ifPresent(doc -> overlay.put(index.key(doc), doc));
        }
    }

    /** The writes to commit: one per document, its snapshot version and its final one. */
    List<DocumentWrite> writes() {
        List<DocumentWrite> out = new ArrayList<>(pending.size());
        for (var e : pending.entrySet()) {
            Pending p = e.getValue();
            if (p.before().isEmpty() && p.after().isEmpty()) {
                continue;
            }
            out.add(new DocumentWrite(p.table(), e.getKey(), p.before(), p.after()));
        }
        return out;
    }

    Map<String, byte[]> mutationRecords() {
        return mutationRecords;
    }
}
