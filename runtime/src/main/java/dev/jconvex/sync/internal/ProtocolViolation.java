package dev.jconvex.sync.internal;

/**
 * A client message the protocol cannot accept. {@link Kind#FATAL} violations are the client's
 * deterministic mistakes (malformed JSON, a query-set base version that does not match, §2.10):
 * they are answered with {@code FatalError} and the socket is closed without a status code. {@link
 * Kind#INTERNAL} ones are inconsistencies Convex treats as internal errors (adding a query id twice,
 * removing an unknown one, an identity base version that does not match, §2.5): the socket is
 * closed with code 1011 and the client reconnects.
 */
final class ProtocolViolation extends RuntimeException {

    /** How the violation ends the connection. */
    enum Kind {
        FATAL,
        INTERNAL
    }

    private final Kind kind;

    ProtocolViolation(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    static ProtocolViolation invalidJson(String detail) {
        return new ProtocolViolation(Kind.FATAL, "Received Invalid JSON on websocket: " + detail);
    }

    static ProtocolViolation fatal(String message) {
        return new ProtocolViolation(Kind.FATAL, message);
    }

    static ProtocolViolation internal(String message) {
        return new ProtocolViolation(Kind.INTERNAL, message);
    }

    Kind kind() {
        return kind;
    }
}
