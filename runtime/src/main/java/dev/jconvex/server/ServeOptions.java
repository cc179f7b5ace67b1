package dev.jconvex.server;

import dev.jconvex.auth.AuthConfig;
import dev.jconvex.http.HttpTimeouts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code serve} command line, parsed: flags first, then environment variables, then defaults.
 *
 * <pre>
 * --port N          JCONVEX_PORT       default 3210; 0 picks a free port
 * --host H          JCONVEX_HOST       default 127.0.0.1
 * --data-dir DIR    JCONVEX_DATA_DIR   default ./.jconvex/data
 * --database URL    JCONVEX_DATABASE   PostgreSQL instead of the embedded engine
 * --in-memory       JCONVEX_IN_MEMORY  (true/1) keep nothing on disk
 * --env NAME=VALUE  JCONVEX_ENV        repeatable; JCONVEX_ENV holds comma-separated NAME=VALUE pairs
 * --auth-config FILE                  auth.config-shaped JSON of auth providers
 * --auth-provider SPEC                repeatable; one provider as name=value pairs
 * --accept-unverified-tokens          development only: tokens matching no provider are taken unverified
 * --request-header-timeout D, --request-body-timeout D, --keep-alive-timeout D, --idle-timeout D
 * --access-log                        one line per request on the jconvex.access logger
 * --dev                               stack frames in the error messages of functions that fail with a bug
 * --log-level [LOGGER=]LEVEL  JCONVEX_LOG_LEVEL  repeatable; JCONVEX_LOG_LEVEL holds comma-separated settings
 * --functions DIR   JCONVEX_FUNCTIONS  a TypeScript convex/ folder to serve (FunctionsDirectory)
 * --help
 * </pre>
 *
 * A hand-written parser: a dozen flags do not justify a dependency in the runnable jar.
 */
record ServeOptions(
        boolean help,
        ServerConfig config,
        Optional<Path> importFile,
        Optional<Path> exportOnExit,
        List<LogLevels.Setting> logLevels,
        Optional<Path> functionsDirectory) {

    ServeOptions {
        logLevels = List.copyOf(logLevels);
    }

    static final String USAGE = """
            Usage: java -jar jconvex.jar serve [options]

            Runs a Convex-compatible deployment with the modules on the class path.

            Options (each also settable by an environment variable):
              --port N          port to listen on; 0 picks a free port    [JCONVEX_PORT, default 3210]
              --host H          interface to listen on                    [JCONVEX_HOST, default 127.0.0.1]
              --data-dir DIR    database and admin key directory          [JCONVEX_DATA_DIR, default ./.jconvex/data]
              --database URL    store the data in PostgreSQL: postgresql://USER@HOST:PORT/DB
                                or a JDBC URL; several servers on one database serve
                                one deployment                            [JCONVEX_DATABASE]
              --in-memory       keep everything in memory                 [JCONVEX_IN_MEMORY=true]
              --env NAME=VALUE  environment variable for the functions,   [JCONVEX_ENV=A=1,B=2]
                                repeatable (default CONVEX_SITE_URL=http://127.0.0.1:<port+1>)
              --import FILE     load a snapshot ZIP at start, replacing the tables it holds
              --export-on-exit FILE  write a snapshot ZIP of every table when stopped (SIGTERM/SIGINT)
              --functions DIR   a Convex project's convex/ folder: its TypeScript modules run on GraalJS
                                beside the Java ones, replacing a Java module with the same path
                                (needs Node 20+ and typescript/toolchain; docs/typescript.md)  [JCONVEX_FUNCTIONS]

            Authentication (Convex's auth.config.ts providers; without any, every user token is refused):
              --auth-config FILE          JSON {"providers":[...]} in auth.config.ts's shape    [JCONVEX_AUTH_CONFIG]
              --auth-provider SPEC        one provider, repeatable, e.g.
                                          domain=https://issuer.example,applicationID=convex
                                          type=customJwt,issuer=https://x,jwks=keys.json,algorithm=RS256,applicationID=app
              --accept-unverified-tokens  DEVELOPMENT ONLY: a token matching no provider becomes an
                                          identity from its unverified claims (anyone can claim anyone)

            Limits for slow and idle clients (durations like 10s, 500ms, 2m):
              --request-header-timeout D  request line and headers must arrive within D   [default 10s]
              --request-body-timeout D    the body must arrive within D after the headers [default 60s]
              --keep-alive-timeout D      an open connection may wait D for a request      [default 60s]
              --idle-timeout D            no read or write for D closes a connection       [default 15m]
              --access-log                log one line per request (logger jconvex.access)

            Logging (one line per event on standard error):
              --log-level [LOGGER=]LEVEL  trace, debug, info, warn, error or off, for every logger or one;
                                          repeatable. Loggers: jconvex.functions (a line per function
                                          call, INFO), jconvex.console (the functions' console lines),
                                          jconvex.access, jconvex                 [JCONVEX_LOG_LEVEL=warn,jconvex.console=info]
              --dev                       development: the error message of a function that fails with a
                                          Java exception (not a ConvexError) shows its stack frames, as
                                          Convex's dev deployments show JavaScript frames
              --help                      print this help
            """;

    /** A command-line mistake; its message is shown with the usage. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    /** Parses the arguments after {@code serve}, reading defaults from {@code environment}. */
    static ServeOptions parse(List<String> args, Map<String, String> environment) {
        Objects.requireNonNull(args, "args");
        ServerConfig.Builder builder = ServerConfig.builder();
        Optional.ofNullable(environment.get("JCONVEX_PORT")).ifPresent(p -> builder.port(port(p, "JCONVEX_PORT")));
        Optional.ofNullable(environment.get("JCONVEX_HOST")).ifPresent(builder::host);
        Optional.ofNullable(environment.get("JCONVEX_DATA_DIR")).ifPresent(d -> builder.dataDirectory(Path.of(d)));
        Optional<String> database =
                Optional.ofNullable(environment.get("JCONVEX_DATABASE")).filter(v -> !v.isBlank());
        boolean inMemory = Optional.ofNullable(environment.get("JCONVEX_IN_MEMORY"))
                .map(v -> v.equalsIgnoreCase("true") || v.equals("1"))
                .orElse(false);
        List<String> envPairs = new ArrayList<>();
        Optional.ofNullable(environment.get("JCONVEX_ENV"))
                .filter(v -> !v.isBlank())
                .ifPresent(v -> envPairs.addAll(List.of(v.split(","))));
        boolean dataDirFlag = false;
        Optional<Path> importFile = Optional.empty();
        Optional<Path> exportOnExit = Optional.empty();
        Optional<Path> functionsDirectory = Optional.ofNullable(environment.get("JCONVEX_FUNCTIONS"))
                .filter(v -> !v.isBlank())
                .map(Path::of);
        AuthConfig auth = AuthConfig.none();
        Optional<String> authFile = Optional.ofNullable(environment.get("JCONVEX_AUTH_CONFIG"));
        List<String> providerSpecs = new ArrayList<>();
        boolean unverified = false;
        HttpTimeouts timeouts = HttpTimeouts.defaults();
        List<String> levelSpecs = new ArrayList<>();
        Optional.ofNullable(environment.get("JCONVEX_LOG_LEVEL"))
                .filter(v -> !v.isBlank())
                .ifPresent(v -> levelSpecs.addAll(List.of(v.split(","))));
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String flag = arg.contains("=") && arg.startsWith("--") ? arg.substring(0, arg.indexOf('=')) : arg;
            boolean inline = !flag.equals(arg);
            switch (flag) {
                case "--help", "-h" -> {
                    return new ServeOptions(
                            true, builder.build(), Optional.empty(), Optional.empty(), List.of(), Optional.empty());
                }
                case "--in-memory" -> inMemory = true;
                case "--accept-unverified-tokens" -> unverified = true;
                case "--access-log" -> builder.accessLog(true);
                case "--dev" -> builder.devMode(true);
                case "--port",
                        "--host",
                        "--data-dir",
                        "--env",
                        "--database",
                        "--import",
                        "--export-on-exit",
                        "--functions",
                        "--auth-config",
                        "--auth-provider",
                        "--request-header-timeout",
                        "--request-body-timeout",
                        "--keep-alive-timeout",
                        "--idle-timeout",
                        "--log-level" -> {
                    String value;
                    if (inline) {
                        value = arg.substring(flag.length() + 1);
                    } else if (i + 1 < args.size()) {
                        value = args.get(++i);
                    } else {
                        throw new UsageException(flag + " needs a value");
                    }
                    switch (flag) {
                        case "--port" -> builder.port(port(value, "--port"));
                        case "--host" -> builder.host(value);
                        case "--import" -> {
                            if (!value.toLowerCase(java.util.Locale.ROOT).endsWith(".zip")) {
                                throw new UsageException(
                                        "--import takes a snapshot ZIP (npx convex export), got " + value);
                            }
                            importFile = Optional.of(Path.of(value));
                        }
                        case "--export-on-exit" -> exportOnExit = Optional.of(Path.of(value));
                        case "--functions" -> functionsDirectory = Optional.of(Path.of(value));
                        case "--data-dir" -> {
                            builder.dataDirectory(Path.of(value));
                            dataDirFlag = true;
                        }
                        case "--database" -> database = Optional.of(value);
                        case "--auth-config" -> authFile = Optional.of(value);
                        case "--auth-provider" -> providerSpecs.add(value);
                        case "--request-header-timeout" ->
                            timeouts = timeouts.withRequestHeaders(duration(value, flag));
                        case "--request-body-timeout" -> timeouts = timeouts.withRequestBody(duration(value, flag));
                        case "--keep-alive-timeout" -> timeouts = timeouts.withKeepAlive(duration(value, flag));
                        case "--idle-timeout" -> timeouts = timeouts.withIdle(duration(value, flag));
                        case "--log-level" -> levelSpecs.add(value);
                        default -> envPairs.add(value);
                    }
                }
                default -> throw new UsageException("unknown option: " + arg);
            }
        }
        if (inMemory && dataDirFlag) {
            throw new UsageException("--in-memory and --data-dir exclude each other");
        }
        if (inMemory && database.isPresent()) {
            throw new UsageException("--in-memory and --database exclude each other");
        }
        if (inMemory) {
            builder.inMemory();
        }
        database.ifPresent(builder::database);
        for (String pair : envPairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--env expects NAME=VALUE, got: " + pair);
            }
            builder.env(pair.substring(0, eq).strip(), pair.substring(eq + 1));
        }
        try {
            if (authFile.isPresent()) {
                auth = auth.plus(AuthConfig.readProviders(Path.of(authFile.get())));
            }
            auth = auth.plus(
                    providerSpecs.stream().map(AuthConfig::parseProvider).toList());
            builder.auth(auth.withUnverifiedTokens(unverified)).timeouts(timeouts);
            List<LogLevels.Setting> levels =
                    levelSpecs.stream().map(LogLevels.Setting::parse).toList();
            return new ServeOptions(false, builder.build(), importFile, exportOnExit, levels, functionsDirectory);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** {@code 10s}, {@code 500ms}, {@code 2m}, {@code 1h}, or a number of seconds. */
    static Duration duration(String text, String source) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        try {
            Duration d;
            if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            } else if (t.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            } else if (t.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            } else if (t.endsWith("h")) {
                d = Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
            } else {
                d = Duration.ofSeconds(Long.parseLong(t));
            }
            if (d.isNegative() || d.isZero()) {
                throw new UsageException(source + " must be positive, got " + text);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException(source + " must be a duration such as 10s, 500ms or 2m, got " + text);
        }
    }

    private static int port(String text, String source) {
        try {
            int port = Integer.parseInt(text.strip());
            if (port < 0 || port > 65_535) {
                throw new UsageException(source + " must be between 0 and 65535, got " + text);
            }
            return port;
        } catch (NumberFormatException e) {
            throw new UsageException(source + " must be a number, got " + text);
        }
    }
}
