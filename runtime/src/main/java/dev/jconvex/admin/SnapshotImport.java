package dev.jconvex.admin;

import dev.jconvex.database.internal.Database;
import dev.jconvex.database.internal.ReadTransaction;
import dev.jconvex.database.internal.WriteTransaction;
import dev.jconvex.errors.ConvexException;
import dev.jconvex.values.ConvexValue;
import dev.jconvex.values.DocumentId;
import dev.jconvex.values.Identifiers;
import dev.jconvex.values.ValueSize;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One import: a check of the whole file, then its writes.
 *
 * <h2>Design note: bad input changes nothing; large files stream</h2>
 *
 * <p>{@link #plan} reads the file once, as a stream: every document must parse, be a valid Convex
 * document, and (for tables that exist) pass the table's schema; in {@code requireEmpty} mode every
 * target table must be empty. The schema check writes each batch inside a transaction that is then
 * abandoned, so nothing is committed. A file that fails any check changes nothing.
 *
 * <p>{@link #perform} then writes. An import of at most {@link #SINGLE_TRANSACTION_WRITES} writes
 * (deletes of replaced documents included) and {@link #SINGLE_TRANSACTION_BYTES} bytes is one
 * transaction: all or nothing. A larger one is written in batches of {@link #BATCH_DOCUMENTS}
 * documents, each a transaction, so memory stays bounded whatever the file's size. Each committed
 * batch is recorded in an {@link ImportJournal} on disk; if a later batch fails (which the check
 * makes unlikely: a full disk, a concurrent write of the same id, the process asked to stop), the
 * journal is played back: what the import wrote is deleted and what a replace deleted is put back
 * with its id and creation time, so the deployment is as before. Between the first batch and the
 * undo, readers can see part of the import; Convex instead stages an import in hidden tables and
 * swaps them in, which jconvex does not.
 *
 * <p>Imported documents keep their {@code _id} and {@code _creationTime}. A table the deployment
 * lacks is created with the table number the snapshot lists, so the ids stay the same; where that
 * number is taken, ids are re-encoded with the table's number (references to them in other
 * documents then keep the old text).
 */
final class SnapshotImport {

    static final int SINGLE_TRANSACTION_WRITES = 4000;
    static final long SINGLE_TRANSACTION_BYTES = 8L << 20;
    static final int BATCH_DOCUMENTS = 4000;
    static final long BATCH_BYTES = 8L << 20;
    /** Documents per transaction of an undo: each is read before it is deleted or restored. */
    static final int UNDO_BATCH_DOCUMENTS = 1000;

    /** What the check found: documents per table, and documents already there. */
    record Plan(Map<String, Long> incoming, Map<String, Long> existing, Map<String, OptionalInt> numbers, long bytes) {
        long total() {
            return incoming.values().stream().mapToLong(Long::longValue).sum();
        }

        /** The tables whose current documents the import deletes. */
        Set<String> replaced(ImportRequest.Mode mode) {
            return switch (mode) {
                case REQUIRE_EMPTY, APPEND -> Set.of();
                case REPLACE -> incoming.keySet();
                case REPLACE_ALL -> existing.keySet();
            };
        }

        long deletes(ImportRequest.Mode mode) {
            return replaced(mode).stream()
                    .mapToLong(t -> existing.getOrDefault(t, 0L))
                    .sum();
        }

        /** The change summary the CLI shows before it asks to go on (BE {@code snapshot_import}). */
        String summary(ImportRequest.Mode mode) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"table", "create", "delete"});
            Set<String> tables = new LinkedHashSet<>(incoming.keySet());
            tables.addAll(replaced(mode));
            for (String table : tables) {
                long there = existing.getOrDefault(table, 0L);
                long deleted = replaced(mode).contains(table) ? there : 0;
                rows.add(new String[] {table, Long.toString(incoming.getOrDefault(table, 0L)), deleted + " of " + there
                });
            }
            int[] widths = new int[3];
            for (String[] row : rows) {
                for (int i = 0; i < 3; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
            StringBuilder text = new StringBuilder("Import change summary:\n");
            for (int r = 0; r < rows.size(); r++) {
                String[] row = rows.get(r);
                for (int i = 0; i < 3; i++) {
                    text.append(String.format("%-" + widths[i] + "s | ", row[i]));
                }
                text.setLength(text.length() - 1);
                text.append('\n');
                if (r == 0) {
                    text.append("-".repeat(widths[0] + widths[1] + widths[2] + 8))
                            .append('\n');
                }
            }
            return text.toString().stripTrailing();
        }
    }

    /** The outcome: documents written and deleted. */
    record Result(long written, long deleted) {}

    private final Database database;
    private final ImportSource source;
    private final ImportRequest request;

    SnapshotImport(Database database, ImportSource source, ImportRequest request) {
        this.database = database;
        this.source = source;
        this.request = request;
    }

    /** Checks the whole file without writing; throws {@link ConvexException} with the first problem. */
    Plan plan(Progress progress) {
        Map<String, OptionalInt> numbers = source.tableNumbers();
        for (String table : numbers.keySet()) {
            Identifiers.error(table).ifPresent(error -> {
                throw ImportSource.bad("Invalid table name \"" + table + "\": " + error);
            });
        }
        Map<String, Long> existing = new LinkedHashMap<>();
        try (ReadTransaction tx = database.beginRead()) {
            for (String table : database.tableNames()) {
                existing.put(table, tx.forEachDocument(table, doc -> true));
            }
        }
        if (request.mode() == ImportRequest.Mode.REQUIRE_EMPTY) {
            for (String table : numbers.keySet()) {
                if (existing.getOrDefault(table, 0L) > 0) {
                    throw ImportSource.bad("Table \"" + table + "\" is not empty (" + existing.get(table)
                            + " documents). Use --append to add to it, or --replace to replace its documents.");
                }
            }
        }
        Map<String, Long> incoming = new LinkedHashMap<>();
        numbers.keySet().forEach(t -> incoming.put(t, 0L));
        long[] bytes = {0};
        // --replace and --replace-all delete the tables' documents before writing: the check must not
        // count a document the file brings back (an export imported over itself) as a duplicate.
        boolean replacing =
                request.mode() == ImportRequest.Mode.REPLACE || request.mode() == ImportRequest.Mode.REPLACE_ALL;
        Batcher dryRun = new Batcher(batch -> {
            // Writes each batch of a table that exists (and so may have a schema), then abandons it.
            List<ImportSource.Document> checkable =
                    batch.stream().filter(d -> existing.containsKey(d.table())).toList();
            if (!checkable.isEmpty()) {
                try {
                    database.mutate(tx -> {
                        write(tx, checkable, localNumbers(numbers), true, replacing);
                        throw new Abandon();
                    });
                } catch (Abandon expected) {
                    // nothing was committed
                }
            }
        });
        source.forEach(doc -> {
            check(doc);
            incoming.merge(doc.table(), 1L, Long::sum);
            long size = ValueSize.size(doc.fields());
            bytes[0] += size;
            dryRun.add(doc, size);
        });
        dryRun.flush();
        progress.update("checked", incomingTotal(incoming), incomingTotal(incoming));
        return new Plan(incoming, existing, numbers, bytes[0]);
    }

    private static long incomingTotal(Map<String, Long> incoming) {
        return incoming.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Writes what {@link #plan} checked. */
    Result perform(Plan plan, Progress progress) {
        ImportRequest.Mode mode = request.mode();
        long deletes = plan.deletes(mode);
        for (var e : plan.numbers().entrySet()) {
            database.createTable(e.getKey(), e.getValue());
        }
        Map<String, Integer> numbers = localNumbers(plan.numbers());
        long total = plan.total();
        if (total + deletes <= SINGLE_TRANSACTION_WRITES && plan.bytes() <= SINGLE_TRANSACTION_BYTES) {
            List<ImportSource.Document> all = new ArrayList<>();
            source.forEach(all::add);
            database.mutate(tx -> {
                for (String table : plan.replaced(mode)) {
                    for (ConvexValue.Obj doc : tx.query(table).collect()) {
                        tx.delete(((ConvexValue.Str) Objects.requireNonNull(doc.get("_id"))).value());
                    }
                }
                write(tx, all, numbers, false, false);
                return null;
            });
            progress.update("written", total, total);
            return new Result(total, deletes);
        }
        long[] written = {0};
        try (ImportJournal journal = new ImportJournal()) {
            try {
                for (String table : plan.replaced(mode)) {
                    while (true) {
                        List<ConvexValue.Obj> deleted = database.mutate(tx -> {
                                    List<ConvexValue.Obj> docs = tx.query(table).take(BATCH_DOCUMENTS);
                                    docs.forEach(doc -> tx.delete(
                                            ((ConvexValue.Str) Objects.requireNonNull(doc.get("_id"))).value()));
                                    return docs;
                                })
                                .value();
                        if (deleted.isEmpty()) {
                            break;
                        }
                        journal.deleted(table, deleted);
                    }
                }
                Batcher writer = new Batcher(batch -> {
                    List<String> ids = database.mutate(tx -> write(tx, batch, numbers, false, false))
                            .value();
                    journal.written(ids);
                    written[0] += batch.size();
                    progress.update("written", written[0], total);
                });
                source.forEach(doc -> writer.add(doc, ValueSize.size(doc.fields())));
                writer.flush();
            } catch (RuntimeException e) {
                try {
                    journal.undo(database, UNDO_BATCH_DOCUMENTS);
                } catch (RuntimeException undoFailed) {
                    e.addSuppressed(undoFailed);
                }
                throw e;
            }
        }
        return new Result(written[0], deletes);
    }

    /** Deletes every document of {@code table}, in batches; returns how many. */
    static long clear(Database database, String table) {
        long total = 0;
        while (true) {
            int deleted = database.mutate(tx -> {
                        List<ConvexValue.Obj> docs = tx.query(table).take(BATCH_DOCUMENTS);
                        docs.forEach(
                                doc -> tx.delete(((ConvexValue.Str) Objects.requireNonNull(doc.get("_id"))).value()));
                        return docs.size();
                    })
                    .value();
            if (deleted == 0) {
                return total;
            }
            total += deleted;
        }
    }

    private Map<String, Integer> localNumbers(Map<String, OptionalInt> numbers) {
        Map<String, Integer> local = new LinkedHashMap<>();
        for (String table : numbers.keySet()) {
            database.tableNumber(table).ifPresent(n -> local.put(table, n));
        }
        return local;
    }

    /** A document's system fields must be what an export writes. */
    private static void check(ImportSource.Document doc) {
        ConvexValue id = doc.fields().fields().get("_id");
        if (id != null) {
            if (!(id instanceof ConvexValue.Str s) || !DocumentId.isValid(s.value())) {
                throw ImportSource.bad("Invalid _id in table \"" + doc.table() + "\": " + id);
            }
        }
        ConvexValue time = doc.fields().fields().get("_creationTime");
        if (time != null && !(time instanceof ConvexValue.Float64)) {
            throw ImportSource.bad("Invalid _creationTime in table \"" + doc.table() + "\": " + time);
        }
        try {
            // As stored: system fields present (placeholders where the file has none).
            ConvexValue.Obj stored = doc.fields();
            if (id == null) {
                stored = stored.with("_id", ConvexValue.str("placeholder"));
            }
            if (time == null) {
                stored = stored.with("_creationTime", ConvexValue.float64(1));
            }
            ValueSize.checkDocument(stored);
        } catch (ConvexException e) {
            throw ImportSource.bad("Invalid document in table \"" + doc.table() + "\": " + e.getMessage());
        }
    }

    /**
     * Writes documents in {@code tx}: with their own id (re-encoded to the table's number) and
     * creation time when they have them, else as fresh inserts. {@code replacing}: the check of an
     * import that replaces the tables first deletes a document of the same id, as the import will
     * have deleted it.
     */
    private static List<String> write(
            WriteTransaction tx,
            List<ImportSource.Document> docs,
            Map<String, Integer> numbers,
            boolean checking,
            boolean replacing) {
        List<String> ids = new ArrayList<>(docs.size());
        for (ImportSource.Document doc : docs) {
            ConvexValue.Obj fields = doc.fields();
            ConvexValue.Obj body = fields.without("_id").without("_creationTime");
            try {
                if (fields.fields().get("_id") instanceof ConvexValue.Str id) {
                    DocumentId decoded = DocumentId.decode(id.value());
                    Integer number = numbers.get(doc.table());
                    String local = number == null || number == decoded.tableNumber()
                            ? id.value()
                            : new DocumentId(number, decoded.internalId()).encode();
                    double creationTime = fields.fields().get("_creationTime") instanceof ConvexValue.Float64 f
                            ? f.value()
                            : (double) System.currentTimeMillis();
                    if (replacing && tx.get(local).isPresent()) {
                        tx.delete(local);
                    }
                    tx.importDocument(doc.table(), local, creationTime, body);
                    ids.add(local);
                } else {
                    ids.add(tx.insert(doc.table(), body));
                }
            } catch (ConvexException e) {
                throw checking
                        ? ImportSource.bad("Invalid document in table \"" + doc.table() + "\": " + e.getMessage())
                        : e;
            }
        }
        return ids;
    }

    /** Thrown to abandon a checking transaction. */
    private static final class Abandon extends RuntimeException {
        Abandon() {
            super(null, null, false, false);
        }
    }

    /** Groups documents into batches of bounded count and size. */
    private static final class Batcher {
        private final java.util.function.Consumer<List<ImportSource.Document>> sink;
        private List<ImportSource.Document> batch = new ArrayList<>();
        private long bytes;

        Batcher(java.util.function.Consumer<List<ImportSource.Document>> sink) {
            this.sink = sink;
        }

        void add(ImportSource.Document doc, long size) {
            if (!batch.isEmpty() && (batch.size() >= BATCH_DOCUMENTS || bytes + size > BATCH_BYTES)) {
                flush();
            }
            batch.add(doc);
            bytes += size;
        }

        void flush() {
            if (!batch.isEmpty()) {
                List<ImportSource.Document> full = batch;
                batch = new ArrayList<>();
                bytes = 0;
                sink.accept(full);
            }
        }
    }
}
