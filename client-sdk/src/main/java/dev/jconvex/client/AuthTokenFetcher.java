package dev.jconvex.client;

/**
 * Supplies the end-user token (a JWT from your identity provider) that the client sends as {@code
 * Authorization: Bearer <token>} over HTTP and in an {@code Authenticate} message over WebSocket.
 *
 * <p>The client calls it for the first call, then again with {@code forceRefresh = true} when the
 * deployment rejects the token (HTTP 401, or a sync {@code AuthError}, wire-protocol §2.8). It may
 * block; it is never called on a thread that delivers subscription updates.
 */
@FunctionalInterface
public interface AuthTokenFetcher {

    /**
     * A token, or {@code null} when the user is signed out (the client then calls anonymously).
     *
     * @param forceRefresh whether the previously returned token was rejected and a fresh one is needed
     */
    String fetchToken(boolean forceRefresh);
}
