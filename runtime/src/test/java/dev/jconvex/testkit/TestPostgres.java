package dev.jconvex.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jconvex.database.internal.PgUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The PostgreSQL server the tests use: a real one, named by the environment variable {@value
 * #VARIABLE} (for example {@code postgresql://postgres@127.0.0.1:5432/postgres}). Without it every
 * PostgreSQL test is skipped with one line naming the variable. Each test gets a fresh schema of
 * its own ({@link #freshDeployment}), so tests are independent and need no clean-up between runs.
 */
public final class TestPostgres {
    private TestPostgres() {}

    /** The environment variable that names the test server. */
    public static final String VARIABLE = "JCONVEX_TEST_POSTGRES";

    /** The skip message. */
    public static final String SKIPPED =
            "PostgreSQL tests skipped: set " + VARIABLE + "=postgresql://USER@HOST:PORT/DB to run them";

    /**
     * The environment variable that names a command controlling the server of {@value #VARIABLE}:
     * run with one argument, {@code stop}, {@code start} or {@code restart}, it does that to the
     * real server and returns once done (e.g. a script around {@code pg_ctl -m fast -w}; {@code
     * .ci/run} exports one for its throwaway cluster).
     */
    public static final String CTL_VARIABLE = "JCONVEX_TEST_POSTGRES_CTL";

    /** The skip message of the tests that restart the server. */
    public static final String CTL_SKIPPED = "PostgreSQL restart tests skipped: set " + CTL_VARIABLE
            + " to a command that takes stop|start|restart for the server of " + VARIABLE + " to run them";

    /**
     * The command of {@value #CTL_VARIABLE}; skips the calling test when it (or {@value #VARIABLE})
     * is unset.
     */
    public static String requireControl() {
        requireUrl();
        Optional<String> ctl = Optional.ofNullable(System.getenv(CTL_VARIABLE)).filter(s -> !s.isBlank());
        assumeTrue(ctl.isPresent(), CTL_SKIPPED);
        return ctl.get();
    }

    /**
     * Runs the {@value #CTL_VARIABLE} command with {@code action} ({@code stop}, {@code start},
     * {@code restart}) and waits for it; fails if it fails or takes more than two minutes.
     */
    public static void control(String command, String action) {
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c", command + " \"$1\"", "sh", action)
                    .redirectErrorStream(true)
                    .start();
            String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(CTL_VARIABLE + " " + action + " did not finish in 2 minutes");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(
                        CTL_VARIABLE + " " + action + " exited with " + p.exitValue() + ": " + output.strip());
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot run " + CTL_VARIABLE + " (" + command + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The server's URL, if configured. */
    public static Optional<String> url() {
        return Optional.ofNullable(System.getenv(VARIABLE)).filter(s -> !s.isBlank());
    }

    /** The server's URL; skips the calling test when {@value #VARIABLE} is unset. */
    public static String requireUrl() {
        Optional<String> url = url();
        assumeTrue(url.isPresent(), SKIPPED);
        return url.get();
    }

    /**
     * A URL for a new, empty deployment: a fresh schema in the test database ({@code
     * currentSchema=...}). Skips the calling test when {@value #VARIABLE} is unset.
     */
    public static String freshDeployment() {
        String base = requireUrl();
        String schema = "jct_"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE)
                        .toLowerCase(Locale.ROOT);
        try (Connection c = connect(base);
                Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test schema on " + base + ": " + e.getMessage(), e);
        }
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /**
     * A URL for a new, empty database on the test server (for tests that cut connections to one
     * database, which a schema cannot isolate). Skips the calling test when {@value #VARIABLE} is unset.
     */
    public static String freshDatabase() {
        String base = requireUrl();
        String name = "jct_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        execute(base, "CREATE DATABASE " + name);
        PgUrl parsed = PgUrl.parse(base);
        String jdbc = parsed.jdbcUrl().replaceFirst("^(jdbc:postgresql://[^/]*/)[^?]*", "$1" + name);
        StringBuilder url = new StringBuilder(jdbc);
        parsed.user()
                .ifPresent(u -> url.append(jdbc.contains("?") ? "&" : "?")
                        .append("user=")
                        .append(u));
        parsed.password().ifPresent(p -> url.append("&password=").append(p));
        return url.toString();
    }

    /** Runs one SQL statement on {@code url} (an administrative step of a test). */
    public static void execute(String url, String sql) {
        try (Connection c = connect(url);
                Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The name of the database {@code url} connects to. */
    public static String databaseName(String url) {
        return PgUrl.parse(url).jdbcUrl().replaceFirst("^jdbc:postgresql://[^/]*/([^?]*).*$", "$1");
    }

    /** A plain JDBC connection to {@code url} (any accepted form), for tests that look at the tables. */
    public static Connection connect(String url) throws SQLException {
        PgUrl parsed = PgUrl.parse(url);
        Properties props = new Properties();
        parsed.user().ifPresent(u -> props.setProperty("user", u));
        parsed.password().ifPresent(p -> props.setProperty("password", p));
        return DriverManager.getConnection(parsed.jdbcUrl(), props);
    }
}
