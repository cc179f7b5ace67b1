package dev.jconvex.http.internal;

import dev.jconvex.auth.TokenVerifier;
import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import dev.jconvex.execution.Identity;
import dev.jconvex.execution.UserIdentity;
import dev.jconvex.execution.internal.UserIdentities;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Turns a request's credentials into the caller's {@link Identity} (spec wire-protocol §4.1, BE
 * {@code local_backend/src/authentication.rs}).
 *
 * <ul>
 *   <li>no {@code Authorization} header: an {@code adminKey} query parameter is an admin key,
 *       otherwise the caller is anonymous;
 *   <li>a header shorter than 7 characters: 400 {@code InvalidHeaderFailure};
 *   <li>{@code Convex <adminKey>} (scheme case-insensitive): admin, if the key is this deployment's
 *       (else 401 {@code BadAdminKey}); {@code Convex <adminKey>:<base64 JSON>} is an admin acting as
 *       the user the JSON describes ({@code tokenIdentifier}, or {@code issuer} and {@code subject});
 *   <li>{@code Bearer <jwt>}: a user whose identity is the token's payload claims;
 *   <li>any other scheme: 400 {@code InvalidAdminKey}.
 * </ul>
 *
 * <p>A JWT is verified by the deployment's {@link TokenVerifier} (its signature against the
 * configured auth providers, Convex's error texts); {@link #resolve} may then fetch keys, so it is
 * never called on an I/O thread for a {@code Bearer} credential. See {@code docs/http-api.md}.
 */
final class Authenticator {

    static final String INVALID_HEADER = "Invalid authentication header";
    static final String INVALID_ADMIN_KEY = "Invalid admin key";
    static final String BAD_ADMIN_KEY = "The provided admin key was invalid for this instance";

    private final Predicate<String> adminKeyMatches;
    private final TokenVerifier tokens;

    Authenticator(Predicate<String> adminKeyMatches, TokenVerifier tokens) {
        this.adminKeyMatches = adminKeyMatches;
        this.tokens = tokens;
    }

    /**
     * The credentials an {@code Authorization} header (possibly absent) and an {@code adminKey} query
     * parameter carry. Only the header's shape is checked here (400s); keys and tokens are checked by
     * {@link #resolve}, after the body, as Convex's extractors order it.
     */
    static Credentials parse(Optional<String> authorization, Optional<String> adminKeyParameter) {
        if (authorization.isEmpty()) {
            return adminKeyParameter
                    .<Credentials>map(key -> new Credentials.AdminKey(key, Optional.empty()))
                    .orElse(new Credentials.None());
        }
        String header = authorization.get();
        if (header.length() < 7) {
            throw new ConvexException(ErrorCode.InvalidHeaderFailure, INVALID_HEADER);
        }
        String scheme = header.substring(0, 7).toLowerCase(Locale.ROOT);
        String credentials = header.substring(7).strip();
        return switch (scheme) {
            case "convex " -> adminHeader(credentials);
            case "bearer " -> new Credentials.Bearer(credentials);
            default -> throw new ConvexException(ErrorCode.InvalidAdminKey, INVALID_ADMIN_KEY);
        };
    }

    /**
     * {@code <key>} or {@code <key>:<base64 identity>}. Keys may carry a {@code dev:} prefix, so the
     * identity is only what follows the last colon when that part has no {@code |} (base64 has none).
     */
    private static Credentials adminHeader(String credentials) {
        int colon = credentials.lastIndexOf(':');
        if (colon >= 0 && credentials.indexOf('|', colon) < 0) {
            return new Credentials.AdminKey(
                    credentials.substring(0, colon), Optional.of(credentials.substring(colon + 1)));
        }
        return new Credentials.AdminKey(credentials, Optional.empty());
    }

    /** The identity {@code credentials} prove: 401 for a wrong admin key or an unusable token. */
    Identity resolve(Credentials credentials) {
        return switch (credentials) {
            case Credentials.None none -> Identity.anonymous();
            case Credentials.Bearer bearer -> new Identity.User(tokens.verify(bearer.token()));
            case Credentials.AdminKey admin -> {
                if (!adminKeyMatches.test(admin.key())) {
                    throw new ConvexException(ErrorCode.BadAdminKey, BAD_ADMIN_KEY);
                }
                yield new Identity.Admin(admin.actingAs().map(Authenticator::actingAs));
            }
        };
    }

    /** What a request presents, before it is checked. */
    sealed interface Credentials {
        /** Nothing: an anonymous caller. */
        record None() implements Credentials {}

        /** An admin key, possibly with the base64 JSON of a user to act as. */
        record AdminKey(String key, Optional<String> actingAs) implements Credentials {}

        /** An end-user token. */
        record Bearer(String token) implements Credentials {}
    }

    /** The user an admin acts as: standard base64 of a UTF-8 JSON object (BE {@code UserIdentityAttributes}). */
    private static UserIdentity actingAs(String base64) {
        try {
            return UserIdentities.fromBase64Attributes(base64);
        } catch (UserIdentities.InvalidIdentity e) {
            throw new ConvexException(ErrorCode.InvalidHeaderFailure, INVALID_HEADER + ": " + e.getMessage());
        }
    }
}
