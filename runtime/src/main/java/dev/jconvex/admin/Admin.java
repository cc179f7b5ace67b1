package dev.jconvex.admin;

import dev.jconvex.database.internal.Database;
import dev.jconvex.database.internal.ReadTransaction;
import dev.jconvex.errors.ConvexException;
import dev.jconvex.execution.FunctionOutcome;
import dev.jconvex.execution.RegisteredFunction;
import dev.jconvex.execution.internal.EnvironmentVariables;
import dev.jconvex.execution.internal.FunctionRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The administration of one deployment: what the CLI's system functions read and the admin-only
 * HTTP routes change. Thread-safe.
 */
public final class Admin {

    private final Database database;
    private final EnvironmentVariables environment;
    private final FunctionRegistry registry;
    private final FunctionLog log;
    private final SnapshotExports exports;
    private final SnapshotImports imports;

    /**
     * @param workDirectory where export files and uploads wait (the data directory's {@code
     *     admin/}, or a temporary directory for an in-memory deployment)
     */
    public Admin(
            Database database,
            EnvironmentVariables environment,
            FunctionRegistry registry,
            FunctionLog log,
            Path workDirectory) {
        this.database = Objects.requireNonNull(database, "database");
        this.environment = Objects.requireNonNull(environment, "environment");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.log = Objects.requireNonNull(log, "log");
        this.exports = new SnapshotExports(database, workDirectory.resolve("exports"));
        this.imports = new SnapshotImports(database, workDirectory.resolve("imports"));
    }

    /** A fresh temporary work directory, for deployments without a data directory. */
    public static Path temporaryWorkDirectory() {
        try {
            Path dir = Files.createTempDirectory("jconvex-admin");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Database database() {
        return database;
    }

    public EnvironmentVariables environment() {
        return environment;
    }

    FunctionRegistry registry() {
        return registry;
    }

    List<RegisteredFunction> functions() {
        return registry.functions();
    }

    public FunctionLog log() {
        return log;
    }

    public SnapshotExports exports() {
        return exports;
    }

    public SnapshotImports imports() {
        return imports;
    }

    /**
     * Runs the read-only query of {@code npx convex run --inline-query} on one snapshot (see {@link
     * InlineQuery} for the shapes jconvex understands); a shape it does not, or a failing read, is a
     * failure outcome with the reason.
     */
    public FunctionOutcome runInlineQuery(String source) {
        try (ReadTransaction tx = database.beginRead()) {
            return new FunctionOutcome.Success(InlineQuery.evaluate(source, tx), List.of(), tx.ts());
        } catch (InlineQuery.Unsupported | ConvexException e) {
            return FunctionOutcome.Failure.of("Uncaught Error: " + e.getMessage() + "\n", List.of());
        }
    }

    /**
     * Deletes every document of every table (tables and their indexes stay): a clean deployment for
     * a test. Runs in batches of transactions; returns the number of documents deleted.
     */
    public long reset() {
        long deleted = 0;
        for (String table : database.tableNames()) {
            deleted += SnapshotImport.clear(database, table);
        }
        return deleted;
    }
}
