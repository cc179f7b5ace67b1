package dev.jconvex.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import dev.jconvex.execution.Identity;
import dev.jconvex.execution.UserIdentity;
import dev.jconvex.values.ConvexValue;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * <p><b>What is checked in a JWT</b>: that it has three dot-separated parts, that the middle one is
 * base64url of a JSON object with string {@code iss} and {@code sub}, and that {@code exp}, when
 * present, is not in the past. The signature is <b>not</b> verified (jconvex has no auth providers
 * configured); anyone who can reach the server can claim any identity. See {@code docs/http-api.md}.
 */
final class Authenticator {

    static final String INVALID_HEADER = "Invalid authentication header";
    static final String INVALID_ADMIN_KEY = "Invalid admin key";
    static final String BAD_ADMIN_KEY = "The provided admin key was invalid for this instance";

    private final Predicate<String> adminKeyMatches;
    private final Clock clock;

    Authenticator(Predicate<String> adminKeyMatches, Clock clock) {
        this.adminKeyMatches = adminKeyMatches;
        this.clock = clock;
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
            case Credentials.Bearer bearer -> new Identity.User(userFromJwt(bearer.token()));
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
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(Base64.getDecoder().decode(base64));
        } catch (Exception e) {
            throw new ConvexException(
                    ErrorCode.InvalidHeaderFailure,
                    INVALID_HEADER + ": the identity after the admin key is not base64 JSON");
        }
        if (json == null || !json.isObject()) {
            throw new ConvexException(
                    ErrorCode.InvalidHeaderFailure, INVALID_HEADER + ": the identity must be a JSON object");
        }
        Optional<String> issuer = text(json, "issuer");
        Optional<String> subject = text(json, "subject");
        Optional<String> tokenIdentifier = text(json, "tokenIdentifier");
        if (tokenIdentifier.isEmpty() && (issuer.isEmpty() || subject.isEmpty())) {
            throw new ConvexException(
                    ErrorCode.InvalidHeaderFailure,
                    INVALID_HEADER + ": the identity needs tokenIdentifier, or both issuer and subject");
        }
        String identifier = tokenIdentifier.orElseGet(() -> issuer.get() + "|" + subject.get());
        ConvexValue.Obj claims;
        try {
            claims = plainObject(json);
        } catch (ConvexException e) {
            throw new ConvexException(
                    ErrorCode.InvalidHeaderFailure,
                    INVALID_HEADER + ": the identity is not a valid Convex object: " + e.getMessage());
        }
        return new UserIdentity(identifier, subject.orElse(null), issuer.orElse(null), claims);
    }

    /** The identity in a JWT's payload (signature not verified: see the class comment). */
    UserIdentity userFromJwt(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw invalidToken(
                    "Could not parse JWT payload. Check that the token is a valid JWT format with three base64-encoded parts separated by dots.");
        }
        JsonNode payload;
        try {
            payload = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(stripPadding(parts[1])));
        } catch (Exception e) {
            throw invalidToken("Could not parse JWT payload: it is not base64url-encoded JSON.");
        }
        if (payload == null || !payload.isObject()) {
            throw invalidToken("Could not parse JWT payload: it is not a JSON object.");
        }
        Optional<String> issuer = text(payload, "iss");
        Optional<String> subject = text(payload, "sub");
        if (issuer.isEmpty() || subject.isEmpty()) {
            throw invalidToken("The JWT has no `iss` or `sub` claim: both are required to identify a user.");
        }
        JsonNode exp = payload.get("exp");
        if (exp != null && exp.isNumber() && exp.asDouble() * 1000 < clock.millis()) {
            throw invalidToken("Token expired: its `exp` claim is in the past.");
        }
        Map<String, ConvexValue> claims = new LinkedHashMap<>(claimsOf(payload).fields());
        claims.put("issuer", ConvexValue.str(issuer.get()));
        claims.put("subject", ConvexValue.str(subject.get()));
        claims.put("tokenIdentifier", ConvexValue.str(issuer.get() + "|" + subject.get()));
        return new UserIdentity(
                issuer.get() + "|" + subject.get(), subject.get(), issuer.get(), ConvexValue.obj(claims));
    }

    /** The payload as a Convex object; claims Convex cannot hold (e.g. a {@code $} key) are a bad token. */
    private static ConvexValue.Obj claimsOf(JsonNode payload) {
        try {
            return plainObject(payload);
        } catch (ConvexException e) {
            throw invalidToken("The JWT's claims are not a valid Convex object: " + e.getMessage());
        }
    }

    private static ConvexException invalidToken(String message) {
        return new ConvexException(ErrorCode.InvalidAuthHeader, message);
    }

    private static String stripPadding(String base64) {
        int end = base64.length();
        while (end > 0 && base64.charAt(end - 1) == '=') {
            end--;
        }
        return base64.substring(0, end);
    }

    private static Optional<String> text(JsonNode object, String field) {
        JsonNode node = object.get(field);
        return node != null && node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
    }

    /** Claims are plain JSON, not convex_encoded_json: numbers become float64, nothing is special. */
    private static ConvexValue.Obj plainObject(JsonNode object) {
        Map<String, ConvexValue> fields = new LinkedHashMap<>();
        object.properties().forEach(entry -> fields.put(entry.getKey(), plain(entry.getValue())));
        return ConvexValue.obj(fields);
    }

    private static ConvexValue plain(JsonNode node) {
        if (node.isObject()) {
            return plainObject(node);
        }
        if (node.isArray()) {
            List<ConvexValue> values = new ArrayList<>();
            node.forEach(element -> values.add(plain(element)));
            return ConvexValue.array(values);
        }
        if (node.isNumber()) {
            return ConvexValue.float64(node.asDouble());
        }
        if (node.isBoolean()) {
            return ConvexValue.bool(node.asBoolean());
        }
        if (node.isTextual()) {
            return ConvexValue.str(node.asText());
        }
        return ConvexValue.nul();
    }
}
