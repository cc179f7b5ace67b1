package dev.jconvex.client;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The call's request or answer was lost: the connection was refused or dropped, the deployment
 * answered with HTTP 5xx, the WebSocket closed while an action was in flight, or the call timed out
 * ({@link #isTimeout()}). Whether a mutation ran is unknown, which is why the client never re-sends
 * a mutation after this error (queries are retried, see {@link ConvexClient.Builder#queryRetries}).
 */
public final class ConvexTransportException extends ConvexCallException {

    private final boolean timeout;

    public ConvexTransportException(String message, @Nullable Throwable cause) {
        this(message, cause, false);
    }

    public ConvexTransportException(String message, @Nullable Throwable cause, boolean timeout) {
        super(message, cause, List.of());
        this.timeout = timeout;
    }

    /** Whether the call failed because it did not complete within the client's timeout. */
    public boolean isTimeout() {
        return timeout;
    }
}
