package dev.jconvex.admin;

import dev.jconvex.database.internal.Database;
import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import dev.jconvex.values.ConvexValue;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Imports as {@code npx convex import} drives them (BE {@code application/src/snapshot_import}):
 * an upload in parts ({@code /api/import/start_upload}, {@code upload_part}, {@code
 * finish_upload}), which is then checked and waits for confirmation, then {@code
 * /api/perform_import}. {@code _system/cli/queryImport} reports a job's state:
 *
 * <pre>
 * {"state": "waiting_for_confirmation", "message_to_confirm": "Import change summary: …", "require_manual_confirmation": true}
 * {"state": "completed", "num_rows_written": 12n}
 * {"state": "failed", "error_message": "…"}
 * </pre>
 *
 * Checking and writing run while the request waits, so a job the CLI subscribes to is already in a
 * stable state. Uploaded files live in the work directory until their import ends.
 */
public final class SnapshotImports {

    /** One import and its state. */
    public record Job(
            String id,
            long creationTime,
            ImportRequest request,
            String state,
            Optional<String> message,
            long rowsWritten,
            Optional<Path> file,
            Optional<SnapshotImport.Plan> plan) {

        Job with(String state, Optional<String> message, long rowsWritten) {
            return new Job(id, creationTime, request, state, message, rowsWritten, Optional.empty(), Optional.empty());
        }

        /** As {@code _system/cli/queryImport} answers it. */
        ConvexValue toValue() {
            Map<String, ConvexValue> inner = new LinkedHashMap<>();
            inner.put("state", ConvexValue.str(state));
            switch (state) {
                case "waiting_for_confirmation" -> {
                    inner.put("message_to_confirm", ConvexValue.str(message.orElse("")));
                    inner.put("require_manual_confirmation", ConvexValue.bool(true));
                }
                case "completed" -> inner.put("num_rows_written", ConvexValue.int64(rowsWritten));
                case "failed" -> inner.put("error_message", ConvexValue.str(message.orElse("")));
                default -> {
                    inner.put("progress_message", ConvexValue.str(message.orElse("Importing")));
                    inner.put("checkpoint_messages", ConvexValue.array(List.of()));
                }
            }
            Map<String, ConvexValue> outer = new LinkedHashMap<>();
            outer.put("_id", ConvexValue.str(id));
            outer.put("_creationTime", ConvexValue.float64((double) creationTime));
            outer.put("state", ConvexValue.obj(inner));
            outer.put("mode", ConvexValue.str(request.mode().wireName()));
            outer.put("format", ConvexValue.str(request.format().wireName()));
            return ConvexValue.obj(outer);
        }
    }

    /** The outcome of an import run in one call (the launcher, {@code serve --import}). */
    public record Result(long written, long deleted, String summary) {}

    private final Database database;
    private final Path directory;
    private final Map<String, Path> uploads = new ConcurrentHashMap<>();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();

    SnapshotImports(Database database, Path directory) {
        this.database = database;
        this.directory = directory;
    }

    /** Starts an upload; returns its token. */
    public String startUpload() {
        String token = UUID.randomUUID().toString();
        try {
            Path dir = Files.createDirectories(directory.resolve(token));
            uploads.put(token, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return token;
    }

    /** Stores part {@code partNumber} (from 1) of an upload; returns the part's token. */
    public String uploadPart(String token, int partNumber, byte[] data) {
        Path dir = upload(token);
        if (partNumber < 1 || partNumber > 10_000) {
            throw new ConvexException(ErrorCode.InvalidArgument, "partNumber must be between 1 and 10000");
        }
        try {
            Files.write(dir.resolve("part-" + partNumber), data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Integer.toString(partNumber);
    }

    /**
     * Joins the parts (in the order of {@code partTokens}) and checks the file: the job then waits
     * for confirmation, or has failed with the first problem. Returns the job's id.
     */
    public String finishUpload(String token, List<String> partTokens, ImportRequest request) {
        Path dir = upload(token);
        Path file = directory.resolve(token + ".upload");
        try (OutputStream out = Files.newOutputStream(file)) {
            for (String part : partTokens) {
                Path partFile = dir.resolve("part-" + part);
                if (!Files.exists(partFile)) {
                    throw new ConvexException(ErrorCode.InvalidArgument, "Unknown part token: " + part);
                }
                Files.copy(partFile, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            uploads.remove(token);
            deleteTree(dir);
        }
        return check(file, request).id();
    }

    /** Checks {@code file} and records a job: waiting for confirmation, or failed. */
    Job check(Path file, ImportRequest request) {
        String id = UUID.randomUUID().toString().replace("-", "");
        SnapshotImport run =
                new SnapshotImport(database, new ImportSource(file, request.format(), request.table()), request);
        Job job;
        try {
            SnapshotImport.Plan plan = run.plan((phase, done, total) -> {});
            job = new Job(
                    id,
                    System.currentTimeMillis(),
                    request,
                    "waiting_for_confirmation",
                    Optional.of(plan.summary(request.mode())),
                    0,
                    Optional.of(file),
                    Optional.of(plan));
        } catch (ConvexException e) {
            deleteQuietly(file);
            job = new Job(
                    id,
                    System.currentTimeMillis(),
                    request,
                    "failed",
                    Optional.of(String.valueOf(e.getMessage())),
                    0,
                    Optional.empty(),
                    Optional.empty());
        }
        jobs.put(id, job);
        return job;
    }

    /** Runs a job that waits for confirmation; it ends completed or failed. */
    public Job perform(String importId) {
        Job job = find(importId)
                .orElseThrow(() -> new ConvexException(ErrorCode.InvalidArgument, "Import " + importId + " not found"));
        if (!job.state().equals("waiting_for_confirmation")) {
            throw new ConvexException(
                    ErrorCode.InvalidArgument,
                    "Import " + importId + " is not waiting for confirmation (state: " + job.state() + ")");
        }
        Path file = job.file().orElseThrow();
        SnapshotImport run = new SnapshotImport(
                database,
                new ImportSource(file, job.request().format(), job.request().table()),
                job.request());
        Job done;
        try {
            SnapshotImport.Result result = run.perform(job.plan().orElseThrow(), (phase, n, total) -> {});
            done = job.with("completed", Optional.empty(), result.written());
        } catch (ConvexException e) {
            done = job.with("failed", Optional.of(String.valueOf(e.getMessage())), 0);
        } finally {
            deleteQuietly(file);
        }
        jobs.put(importId, done);
        return done;
    }

    /**
     * Checks and writes {@code file} in one call, reporting progress; for the launcher and {@code
     * serve --import}.
     *
     * @throws ConvexException with the first problem; nothing was written then
     */
    public Result importFile(Path file, ImportRequest request, Progress progress) {
        SnapshotImport run =
                new SnapshotImport(database, new ImportSource(file, request.format(), request.table()), request);
        SnapshotImport.Plan plan = run.plan(progress);
        SnapshotImport.Result result = run.perform(plan, progress);
        return new Result(result.written(), result.deleted(), plan.summary(request.mode()));
    }

    /** A job by id. */
    public Optional<Job> find(String importId) {
        return Optional.ofNullable(jobs.get(importId));
    }

    /** Every job, oldest first. */
    public List<Job> all() {
        List<Job> list = new ArrayList<>(jobs.values());
        list.sort(java.util.Comparator.comparingLong(Job::creationTime));
        return list;
    }

    private Path upload(String token) {
        Path dir = uploads.get(token);
        if (dir == null) {
            throw new ConvexException(ErrorCode.InvalidArgument, "Unknown upload token: " + token);
        }
        return dir;
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.list(dir)) {
            files.forEach(SnapshotImports::deleteQuietly);
        } catch (IOException ignored) {
            // best effort
        }
        deleteQuietly(dir);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover upload is harmless
        }
    }
}
