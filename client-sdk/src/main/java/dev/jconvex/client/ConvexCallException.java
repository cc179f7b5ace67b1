package dev.jconvex.client;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Why a call to a Convex function did not return a value. The four kinds are distinct so that a
 * caller can react to each one:
 *
 * <ul>
 *   <li>{@link ConvexErrorException}: the function threw a {@code ConvexError}; its data arrives
 *       unchanged in {@link ConvexErrorException#data()}.
 *   <li>{@link ConvexFunctionException}: the function failed without data (an uncaught {@code Error},
 *       an argument validation failure, an unknown function).
 *   <li>{@link ConvexRequestException}: the deployment refused the request before running anything
 *       (HTTP 4xx with a {@code {"code","message"}} body, wire-protocol §1.3), e.g. a bad admin key.
 *   <li>{@link ConvexTransportException}: the request or its answer was lost (connection refused or
 *       dropped, HTTP 5xx, a timeout). Whether the function ran is unknown.
 * </ul>
 */
public abstract sealed class ConvexCallException extends RuntimeException
        permits ConvexErrorException, ConvexFunctionException, ConvexRequestException, ConvexTransportException {

    private final List<String> logLines;

    ConvexCallException(String message, @Nullable Throwable cause, List<String> logLines) {
        super(message, cause);
        this.logLines = List.copyOf(logLines);
    }

    /** The function's log lines ({@code "[LEVEL] text"}) that came with the failure; often empty. */
    public List<String> logLines() {
        return logLines;
    }
}
