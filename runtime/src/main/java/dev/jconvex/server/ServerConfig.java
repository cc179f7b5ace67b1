package dev.jconvex.server;

import dev.jconvex.auth.AuthConfig;
import dev.jconvex.http.HttpTimeouts;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link JconvexServer} is started: an immutable value built once and validated by {@link
 * Builder#build()}.
 *
 * <p>Defaults (documented in {@code docs/http-api.md}):
 *
 * <ul>
 *   <li>{@code host}: {@code 127.0.0.1}, loopback only, like {@code npx convex dev}'s local backend;
 *   <li>{@code port}: {@code 3210}, Convex's local backend port (spec wire-protocol §0); {@code 0}
 *       picks a free port;
 *   <li>{@code dataDirectory}: {@code ./.jconvex/data}; empty means an in-memory database and an
 *       admin key that lives only as long as the process;
 *   <li>{@code database}: empty, the embedded engine in {@code dataDirectory}; a PostgreSQL URL
 *       ({@code postgresql://USER@HOST:PORT/DB} or {@code jdbc:postgresql://...}) stores the data
 *       there instead, and any number of servers on one database act as one deployment
 *       (docs/postgres.md); the data directory then holds only the admin key;
 *   <li>{@code env}: the functions' {@code process.env}; when it has no {@code CONVEX_SITE_URL}, the
 *       server sets it to {@code http://127.0.0.1:<port + 1>} (Convex's site port, §0), so that
 *       {@code mutable:purgeAll}'s local-deployment check passes as it does on {@code npx convex dev}.
 * </ul>
 *
 * @param host the interface to listen on
 * @param port the TCP port, 0 for any free port
 * @param dataDirectory where the database file and the admin key live; empty for in-memory
 * @param env environment variables the functions see
 * @param database a PostgreSQL URL to store the data in, instead of the data directory
 * @param timeouts how long clients may take ({@link HttpTimeouts#defaults()})
 * @param accessLog whether each request is logged, one line, to the {@code jconvex.access} logger
 * @param auth the auth providers bearer tokens are verified against ({@link AuthConfig#none()}:
 *     every token refused, as a Convex deployment without {@code auth.config.ts})
 * @param devMode development mode ({@code serve --dev}): the error message of a function that failed
 *     with a Java exception other than a Convex error carries its stack frames, as Convex's
 *     development deployments show JavaScript frames (default off; the server log has the trace
 *     either way)
 * @param publicMetrics whether {@code GET /metrics} answers without the admin key (default false:
 *     it needs {@code Authorization: Convex <admin key>}, since it names every function and shows
 *     the deployment's traffic; Prometheus sends it with {@code authorization: {type: Convex,
 *     credentials: <key>}})
 */
public record ServerConfig(
        String host,
        int port,
        Optional<Path> dataDirectory,
        Map<String, String> env,
        Optional<String> database,
        HttpTimeouts timeouts,
        boolean accessLog,
        AuthConfig auth,
        boolean devMode,
        boolean publicMetrics) {

    /** The default port, as Convex's local backend. */
    public static final int DEFAULT_PORT = 3210;

    /** The default host: loopback. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** The default data directory, relative to the working directory. */
    public static final Path DEFAULT_DATA_DIRECTORY = Path.of(".jconvex", "data");

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        env = Map.copyOf(env);
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(auth, "auth");
    }

    /** A builder starting from the defaults above. */
    public static Builder builder() {
        return new Builder();
    }

    /** An in-memory server on a free port of 127.0.0.1: what tests start. */
    public static ServerConfig inMemoryOnFreePort() {
        return builder().port(0).inMemory().build();
    }

    /** Whether the database lives only in memory. */
    public boolean inMemory() {
        return dataDirectory.isEmpty();
    }

    /** Collects the settings of a {@link ServerConfig}. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private Optional<Path> dataDirectory = Optional.of(DEFAULT_DATA_DIRECTORY);
        private final Map<String, String> env = new LinkedHashMap<>();
        private Optional<String> database = Optional.empty();
        private HttpTimeouts timeouts = HttpTimeouts.defaults();
        private boolean accessLog;
        private boolean devMode;
        private AuthConfig auth = AuthConfig.none();
        private boolean publicMetrics;

        private Builder() {}

        /**
         * Whether {@code GET /metrics} answers without the admin key (default false: admin key
         * required).
         */
        public Builder publicMetrics(boolean enabled) {
            this.publicMetrics = enabled;
            return this;
        }

        /** Stores the data in the PostgreSQL database at {@code url} (see the class note). */
        public Builder database(String url) {
            this.database = Optional.of(Objects.requireNonNull(url, "url"));
            return this;
        }

        /** The auth providers tokens are verified against; see {@link AuthConfig}. */
        public Builder auth(AuthConfig auth) {
            this.auth = Objects.requireNonNull(auth, "auth");
            return this;
        }

        /** How long clients may take; see {@link HttpTimeouts}. */
        public Builder timeouts(HttpTimeouts timeouts) {
            this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
            return this;
        }

        /** Development mode: stack frames in the error messages of functions that fail with a bug. */
        public Builder devMode(boolean enabled) {
            this.devMode = enabled;
            return this;
        }

        /** Logs one line per request to the {@code jconvex.access} logger. */
        public Builder accessLog(boolean enabled) {
            this.accessLog = enabled;
            return this;
        }

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Keeps the database and the admin key in {@code directory}. */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = Optional.of(directory);
            return this;
        }

        /** Keeps everything in memory: nothing survives the process. */
        public Builder inMemory() {
            this.dataDirectory = Optional.empty();
            return this;
        }

        /** Adds one environment variable for the functions (later values win). */
        public Builder env(String name, String value) {
            if (name.isEmpty()) {
                throw new IllegalArgumentException("environment variable name must not be empty");
            }
            env.put(name, Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Adds environment variables for the functions (later values win). */
        public Builder env(Map<String, String> variables) {
            variables.forEach(this::env);
            return this;
        }

        /** Validates the settings; an unresolvable host is rejected here, before anything starts. */
        public ServerConfig build() {
            try {
                InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("unknown host: " + host, e);
            }
            if (database.isPresent()) {
                try {
                    dev.jconvex.database.DatabaseConfig.postgresql(database.get())
                            .build();
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--database: " + e.getMessage(), e);
                }
            }
            return new ServerConfig(
                    host, port, dataDirectory, env, database, timeouts, accessLog, auth, devMode, publicMetrics);
        }
    }
}
