package dev.jconvex.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code jconvex} command ({@code java -jar jconvex.jar COMMAND}, or {@code ./jconvex COMMAND}):
 * {@code serve} ({@link ServeCommand}) runs a deployment; {@code run}, {@code env}, {@code import},
 * {@code export} and {@code reset} ({@link AdminCommands}) administer a running one; {@code version}
 * prints the version. Every command takes {@code --help}. Parsed with picocli, which writes the help
 * from the declared options, so the help cannot drift from what is accepted.
 *
 * <p>Exit codes: 0 on success and after {@code --help} ({@code serve} keeps the JVM running after
 * it returns 0); 2 for a usage mistake (an unknown command or option, a bad value in a flag or in its
 * environment variable); 1 when the work fails (the server cannot start, the deployment refuses).
 * Every error is one line on standard error that starts with {@code jconvex:}.
 *
 * <p>The system property {@code jconvex.command} names the command in the help ({@code ./jconvex}
 * when started by the script).
 */
public final class Main {

    private Main() {}

    /**
     * The Logback configuration of the runnable jar (in the functions module), named so that it
     * applies only to {@code jconvex} itself, never to an application that has the jar on its
     * class path. {@code -Dlogback.configurationFile=FILE} replaces it.
     */
    static final String LOGBACK_CONFIGURATION = "jconvex-serve-logback.xml";

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null
                && Main.class.getClassLoader().getResource(LOGBACK_CONFIGURATION) != null) {
            System.setProperty("logback.configurationFile", LOGBACK_CONFIGURATION);
        }
        int status = run(Arrays.asList(args), System.getenv(), System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs the command; returns the exit status, or 0 once a server is up (it keeps the JVM alive). */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        return run(args, System.getenv(), out, err);
    }

    /** As {@link #run(List, PrintStream, PrintStream)}, with the environment variables given. */
    static int run(List<String> args, Map<String, String> environment, PrintStream out, PrintStream err) {
        CommandLine line = commandLine(environment, out, err);
        int status = line.execute(args.toArray(String[]::new));
        out.flush();
        err.flush();
        return status;
    }

    static CommandLine commandLine(Map<String, String> environment, PrintStream out, PrintStream err) {
        CommandLine line = new CommandLine(new Root(err), new Factory(Map.copyOf(environment), out, err));
        line.setCommandName(System.getProperty("jconvex.command", "jconvex"));
        line.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        line.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        // Plain text always: picocli's terminal detection is not reliable on JDK 22+, where
        // System.console() exists even when the output goes to a file.
        line.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        line.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            PrintWriter w = failed.getErr();
            if (e instanceof CommandLine.UnmatchedArgumentException unmatched
                    && failed == line
                    && !unmatched.getUnmatched().isEmpty()
                    && !unmatched.getUnmatched().getFirst().startsWith("-")) {
                w.println(
                        "jconvex: unknown command: " + unmatched.getUnmatched().getFirst());
            } else {
                w.println("jconvex: " + e.getMessage());
            }
            CommandLine.UnmatchedArgumentException.printSuggestions(e, w);
            w.println("Run '" + failed.getCommandSpec().qualifiedName() + " --help' for more.");
            w.flush();
            return 2;
        });
        line.setExecutionExceptionHandler((e, failed, parsed) -> {
            PrintWriter w = failed.getErr();
            int status;
            switch (e) {
                case ServeOptions.UsageException usage -> {
                    w.println("jconvex: " + usage.getMessage());
                    w.println("Run '" + failed.getCommandSpec().qualifiedName() + " --help' for the options.");
                    status = 2;
                }
                case AdminCommands.AdminFailure failure -> {
                    w.println("jconvex: " + failure.getMessage());
                    status = failure.exitCode;
                }
                default -> {
                    w.println("jconvex: " + e);
                    status = 1;
                }
            }
            w.flush();
            return status;
        });
        return line;
    }

    /** The top command: a list of the others. */
    @Command(
            name = "jconvex",
            mixinStandardHelpOptions = true,
            versionProvider = Version.class,
            description = "A Convex-compatible backend on the JVM.",
            subcommands = {
                ServeCommand.class,
                AdminCommands.Run.class,
                AdminCommands.Env.class,
                AdminCommands.Import.class,
                AdminCommands.Export.class,
                AdminCommands.Reset.class,
                VersionCommand.class,
                CommandLine.HelpCommand.class
            },
            footer = {
                "",
                "Run '${ROOT-COMMAND-NAME} COMMAND --help' for a command's options.",
                "The admin commands (run, env, import, export, reset) reach the deployment at",
                "--url or $CONVEX_SELF_HOSTED_URL, with --admin-key, $CONVEX_SELF_HOSTED_ADMIN_KEY",
                "or the key serve wrote to ./.jconvex/data/admin_key.",
                "The ./jconvex script adds: build (the jar, no tests) and test (every test)."
            })
    static final class Root implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        private final PrintStream err;

        Root(PrintStream err) {
            this.err = err;
        }

        @Override
        public Integer call() {
            err.println("jconvex: missing command");
            err.print(spec.commandLine().getUsageMessage());
            return 2;
        }
    }

    @Command(name = "version", description = "Prints jconvex's version and the Java running it.")
    static final class VersionCommand implements Callable<Integer> {
        @CommandLine.Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "print this help")
        boolean help;

        private final PrintStream out;

        VersionCommand(Map<String, String> env, PrintStream out, PrintStream err) {
            this.out = out;
        }

        @Override
        public Integer call() {
            for (String line : new Version().getVersion()) {
                out.println(line);
            }
            return 0;
        }
    }

    /** The version the build wrote into {@code version.properties}, and the running Java. */
    static final class Version implements CommandLine.IVersionProvider {
        /** This build's version, e.g. {@code 0.1.0-SNAPSHOT}. */
        static String number() {
            Properties properties = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot read version.properties", e);
            }
            return properties.getProperty("version", "unknown");
        }

        @Override
        public String[] getVersion() {
            return new String[] {
                "jconvex " + number(),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "unknown vendor") + ")"
            };
        }
    }

    /** Builds the commands with the environment and the streams they print to. */
    private record Factory(Map<String, String> environment, PrintStream out, PrintStream err)
            implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == Root.class) {
                return type.cast(new Root(err));
            }
            try {
                Constructor<K> constructor =
                        type.getDeclaredConstructor(Map.class, PrintStream.class, PrintStream.class);
                return constructor.newInstance(environment, out, err);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
