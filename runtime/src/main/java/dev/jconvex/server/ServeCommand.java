package dev.jconvex.server;

import dev.jconvex.auth.AuthConfig;
import dev.jconvex.auth.AuthProvider;
import dev.jconvex.http.HttpTimeouts;
import dev.jconvex.server.JconvexServer.DataDirectoryException;
import dev.jconvex.server.JconvexServer.Extensions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jconvex serve}: starts a deployment with the modules on the class path and those named by
 * {@code --modules}, prints its URL, data directory, admin key and modules, and runs until
 * SIGTERM/SIGINT, which drains in-flight requests and closes the database ({@link
 * JconvexServer#close()}). The flags are strings here and checked in {@link #options()}, so that a
 * flag and its environment variable get the same checks and the same words.
 */
@Command(
        name = "serve",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Runs a Convex-compatible deployment with the modules on the class path and those given by --modules.",
            "Each option can also be set by the environment variable in brackets; a flag wins over it.",
            "Relative paths are resolved against the current directory."
        })
final class ServeCommand implements Callable<Integer> {

    @Option(
            names = "--port",
            paramLabel = "N",
            description = "port to listen on; 0 picks a free port [JCONVEX_PORT, default 3210]")
    @Nullable
    String port;

    @Option(
            names = "--host",
            paramLabel = "H",
            description = "interface to listen on [JCONVEX_HOST, default 127.0.0.1]")
    @Nullable
    String host;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "database and admin key directory [JCONVEX_DATA_DIR, default ./.jconvex/data]")
    @Nullable
    String dataDir;

    @Option(
            names = "--database",
            paramLabel = "URL",
            description = {
                "store the data in PostgreSQL: postgresql://USER@HOST:PORT/DB or a JDBC URL; several servers on one",
                "database serve one deployment [JCONVEX_DATABASE]"
            })
    @Nullable
    String database;

    @Option(names = "--in-memory", description = "keep everything in memory [JCONVEX_IN_MEMORY=true]")
    boolean inMemory;

    @Option(
            names = "--modules",
            paramLabel = "JAR_OR_DIR",
            arity = "1..*",
            description = {
                "load Convex modules from jars, directories of jars or class directories that list them in",
                "META-INF/services/dev.jconvex.execution.ConvexModule; repeatable [JCONVEX_MODULES, separated by "
                        + "':']"
            })
    List<String> modules = new ArrayList<>();

    @Option(
            names = "--functions",
            paramLabel = "DIR",
            description = {
                "a Convex project's convex/ folder: its TypeScript modules run on GraalJS beside the Java ones,",
                "replacing a Java module with the same path (needs Node 20+ and typescript/toolchain;",
                "docs/typescript.md) [JCONVEX_FUNCTIONS]"
            })
    @Nullable
    String functions;

    @Option(
            names = "--env",
            paramLabel = "NAME=VALUE",
            description = {
                "environment variable for the functions, repeatable [JCONVEX_ENV=A=1,B=2]",
                "(default CONVEX_SITE_URL=http://127.0.0.1:<port+1>)"
            })
    List<String> env = new ArrayList<>();

    @Option(
            names = "--import",
            paramLabel = "FILE",
            description = "load a snapshot ZIP at start, replacing the tables it holds")
    @Nullable
    String importFile;

    @Option(
            names = "--export-on-exit",
            paramLabel = "FILE",
            description = "write a snapshot ZIP of every table when stopped (SIGTERM/SIGINT)")
    @Nullable
    String exportOnExit;

    @Option(
            names = "--auth-config",
            paramLabel = "FILE",
            description =
                    "JSON {\"providers\":[...]} in auth.config.ts's shape; without any provider every user token is refused [JCONVEX_AUTH_CONFIG]")
    @Nullable
    String authConfig;

    @Option(
            names = "--auth-provider",
            paramLabel = "SPEC",
            description = {
                "one provider, repeatable, e.g. domain=https://issuer.example,applicationID=convex or",
                "type=customJwt,issuer=https://x,jwks=keys.json,algorithm=RS256,applicationID=app"
            })
    List<String> authProviders = new ArrayList<>();

    @Option(
            names = "--accept-unverified-tokens",
            description =
                    "DEVELOPMENT ONLY: a token matching no provider becomes an identity from its unverified claims")
    boolean acceptUnverifiedTokens;

    @Option(
            names = "--request-header-timeout",
            paramLabel = "D",
            description = "request line and headers must arrive within D (10s, 500ms, 2m) [default 10s]")
    @Nullable
    String requestHeaderTimeout;

    @Option(
            names = "--request-body-timeout",
            paramLabel = "D",
            description = "the body must arrive within D after the headers [default 60s]")
    @Nullable
    String requestBodyTimeout;

    @Option(
            names = "--keep-alive-timeout",
            paramLabel = "D",
            description = "an open connection may wait D for a request [default 60s]")
    @Nullable
    String keepAliveTimeout;

    @Option(
            names = "--idle-timeout",
            paramLabel = "D",
            description = "no read or write for D closes a connection [default 15m]")
    @Nullable
    String idleTimeout;

    @Option(names = "--access-log", description = "log one line per request (logger jconvex.access)")
    boolean accessLog;

    @Option(
            names = "--log-level",
            paramLabel = "[LOGGER=]LEVEL",
            description = {
                "trace, debug, info, warn, error or off, for every logger or one; repeatable. Loggers:",
                "jconvex.functions (a line per call), jconvex.console (console lines), jconvex.access, jconvex",
                "[JCONVEX_LOG_LEVEL=warn,jconvex.console=info]"
            })
    List<String> logLevels = new ArrayList<>();

    @Option(
            names = "--dev",
            description = "the error message of a function that fails with a Java exception shows its stack frames")
    boolean dev;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "print this help")
    boolean help;

    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;

    ServeCommand(Map<String, String> environment, PrintStream out, PrintStream err) {
        this.environment = Map.copyOf(environment);
        this.out = out;
        this.err = err;
    }

    /** An environment variable, absent when unset or blank. */
    private Optional<String> variable(String name) {
        return Optional.ofNullable(environment.get(name)).filter(v -> !v.isBlank());
    }

    /** The parsed flags over the environment over the defaults, checked. */
    ServeOptions options() {
        ServerConfig.Builder builder = ServerConfig.builder();
        if (port != null) {
            builder.port(ServeOptions.port(port, "--port"));
        } else {
            variable("JCONVEX_PORT").ifPresent(p -> builder.port(ServeOptions.port(p, "JCONVEX_PORT")));
        }
        Optional.ofNullable(host).or(() -> variable("JCONVEX_HOST")).ifPresent(builder::host);
        boolean memory = inMemory
                || variable("JCONVEX_IN_MEMORY")
                        .map(v -> ServeOptions.bool(v, "JCONVEX_IN_MEMORY"))
                        .orElse(false);
        if (memory && dataDir != null) {
            throw new ServeOptions.UsageException("--in-memory and --data-dir exclude each other");
        }
        Optional<String> db = Optional.ofNullable(database).or(() -> variable("JCONVEX_DATABASE"));
        if (memory && db.isPresent()) {
            throw new ServeOptions.UsageException("--in-memory and --database exclude each other");
        }
        if (dataDir != null) {
            builder.dataDirectory(path(dataDir, "--data-dir"));
        } else {
            variable("JCONVEX_DATA_DIR").ifPresent(d -> builder.dataDirectory(path(d, "JCONVEX_DATA_DIR")));
        }
        if (memory) {
            builder.inMemory();
        }
        List<String> pairs = new ArrayList<>();
        variable("JCONVEX_ENV").ifPresent(v -> pairs.addAll(List.of(v.split(","))));
        pairs.addAll(env);
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new ServeOptions.UsageException("--env expects NAME=VALUE, got: " + pair);
            }
            builder.env(pair.substring(0, eq).strip(), pair.substring(eq + 1));
        }
        Optional<Path> imported = Optional.ofNullable(importFile).map(f -> {
            if (!f.toLowerCase(Locale.ROOT).endsWith(".zip")) {
                throw new ServeOptions.UsageException("--import takes a snapshot ZIP (npx convex export), got " + f);
            }
            return path(f, "--import");
        });
        Optional<Path> exported = Optional.ofNullable(exportOnExit).map(f -> path(f, "--export-on-exit"));
        HttpTimeouts timeouts = HttpTimeouts.defaults();
        if (requestHeaderTimeout != null) {
            timeouts = timeouts.withRequestHeaders(
                    ServeOptions.duration(requestHeaderTimeout, "--request-header-timeout"));
        }
        if (requestBodyTimeout != null) {
            timeouts = timeouts.withRequestBody(ServeOptions.duration(requestBodyTimeout, "--request-body-timeout"));
        }
        if (keepAliveTimeout != null) {
            timeouts = timeouts.withKeepAlive(ServeOptions.duration(keepAliveTimeout, "--keep-alive-timeout"));
        }
        if (idleTimeout != null) {
            timeouts = timeouts.withIdle(ServeOptions.duration(idleTimeout, "--idle-timeout"));
        }
        List<String> levels = new ArrayList<>();
        variable("JCONVEX_LOG_LEVEL").ifPresent(v -> levels.addAll(List.of(v.split(","))));
        levels.addAll(logLevels);
        List<Path> modulePaths = new ArrayList<>();
        if (modules.isEmpty()) {
            variable("JCONVEX_MODULES").ifPresent(v -> {
                for (String part : v.split(java.io.File.pathSeparator)) {
                    if (!part.isBlank()) {
                        modulePaths.add(path(part.strip(), "JCONVEX_MODULES"));
                    }
                }
            });
        } else {
            modules.forEach(m -> modulePaths.add(path(m, "--modules")));
        }
        try {
            db.ifPresent(builder::database);
            AuthConfig auth = AuthConfig.none();
            Optional<String> authFile = Optional.ofNullable(authConfig).or(() -> variable("JCONVEX_AUTH_CONFIG"));
            if (authFile.isPresent()) {
                auth = auth.plus(AuthConfig.readProviders(path(authFile.get(), "--auth-config")));
            }
            auth = auth.plus(
                    authProviders.stream().map(AuthConfig::parseProvider).toList());
            builder.auth(auth.withUnverifiedTokens(acceptUnverifiedTokens))
                    .timeouts(timeouts)
                    .accessLog(accessLog)
                    .devMode(dev);
            List<LogLevels.Setting> settings =
                    levels.stream().map(LogLevels.Setting::parse).toList();
            Optional<Path> functionsDirectory = Optional.ofNullable(functions)
                    .map(f -> path(f, "--functions"))
                    .or(() -> variable("JCONVEX_FUNCTIONS").map(f -> path(f, "JCONVEX_FUNCTIONS")));
            return new ServeOptions(
                    false, builder.build(), imported, exported, settings, modulePaths, functionsDirectory);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            if (database == null && message != null && message.startsWith("--database: ")) {
                // the URL came from the environment: name the variable, as for every other setting
                message = "JCONVEX_DATABASE: " + message.substring("--database: ".length());
            }
            throw new ServeOptions.UsageException(String.valueOf(message));
        }
    }

    /** A path from the command line, resolved against the caller's directory, as every other tool does. */
    private static Path path(String text, String source) {
        try {
            return Path.of(text).toAbsolutePath().normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new ServeOptions.UsageException(source + ": not a valid path: " + text);
        }
    }

    @Override
    public Integer call() {
        ServeOptions options = options(); // a UsageException reaches Main's handler: exit 2
        if (!LogLevels.apply(options.logLevels())) {
            err.println("jconvex: --log-level needs Logback as the logging backend; levels left as configured");
        }
        ModuleJars jars = ModuleJars.load(options.modules());
        // serve --functions DIR: a TypeScript convex/ folder served beside (and over) the Java modules
        FunctionsDirectory.Loaded typescript = new FunctionsDirectory.Loaded(List.of(), List.of());
        if (options.functionsDirectory().isPresent()) {
            try {
                typescript = FunctionsDirectory.loadWithAvailable(
                        options.functionsDirectory().get());
            } catch (RuntimeException e) {
                err.println("jconvex: cannot load --functions "
                        + options.functionsDirectory().get() + ": " + e.getMessage());
                return 1;
            }
        }
        JconvexServer server;
        try {
            server = JconvexServer.start(
                    options.config(),
                    Extensions.standard()
                            .withModules(jars.modules().toArray(dev.jconvex.execution.ConvexModule[]::new))
                            .withReplacingModules(typescript.modules()));
        } catch (JconvexServer.PortInUseException | DataDirectoryException e) {
            err.println("jconvex: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("jconvex: cannot start: " + e.getMessage());
            return 1;
        }
        if (options.importFile().isPresent()) {
            try {
                Snapshots.importAtStart(server, options.importFile().get(), err);
            } catch (RuntimeException e) {
                err.println("jconvex: cannot import " + options.importFile().get() + ": " + e.getMessage());
                server.close();
                return 1;
            }
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            options.exportOnExit().ifPresent(file -> Snapshots.exportAtExit(server, file, err));
                            server.close();
                        },
                        "jconvex-shutdown"));
        banner(server, options, jars, typescript);
        return 0;
    }

    private void banner(
            JconvexServer server, ServeOptions options, ModuleJars jars, FunctionsDirectory.Loaded typescript) {
        // Since the JVM started (its own record of it, to the millisecond; ProcessHandle's start
        // instant is only accurate to the second). The server already accepts requests here.
        long readyMillis = Duration.between(
                        Instant.ofEpochMilli(java.lang.management.ManagementFactory.getRuntimeMXBean()
                                .getStartTime()),
                        Instant.now())
                .toMillis();
        out.println("jconvex is running at " + server.url());
        if (server.database().isPresent()) {
            out.println("  database:       " + server.database().get().replaceAll(":[^:@/]*@", ":***@"));
        } else {
            out.println("  data directory: "
                    + server.dataDirectory()
                            .map(d -> d.toAbsolutePath().normalize().toString())
                            .orElse("(in memory)"));
        }
        out.println("  admin key:      " + server.adminKey().value());
        out.println("  dashboard:      " + server.url() + "/dashboard/");
        Map<String, Long> counts = new TreeMap<>(server.runtime().functions().stream()
                .collect(Collectors.groupingBy(f -> f.path().modulePath(), Collectors.counting())));
        out.println(counts.isEmpty() ? "  modules:        none" : "  modules:");
        counts.forEach((module, count) -> out.println("    " + module + " (" + count
                + (count == 1 ? " function" : " functions") + ")"
                + jars.sourceOf(module).map(source -> " from " + source).orElse("")));
        typescript.banner().forEach(line -> out.println("  " + line));
        out.println("  auth providers: "
                + (options.config().auth().providers().isEmpty()
                        ? "none (every user token is refused)"
                        : options.config().auth().providers().stream()
                                .map(AuthProvider::describe)
                                .collect(Collectors.joining(", "))));
        if (options.config().devMode()) {
            out.println("  dev mode:       errors of functions that fail with a Java exception show its stack frames");
        }
        if (options.config().auth().acceptUnverifiedTokens()) {
            String warning = "WARNING: --accept-unverified-tokens: user tokens that match no auth provider are"
                    + " accepted WITHOUT signature checks; anyone who can reach " + server.url()
                    + " can claim any identity. Development only.";
            out.println("  " + warning);
            err.println("jconvex: " + warning);
        }
        out.println("  for npx convex (run, data, env, logs, export, import), paste:");
        out.println("    export CONVEX_SELF_HOSTED_URL=" + server.url());
        out.println(
                "    export CONVEX_SELF_HOSTED_ADMIN_KEY='" + server.adminKey().value() + "'");
        out.println("  ready in " + readyMillis + " ms");
        out.flush();
    }
}
