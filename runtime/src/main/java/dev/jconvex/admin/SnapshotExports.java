package dev.jconvex.admin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.jconvex.database.internal.Database;
import dev.jconvex.database.internal.ReadTransaction;
import dev.jconvex.values.ConvexJson;
import dev.jconvex.values.ConvexValue;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Snapshot exports in Convex's ZIP format (BE {@code crates/exports}), and the state of the latest
 * one that {@code _system/cli/exports:getLatest} reports.
 *
 * <pre>
 * README.md
 * _tables/documents.jsonl         {"name":"messages","id":10001} per user table, by table number
 * messages/documents.jsonl        one document per line in export JSON ({@link ExportJson}), by _creationTime
 * messages/generated_schema.jsonl "uniform"
 * _storage/documents.jsonl        (only when storage is included; jconvex has no file storage: empty)
 * </pre>
 *
 * All tables are read from one snapshot, so the export is consistent as of its {@code start_ts}.
 * An export requested over HTTP is written to a file under the deployment's work directory (one at a
 * time; the newest replaces the previous), then downloaded from {@code /api/export/zip/<ts>}.
 */
public final class SnapshotExports {

    /** The README Convex puts at the top of every snapshot. */
    static final String README = """
            # Welcome to your Convex snapshot export!

            This ZIP file contains a snapshot of the tables in your Convex deployment.

            Documents for each table are listed as lines of JSON in
            <table_name>/documents.jsonl files.

            For details on the format and how to use this snapshot with npx convex import,
            check out [the docs](https://docs.convex.dev/database/import-export/export) or
            ask us in [Discord](http://convex.dev/community).
            """;

    private static final JsonFactory JSON = ConvexJson.newJsonFactory()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM)
            // one document per line: no separator between root values (Jackson's default is a space)
            .setRootValueSeparator(null);

    /**
     * The latest export: {@code state} is "completed" or "failed"; {@code startTs} the
     * snapshot's timestamp (nanoseconds); {@code file} where the ZIP waits to be downloaded.
     */
    public record State(String state, long startTs, long completeTs, Optional<Path> file, long documents) {
        /** As {@code getLatest} answers it (BE {@code model/src/exports/types.rs}, snake_case). */
        ConvexValue toValue() {
            Map<String, ConvexValue> fields = new LinkedHashMap<>();
            fields.put("state", ConvexValue.str(state));
            fields.put("start_ts", ConvexValue.int64(startTs));
            fields.put("complete_ts", ConvexValue.int64(completeTs));
            fields.put("format", ConvexValue.obj(Map.of("format", ConvexValue.str("zip"))));
            fields.put("requestor", ConvexValue.str("snapshotExport"));
            return ConvexValue.obj(fields);
        }
    }

    /** What one export wrote. */
    public record Summary(long startTs, int tables, long documents) {}

    private final Database database;
    private final Path directory;
    private volatile Optional<State> latest = Optional.empty();

    SnapshotExports(Database database, Path directory) {
        this.database = database;
        this.directory = directory;
    }

    /** The latest export requested over HTTP, if any. */
    public Optional<State> latest() {
        return latest;
    }

    /**
     * Writes a snapshot ZIP to a file in the work directory and makes it the latest export; returns
     * its state. Blocks until the file is complete (the CLI waits for {@code completed} anyway).
     */
    public synchronized State request(boolean includeStorage) {
        try {
            Files.createDirectories(directory);
            Path partial = Files.createTempFile(directory, "export", ".zip.partial");
            Summary summary;
            try (OutputStream out = Files.newOutputStream(partial)) {
                summary = write(database, out, includeStorage, done -> {});
            }
            Path file = directory.resolve("snapshot_" + summary.startTs() + ".zip");
            Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            latest.flatMap(State::file).filter(old -> !old.equals(file)).ifPresent(SnapshotExports::deleteQuietly);
            State state = new State(
                    "completed",
                    summary.startTs(),
                    database.latestTimestamp().nanos(),
                    Optional.of(file),
                    summary.documents());
            latest = Optional.of(state);
            return state;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the snapshot export", e);
        }
    }

    /** The ZIP of the export at {@code startTs}, if it is the latest one. */
    public Optional<Path> file(long startTs) {
        return latest.filter(s -> s.startTs() == startTs).flatMap(State::file).filter(Files::exists);
    }

    /**
     * Writes a snapshot of {@code database} to {@code out} as a ZIP (left open); {@code progress}
     * hears the number of documents written so far, every 1,000.
     */
    public static Summary write(Database database, OutputStream out, boolean includeStorage, LongConsumer progress)
            throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        AtomicLong documents = new AtomicLong();
        int tables = 0;
        try (ReadTransaction tx = database.beginRead()) {
            entry(zip, "README.md", README);
            zip.putNextEntry(new ZipEntry("_tables/documents.jsonl"));
            var names = database.tableNames();
            var byNumber = names.stream()
                    .sorted(java.util.Comparator.comparing(
                            (String n) -> database.tableNumber(n).orElse(Integer.MAX_VALUE)))
                    .toList();
            for (String name : byNumber) {
                Map<String, ConvexValue> row = new LinkedHashMap<>();
                row.put("name", ConvexValue.str(name));
                row.put("id", ConvexValue.int64(database.tableNumber(name).orElseThrow()));
                line(zip, ConvexValue.obj(row));
            }
            zip.closeEntry();
            for (String name : names) {
                tables++;
                zip.putNextEntry(new ZipEntry(name + "/documents.jsonl"));
                JsonGenerator g = JSON.createGenerator(zip);
                tx.forEachDocument(name, doc -> {
                    try {
                        ExportJson.write(g, doc);
                        g.writeRaw('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    long n = documents.incrementAndGet();
                    if (n % 1000 == 0) {
                        progress.accept(n);
                    }
                    return true;
                });
                g.flush();
                zip.closeEntry();
                entry(zip, name + "/generated_schema.jsonl", "\"uniform\"\n");
            }
            if (includeStorage) {
                entry(zip, "_storage/documents.jsonl", "");
            }
            zip.finish();
            progress.accept(documents.get());
            return new Summary(tx.ts().nanos(), tables, documents.get());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void entry(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private static void line(ZipOutputStream zip, ConvexValue value) throws IOException {
        JsonGenerator g = JSON.createGenerator(zip);
        ExportJson.write(g, value);
        g.flush();
        zip.write('\n');
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // an old export left behind is harmless
        }
    }
}
