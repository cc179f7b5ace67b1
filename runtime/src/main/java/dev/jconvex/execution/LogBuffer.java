package dev.jconvex.execution;

import java.util.ArrayList;
import java.util.List;

/**
 * The console of one function execution: each call appends one line {@code "[LEVEL] message"}
 * (wire-protocol §1.8). Thread-safe, since a handler may log from threads it starts.
 */
final class LogBuffer implements Console {

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
        String line = "[" + level + "] " + JsFormat.consoleMessage(args == null ? new Object[] {null} : args);
        synchronized (lines) {
            lines.add(line);
        }
    }

    /** Appends lines produced elsewhere (a function an action called), unchanged. */
    void addAll(List<String> more) {
        synchronized (lines) {
            lines.addAll(more);
        }
    }

    /** The lines so far, in order. */
    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }
}
