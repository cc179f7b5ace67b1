package dev.jconvex.client;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The client's current credentials: none, an admin key, or an end-user token with its fetcher. One
 * instance is shared by the HTTP and WebSocket transports; it is thread-safe.
 */
final class Credentials {

    /** What authenticates the client (wire-protocol §4.1). */
    sealed interface Auth {
        /** Anonymous. */
        record None() implements Auth {}

        /** {@code Authorization: Convex <key>}; {@code Authenticate{tokenType:"Admin"}}. */
        record Admin(String key) implements Auth {}

        /** {@code Authorization: Bearer <token>}; {@code Authenticate{tokenType:"User"}}. */
        record User(AuthTokenFetcher fetcher) implements Auth {}
    }

    private Auth auth = new Auth.None();
    private @Nullable String cachedToken;
    private long generation;

    synchronized Auth auth() {
        return auth;
    }

    /** Bumped at every change, so a transport can tell whether it must re-authenticate. */
    synchronized long generation() {
        return generation;
    }

    synchronized void set(Auth newAuth) {
        auth = Objects.requireNonNull(newAuth, "auth");
        cachedToken = null;
        generation++;
    }

    /** The user token to send (fetched on first use), or empty for admin/anonymous/signed-out. */
    Optional<String> userToken() {
        AuthTokenFetcher fetcher;
        synchronized (this) {
            if (!(auth instanceof Auth.User u)) {
                return Optional.empty();
            }
            if (cachedToken != null) {
                return Optional.of(cachedToken);
            }
            fetcher = u.fetcher();
        }
        String token = fetcher.fetchToken(false);
        synchronized (this) {
            cachedToken = token;
        }
        return Optional.ofNullable(token);
    }

    /**
     * After the deployment rejected {@code rejected}: asks the fetcher for a fresh token. Returns
     * whether a different token is now available (so a retry makes sense).
     */
    boolean refreshAfterRejection(@Nullable String rejected) {
        AuthTokenFetcher fetcher;
        synchronized (this) {
            if (!(auth instanceof Auth.User u)) {
                return false;
            }
            if (cachedToken != null && !cachedToken.equals(rejected)) {
                return true; // another thread already refreshed it
            }
            fetcher = u.fetcher();
        }
        String fresh = fetcher.fetchToken(true);
        synchronized (this) {
            cachedToken = fresh;
            generation++;
        }
        return fresh != null && !fresh.equals(rejected);
    }

    /** The HTTP {@code Authorization} header value, if any (wire-protocol §1.1). */
    Optional<String> authorizationHeader() {
        Auth a = auth();
        return switch (a) {
            case Auth.None n -> Optional.empty();
            case Auth.Admin admin -> Optional.of("Convex " + admin.key());
            case Auth.User u -> userToken().map(t -> "Bearer " + t);
        };
    }
}
