package dev.jconvex.execution;

/**
 * A function's console. Each call records one log line {@code "[LEVEL] text"} where the arguments
 * are rendered as Node's {@code util.inspect} would (strings in single quotes) and joined by spaces
 * (spec wire-protocol §1.8).
 */
public interface Console {
    void log(Object... args);

    void info(Object... args);

    void warn(Object... args);

    void error(Object... args);

    void debug(Object... args);
}
