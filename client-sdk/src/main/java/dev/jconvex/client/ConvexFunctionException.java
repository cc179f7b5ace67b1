package dev.jconvex.client;

import java.util.List;

/**
 * The function ran (or was looked up) and failed without {@code ConvexError} data: an uncaught
 * exception, an argument or return validation failure, an unknown function, a function of the wrong
 * kind. The message is the deployment's {@code errorMessage}, e.g. {@code "[Request ID: …] Server
 * Error\nUncaught Error: MUTABLE_VALUE_NOT_ARRAY\n…"} (wire-protocol §1.6).
 */
public final class ConvexFunctionException extends ConvexCallException {

    public ConvexFunctionException(String message, List<String> logLines) {
        super(message, null, logLines);
    }

    public ConvexFunctionException(String message, Throwable cause) {
        super(message, cause, List.of());
    }
}
