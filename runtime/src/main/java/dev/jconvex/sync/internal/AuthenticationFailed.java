package dev.jconvex.sync.internal;

/**
 * Credentials of an {@code Authenticate} message were rejected; the session answers with {@code
 * AuthError} and closes (wire-protocol §2.8). The message is the {@code error} text.
 */
final class AuthenticationFailed extends RuntimeException {
    AuthenticationFailed(String message) {
        super(message, null, false, false);
    }
}
