package dev.jconvex.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code serve} command line, parsed: flags first, then environment variables, then defaults.
 * The flags are declared once, on {@link ServeCommand}, whose picocli help lists each with its
 * environment variable; an environment variable is checked as strictly as its flag, and an error
 * names the one that was wrong.
 */
record ServeOptions(
        boolean help,
        ServerConfig config,
        Optional<Path> importFile,
        Optional<Path> exportOnExit,
        List<LogLevels.Setting> logLevels,
        List<Path> modules,
        Optional<Path> functionsDirectory) {

    ServeOptions {
        logLevels = List.copyOf(logLevels);
        modules = List.copyOf(modules);
    }

    /** A command-line or environment mistake; its message is shown with a pointer to the help. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    /** Parses the arguments after {@code serve}, reading defaults from {@code environment}. */
    static ServeOptions parse(List<String> args, Map<String, String> environment) {
        Objects.requireNonNull(args, "args");
        ServeCommand command = new ServeCommand(environment, System.out, System.err);
        picocli.CommandLine line = new picocli.CommandLine(command);
        try {
            line.parseArgs(args.toArray(String[]::new));
        } catch (picocli.CommandLine.ParameterException e) {
            throw new UsageException(String.valueOf(e.getMessage()));
        }
        return line.isUsageHelpRequested() ? helpOnly() : command.options();
    }

    /** What {@code serve --help} parses to: nothing is started. */
    static ServeOptions helpOnly() {
        return new ServeOptions(
                true,
                ServerConfig.builder().build(),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                List.of(),
                Optional.empty());
    }

    /**
     * A boolean environment variable: {@code true}/{@code false}, {@code 1}/{@code 0}, {@code
     * yes}/{@code no} or {@code on}/{@code off} in any case; anything else is refused, never read as false.
     */
    static boolean bool(String text, String source) {
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off", "" -> false;
            default ->
                throw new UsageException(source + " must be true or false (or 1/0, yes/no, on/off), got " + text);
        };
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

    static int port(String text, String source) {
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
