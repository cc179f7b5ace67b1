package dev.jconvex.execution.internal;

import dev.jconvex.execution.Console;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The console of one function execution: each call appends one line {@code "[LEVEL] message"}
 * (wire-protocol §1.8). Thread-safe, since a handler may log from threads it starts.
 *
 * <p>Convex's limits apply (backend {@code isolate/src/environment/helpers}, {@code
 * common/src/log_lines.rs}): a message over {@value #MAX_LINE_BYTES} UTF-8 bytes is cut at a
 * character boundary and marked {@value #TRUNCATED_SUFFIX}; after {@value #MAX_LINES} − 1 lines a
 * last {@code [ERROR] Log overflow…} line is added and further lines are dropped. Lines of functions
 * an action calls count toward the action's limit.
 */
final class LogBuffer implements Console {

    static final int MAX_LINES = 256;
    static final int MAX_LINE_BYTES = 32768;
    static final String TRUNCATED_SUFFIX = " (truncated due to length)";
    static final String OVERFLOW = "[ERROR] Log overflow (maximum " + MAX_LINES + "). Remaining log lines omitted.";

    private final List<String> lines = new ArrayList<>();

    @Override
    public void log(Object... args) {
        add("LOG", args);
    }

    @Override
    public void info(Object... args) {
        add("INFO", args);
    }

    @Override
    public void warn(Object... args) {
        add("WARN", args);
    }

    @Override
    public void error(Object... args) {
        add("ERROR", args);
    }

    @Override
    public void debug(Object... args) {
        add("DEBUG", args);
    }

    private void add(String level, Object[] args) {
        String message = JsFormat.consoleMessage(args == null ? new Object[] {null} : args);
        String line = utf8Length(message) <= MAX_LINE_BYTES
                ? "[" + level + "] " + message
                : "[" + level + "] " + truncate(message) + TRUNCATED_SUFFIX;
        addAll(List.of(line));
    }

    /** Appends lines produced elsewhere (a function an action called), within the line limit. */
    void addAll(List<String> more) {
        synchronized (lines) {
            for (String line : more) {
                if (lines.size() < MAX_LINES - 1) {
                    lines.add(line);
                } else if (lines.size() == MAX_LINES - 1) {
                    lines.add(OVERFLOW);
                    return;
                } else {
                    return;
                }
            }
        }
    }

    /** The lines so far, in order. */
    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    private static int utf8Length(String s) {
        return s.length() * 3 <= MAX_LINE_BYTES ? s.length() : s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The longest prefix of {@code s} whose UTF-8 encoding fits {@link #MAX_LINE_BYTES}. */
    private static String truncate(String s) {
        CharsetEncoder encoder = StandardCharsets.UTF_8
                .newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        ByteBuffer out = ByteBuffer.allocate(MAX_LINE_BYTES);
        CharBuffer in = CharBuffer.wrap(s);
        encoder.encode(in, out, true);
        return s.substring(0, in.position());
    }
}
