package dev.jconvex.server;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code jconvex} command: {@code java -jar functions/target/jconvex.jar serve [options]} starts
 * a deployment with the modules on the class path (see {@link ServeOptions} for the flags), prints
 * its URL, data directory and admin key, and runs until SIGTERM/SIGINT, which drains in-flight
 * requests and closes the database ({@link JconvexServer#close()}).
 *
 * <p>Exit codes: 0 after {@code --help}; 2 for a usage error; 1 when the server cannot start (a
 * taken port, an unusable data directory).
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        int status = run(Arrays.asList(args), System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs the command; returns the exit status, or 0 once a server is up (it keeps the JVM alive). */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || !args.getFirst().equals("serve")) {
            if (!args.isEmpty()
                    && (args.getFirst().equals("--help") || args.getFirst().equals("-h"))) {
                out.print(ServeOptions.USAGE);
                return 0;
            }
            err.println(args.isEmpty() ? "jconvex: missing command" : "jconvex: unknown command: " + args.getFirst());
            err.print(ServeOptions.USAGE);
            return 2;
        }
        ServeOptions options;
        try {
            options = ServeOptions.parse(args.subList(1, args.size()), System.getenv());
        } catch (ServeOptions.UsageException e) {
            err.println("jconvex: " + e.getMessage());
            err.print(ServeOptions.USAGE);
            return 2;
        }
        if (options.help()) {
            out.print(ServeOptions.USAGE);
            return 0;
        }
        if (!LogLevels.apply(options.logLevels())) {
            err.println("jconvex: --log-level needs Logback as the logging backend; levels left as configured");
        }
        // serve --functions DIR: a TypeScript convex/ folder served beside (and over) the Java modules
        FunctionsDirectory.Loaded functions = new FunctionsDirectory.Loaded(List.of(), List.of());
        if (options.functionsDirectory().isPresent()) {
            try {
                functions = FunctionsDirectory.loadWithAvailable(
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
                    options.config(), JconvexServer.Extensions.standard().withReplacingModules(functions.modules()));
        } catch (JconvexServer.PortInUseException e) {
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
        functions.banner().forEach(line -> out.println("  " + line));
        out.println("  auth providers: "
                + (options.config().auth().providers().isEmpty()
                        ? "none (every user token is refused)"
                        : options.config().auth().providers().stream()
                                .map(dev.jconvex.auth.AuthProvider::describe)
                                .collect(java.util.stream.Collectors.joining(", "))));
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
        return 0;
    }
}
