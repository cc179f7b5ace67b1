package dev.jconvex.server;

import dev.jconvex.execution.FunctionOutcome;
import dev.jconvex.protocol.FunctionKind;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server log of function calls, what a developer watches while {@code serve} runs (the same
 * calls {@code npx convex logs} streams):
 *
 * <ul>
 *   <li>logger {@value #CALLS_LOGGER}, one line per call at INFO: kind, path, outcome, duration and
 *       the request id the caller saw, {@code mutation mutable:set success 1.2 ms request
 *       4f1c3a2b9e0d1f7a}; a failure adds its error text. A failure caused by a Java exception that
 *       is not a Convex error (a bug: {@code NullPointerException}) is logged at ERROR with the full
 *       stack trace; a system error outside the function (OCC after the last retry) at WARN;
 *   <li>logger {@value #CONSOLE_LOGGER}, the function's console lines, before its call line: {@code
 *       mutation mutable:set [LOG] 'hello' request 4f1c3a2b9e0d1f7a}, at INFO for {@code log},
 *       {@code info} and {@code debug}, WARN for {@code warn}, ERROR for {@code error}.
 * </ul>
 *
 * Both are on by default; {@code serve --log-level jconvex.functions=warn} keeps only failures that
 * are bugs, {@code jconvex.console=off} silences the console.
 */
final class CallLog {

    static final String CALLS_LOGGER = "jconvex.functions";
    static final String CONSOLE_LOGGER = "jconvex.console";

    private static final Logger CALLS = LoggerFactory.getLogger(CALLS_LOGGER);
    private static final Logger CONSOLE = LoggerFactory.getLogger(CONSOLE_LOGGER);

    private CallLog() {}

    /** Logs a call that ran to an outcome. */
    static void completed(FunctionKind kind, String path, FunctionOutcome outcome, long nanos, String requestId) {
        console(kind, path, outcome.logLines(), requestId);
        switch (outcome) {
            case FunctionOutcome.Success s -> {
                if (CALLS.isInfoEnabled()) {
                    CALLS.info(line(kind, path, "success", nanos, requestId));
                }
            }
            case FunctionOutcome.Failure f -> {
                String head = line(kind, path, "failure", nanos, requestId) + ": ";
                if (f.cause().isPresent()) {
                    CALLS.error(head + firstLine(f.errorMessage()), f.cause().get());
                } else if (CALLS.isInfoEnabled()) {
                    CALLS.info(head + oneLine(f.errorMessage()));
                }
            }
        }
    }

    /** Logs a call that ended in a system error instead of an outcome. */
    static void systemError(FunctionKind kind, String path, RuntimeException error, long nanos, String requestId) {
        if (CALLS.isWarnEnabled()) {
            CALLS.warn(line(kind, path, "system error", nanos, requestId) + ": "
                    + oneLine(String.valueOf(error.getMessage())));
        }
    }

    private static void console(FunctionKind kind, String path, List<String> lines, String requestId) {
        for (String line : lines) {
            if (line.startsWith("[ERROR]")) {
                CONSOLE.error("{} {} {} request {}", kindName(kind), path, line, requestId);
            } else if (line.startsWith("[WARN]")) {
                CONSOLE.warn("{} {} {} request {}", kindName(kind), path, line, requestId);
            } else if (CONSOLE.isInfoEnabled()) {
                CONSOLE.info("{} {} {} request {}", kindName(kind), path, line, requestId);
            }
        }
    }

    /** {@code mutation mutable:set success 1.2 ms request 4f1c3a2b9e0d1f7a}. */
    static String line(FunctionKind kind, String path, String outcome, long nanos, String requestId) {
        long tenths = Math.max(0, nanos) / 100_000;
        return kindName(kind) + " " + path + " " + outcome + " " + tenths / 10 + "." + tenths % 10 + " ms request "
                + requestId;
    }

    private static String kindName(FunctionKind kind) {
        return switch (kind) {
            case QUERY -> "query";
            case MUTATION -> "mutation";
            case ACTION -> "action";
        };
    }

    /** A multi-line error text (a validator's) on one line. */
    private static String oneLine(String message) {
        return message.strip().replaceAll("\\s*\\n\\s*", " ");
    }

    /** The error text up to its first line break: the stack frames of {@code --dev} stay out of the line. */
    private static String firstLine(String message) {
        String text = message.stripTrailing();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
