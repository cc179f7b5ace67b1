package dev.jconvex.sync.internal;

/**
 * Where a {@link SyncSession} sends its messages: a WebSocket, or an in-process client in embedded
 * mode. Calls come from the session's own thread, one at a time, in protocol order; {@link #send}
 * must not block for long (a transport that cannot keep up should {@link #close} itself).
 */
public interface SyncOutbound {

    /** Delivers one server message (a JSON object as text, wire-protocol §2.4). */
    void send(String json);

    /**
     * Ends the connection after the messages already sent. Called once, after which the session sends
     * nothing more.
     *
     * @param code the WebSocket close code, or {@link #NO_STATUS_CODE} for a close frame without one
     * @param reason the close reason (at most 123 bytes of UTF-8)
     */
    void close(int code, String reason);

    /** Close without a status code: after {@code FatalError} and {@code AuthError} (§2.8, §2.9). */
    int NO_STATUS_CODE = -1;

    /** 1011: an internal error; the client reconnects (§2.9). */
    int INTERNAL_ERROR = 1011;

    /** 1013 (Try Again Later): overload, such as a client too slow to read its messages (§2.9). */
    int TRY_AGAIN_LATER = 1013;

    /** 1000: a normal close, for example on server shutdown. */
    int NORMAL = 1000;
}
