package dev.jconvex.database;

import org.jspecify.annotations.Nullable;

/**
 * The storage engine could not be reached, or failed a statement it should not fail (PostgreSQL
 * down, restarting, or out of connections): a failure of the deployment, not of the function that
 * was running.
 *
 * <p>It is what Convex calls a system error: the function runner lets it through instead of
 * turning it into the function's {@code Uncaught Error}, so clients get Convex's internal error
 * form (HTTP 500 {@code InternalServerError} "Your request couldn't be completed. Try again
 * later.", wire-protocol §1.3; a failed {@code MutationResponse} or a socket closed with 1011 over
 * WebSocket, §2.9), and may retry. The message names the engine and the cause, for the server's log.
 */
public final class DatabaseUnavailable extends IllegalStateException {
    /** A failure of the database with what happened; {@code cause} is the engine's own, if any. */
    public DatabaseUnavailable(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
