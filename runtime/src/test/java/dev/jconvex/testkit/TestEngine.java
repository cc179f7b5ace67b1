package dev.jconvex.testkit;

import dev.jconvex.database.DatabaseConfig;
import dev.jconvex.server.Jconvex;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The storage engines a test can run on. A test class parameterized over the engine builds its
 * configuration with {@link #config}, and a subclass per extra engine overrides which one it uses
 * (for example {@code ConcurrencyPostgresTest extends ConcurrencyTest}); a suite that builds a
 * runtime uses {@link #runtime}.
 */
public enum TestEngine {
    /** The embedded engine on a data directory. */
    EMBEDDED,
    /** The PostgreSQL engine on a fresh schema of {@link TestPostgres}; skipped without a server. */
    POSTGRESQL;

    /** Deployment per data directory, so a test that reopens its directory reopens its deployment. */
    private static final Map<Path, String> DEPLOYMENTS = new ConcurrentHashMap<>();

    /** A configuration on this engine; the same {@code dir} gives the same deployment. */
    public DatabaseConfig.Builder config(Path dir) {
        return switch (this) {
            case EMBEDDED -> DatabaseConfig.dataDirectory(dir);
            case POSTGRESQL -> DatabaseConfig.postgresql(url(dir));
        };
    }

    /**
     * A runtime builder on this engine, for the suites above the database (execution, sync, admin):
     * the embedded engine in memory, or a fresh deployment on PostgreSQL.
     */
    public Jconvex.Builder runtime() {
        return switch (this) {
            case EMBEDDED -> Jconvex.builder().inMemory();
            case POSTGRESQL -> Jconvex.builder().postgresql(TestPostgres.freshDeployment());
        };
    }

    /** The PostgreSQL URL of the deployment for {@code dir}. */
    public static String url(Path dir) {
        return DEPLOYMENTS.computeIfAbsent(dir, d -> TestPostgres.freshDeployment());
    }
}
