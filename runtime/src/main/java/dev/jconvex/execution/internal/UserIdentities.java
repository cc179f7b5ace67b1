package dev.jconvex.execution.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jconvex.errors.ConvexException;
import dev.jconvex.execution.UserIdentity;
import dev.jconvex.values.ConvexValue;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the {@link UserIdentity} a caller presents, for every transport: the claims of an end-user
 * JWT ({@code Authorization: Bearer} over HTTP, {@code Authenticate{tokenType:"User"}} over
 * WebSocket) and the user an admin acts as ({@code Convex <key>:<base64 JSON>}, {@code
 * impersonating}).
 *
 * <p>{@link #fromJwt} reads a JWT <b>without verifying it</b>: three dot-separated parts, a middle
 * part that is base64url of a JSON object with string {@code iss} and {@code sub}, and an {@code
 * exp}, when present, that is not in the past. Only {@code dev.jconvex.auth.TokenVerifier} calls
 * it, and only when the deployment explicitly accepts unverified tokens; verified tokens go through
 * {@link #fromClaims}.
 *
 * <p>Claims are plain JSON, not {@code convex_encoded_json}: numbers become float64 and no key is
 * special. Each transport turns {@link InvalidIdentity} into its own error (HTTP 401/400, sync
 * {@code AuthError}).
 */
public final class UserIdentities {

    private static final ObjectMapper MAPPER = dev.jconvex.values.ConvexJson.newObjectMapper();

    private UserIdentities() {}

    /** Credentials that name no usable identity; the message says why. */
    public static final class InvalidIdentity extends RuntimeException {
        InvalidIdentity(String message) {
            super(message, null, false, false);
        }
    }

    /** The identity in a JWT's payload, checked as the class comment says at {@code nowMillis}. */
    public static UserIdentity fromJwt(String jwt, long nowMillis) {
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidIdentity(
                    "Could not parse JWT payload. Check that the token is a valid JWT format with three base64-encoded parts separated by dots.");
        }
        JsonNode payload;
        try {
            payload = MAPPER.readTree(Base64.getUrlDecoder().decode(stripPadding(parts[1])));
        } catch (Exception e) {
            throw new InvalidIdentity("Could not parse JWT payload: it is not base64url-encoded JSON.");
        }
        if (payload == null || !payload.isObject()) {
            throw new InvalidIdentity("Could not parse JWT payload: it is not a JSON object.");
        }
        JsonNode exp = payload.get("exp");
        if (exp != null && exp.isNumber() && exp.asDouble() * 1000 < nowMillis) {
            throw new InvalidIdentity("Token expired: its `exp` claim is in the past.");
        }
        return fromClaims(payload);
    }

    /**
     * The identity a token's claims describe, the claims already trusted (verified by {@code
     * dev.jconvex.auth.TokenVerifier}, or accepted unverified on request): {@code tokenIdentifier} is
     * {@code iss|sub}, and every claim is visible to functions.
     */
    public static UserIdentity fromClaims(JsonNode payload) {
        Optional<String> issuer = text(payload, "iss");
        Optional<String> subject = text(payload, "sub");
        if (issuer.isEmpty() || subject.isEmpty()) {
            throw new InvalidIdentity("The JWT has no `iss` or `sub` claim: both are required to identify a user.");
        }
        String tokenIdentifier = issuer.get() + "|" + subject.get();
        Map<String, ConvexValue> claims = new LinkedHashMap<>(claims(payload).fields());
        claims.put("issuer", ConvexValue.str(issuer.get()));
        claims.put("subject", ConvexValue.str(subject.get()));
        claims.put("tokenIdentifier", ConvexValue.str(tokenIdentifier));
        return new UserIdentity(tokenIdentifier, subject.get(), issuer.get(), ConvexValue.obj(claims));
    }

    /**
     * The user an admin acts as: a JSON object with {@code tokenIdentifier}, or both {@code issuer}
     * and {@code subject}, plus any other attributes (BE {@code UserIdentityAttributes}).
     */
    public static UserIdentity fromAttributes(JsonNode attributes) {
        if (attributes == null || !attributes.isObject()) {
            throw new InvalidIdentity("the identity to act as must be a JSON object");
        }
        Optional<String> issuer = text(attributes, "issuer");
        Optional<String> subject = text(attributes, "subject");
        Optional<String> tokenIdentifier = text(attributes, "tokenIdentifier");
        if (tokenIdentifier.isEmpty() && (issuer.isEmpty() || subject.isEmpty())) {
            throw new InvalidIdentity("the identity to act as needs tokenIdentifier, or both issuer and subject");
        }
        String identifier = tokenIdentifier.orElseGet(() -> issuer.get() + "|" + subject.get());
        Map<String, ConvexValue> claims = new LinkedHashMap<>(claims(attributes).fields());
        claims.put("tokenIdentifier", ConvexValue.str(identifier));
        return new UserIdentity(identifier, subject.orElse(null), issuer.orElse(null), ConvexValue.obj(claims));
    }

    /** {@link #fromAttributes} of standard base64 of UTF-8 JSON, as {@code Convex <key>:<identity>} carries it. */
    public static UserIdentity fromBase64Attributes(String base64) {
        JsonNode json;
        try {
            json = MAPPER.readTree(Base64.getDecoder().decode(base64));
        } catch (Exception e) {
            throw new InvalidIdentity("the identity to act as is not base64 JSON");
        }
        return fromAttributes(json);
    }

    /** The {@code exp} claim of a token's identity, in milliseconds since the epoch, if it has one. */
    public static Optional<Long> expiresAtMillis(UserIdentity user) {
        return user.claims().fields().get("exp") instanceof ConvexValue.Float64(double seconds)
                ? Optional.of((long) (seconds * 1000))
                : Optional.empty();
    }

    private static ConvexValue.Obj claims(JsonNode object) {
        try {
            return plainObject(object);
        } catch (ConvexException e) {
            throw new InvalidIdentity("the claims are not a valid Convex object: " + e.getMessage());
        }
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

    private static ConvexValue.Obj plainObject(JsonNode object) {
        Map<String, ConvexValue> fields = new LinkedHashMap<>();
        object.properties().forEach(entry -> fields.put(entry.getKey(), plain(entry.getValue())));
        return ConvexValue.obj(fields);
    }

    private static ConvexValue plain(JsonNode node) {
        return switch (node.getNodeType()) {
            case BOOLEAN -> ConvexValue.bool(node.booleanValue());
            case NUMBER -> ConvexValue.float64(node.doubleValue());
            case STRING -> ConvexValue.str(node.textValue());
            case ARRAY -> {
                List<ConvexValue> values = new ArrayList<>();
                node.forEach(element -> values.add(plain(element)));
                yield ConvexValue.array(values);
            }
            case OBJECT -> plainObject(node);
            default -> ConvexValue.NULL;
        };
    }
}
