package dev.jconvex.server;

import java.nio.file.Path;
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
 * --help
 * </pre>
 *
 * A hand-written parser: six flags do not justify a dependency in the runnable jar.
 */
record ServeOptions(boolean help, ServerConfig config, Optional<Path> importFile, Optional<Path> exportOnExit) {

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
              --help            print this help
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
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String flag = arg.contains("=") && arg.startsWith("--") ? arg.substring(0, arg.indexOf('=')) : arg;
            boolean inline = !flag.equals(arg);
            switch (flag) {
                case "--help", "-h" -> {
                    return new ServeOptions(true, builder.build(), Optional.empty(), Optional.empty());
                }
                case "--in-memory" -> inMemory = true;
                case "--port", "--host", "--data-dir", "--env", "--database", "--import", "--export-on-exit" -> {
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
                        case "--data-dir" -> {
                            builder.dataDirectory(Path.of(value));
                            dataDirFlag = true;
                        }
                        case "--database" -> database = Optional.of(value);
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
            return new ServeOptions(false, builder.build(), importFile, exportOnExit);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
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
