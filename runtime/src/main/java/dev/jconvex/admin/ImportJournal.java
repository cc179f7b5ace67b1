package dev.jconvex.admin;

import dev.jconvex.database.internal.Database;
import dev.jconvex.values.ConvexJson;
import dev.jconvex.values.ConvexValue;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a batched import has committed so far, on disk, so that a failure part-way can be undone:
 * the ids it wrote and the documents it deleted (whole, with their system fields).
 *
 * <p>An import too large for one transaction commits in batches; without this record a failure
 * after some batches would leave half a file imported, or tables a {@code --replace} had already
 * emptied. {@link #undo} deletes what the import wrote and puts back what it deleted, in batches
 * of bounded size, so memory stays bounded however large the file. Entries are appended only after
 * their transaction committed (a retried transaction records once). Documents that others change
 * while the import runs are not protected: the import is not isolated from concurrent writers, as
 * Convex's (which stages in hidden tables and swaps them in) is.
 */
final class ImportJournal implements AutoCloseable {

    private final Path written;
    private final Path deleted;
    private final BufferedWriter writtenOut;
    private final BufferedWriter deletedOut;

    ImportJournal() {
        try {
            written = Files.createTempFile("jconvex-import-written", ".txt");
            deleted = Files.createTempFile("jconvex-import-deleted", ".jsonl");
            writtenOut = Files.newBufferedWriter(written, StandardCharsets.UTF_8);
            deletedOut = Files.newBufferedWriter(deleted, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the import's undo journal", e);
        }
    }

    /** Records ids a committed batch wrote. */
    void written(List<String> ids) {
        try {
            for (String id : ids) {
                writtenOut.write(id);
                writtenOut.newLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records documents a committed batch deleted, with their table. */
    void deleted(String table, List<ConvexValue.Obj> documents) {
        try {
            for (ConvexValue.Obj doc : documents) {
                deletedOut.write(ConvexJson.write(
                        ConvexValue.obj(java.util.Map.of("table", ConvexValue.str(table), "document", doc))));
                deletedOut.newLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deletes every id the import wrote, then restores every document it deleted with its id and
     * creation time, each in transactions of at most {@code batch} documents.
     */
    void undo(Database database, int batch) {
        try {
            writtenOut.flush();
            deletedOut.flush();
            try (BufferedReader in = Files.newBufferedReader(written, StandardCharsets.UTF_8)) {
                List<String> ids = new ArrayList<>(batch);
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    ids.add(line);
                    if (ids.size() == batch) {
                        deleteAll(database, ids);
                        ids.clear();
                    }
                }
                deleteAll(database, ids);
            }
            try (BufferedReader in = Files.newBufferedReader(deleted, StandardCharsets.UTF_8)) {
                List<ConvexValue.Obj> entries = new ArrayList<>(batch);
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    entries.add((ConvexValue.Obj) ConvexJson.parse(line));
                    if (entries.size() == batch) {
                        restoreAll(database, entries);
                        entries.clear();
                    }
                }
                restoreAll(database, entries);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the import's undo journal", e);
        }
    }

    private static void deleteAll(Database database, List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        database.mutate(tx -> {
            for (String id : ids) {
                if (tx.get(id).isPresent()) {
                    tx.delete(id);
                }
            }
            return null;
        });
    }

    private static void restoreAll(Database database, List<ConvexValue.Obj> entries) {
        if (entries.isEmpty()) {
            return;
        }
        database.mutate(tx -> {
            for (ConvexValue.Obj entry : entries) {
                String table = ((ConvexValue.Str) Objects.requireNonNull(entry.get("table"))).value();
                ConvexValue.Obj doc = (ConvexValue.Obj) Objects.requireNonNull(entry.get("document"));
                String id = ((ConvexValue.Str) Objects.requireNonNull(doc.get("_id"))).value();
                double creationTime = ((ConvexValue.Float64) Objects.requireNonNull(doc.get("_creationTime"))).value();
                if (tx.get(id).isEmpty()) {
                    tx.importDocument(
                            table, id, creationTime, doc.without("_id").without("_creationTime"));
                }
            }
            return null;
        });
    }

    @Override
    public void close() {
        try {
            writtenOut.close();
            deletedOut.close();
            Files.deleteIfExists(written);
            Files.deleteIfExists(deleted);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
