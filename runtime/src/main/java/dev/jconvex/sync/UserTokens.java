package dev.jconvex.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jconvex.execution.UserIdentity;
import dev.jconvex.values.ConvexValue;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The user identity an {@code Authenticate} message carries (wire-protocol §2.8).
 *
 * <p><b>What is checked in a JWT</b>: three dot-separated parts, a middle part that is base64url of
 * a JSON object with string {@code iss} and {@code sub}, and an {@code exp}, when present, not in the
 * past. The signature is <b>not</b> verified: jconvex has no auth providers configured, so anyone who
 * can reach the server can claim any identity. This matches the HTTP API's handling of
 * {@code Authorization: Bearer}.
 */
final class UserTokens {

    private UserTokens() {}

    /** The identity in a JWT's claims; {@link AuthenticationFailed} if the token is unusable. */
    static UserIdentity decode(String jwt) {
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) {
            throw new AuthenticationFailed(
                    "Could not parse JWT payload. Check that the token is a valid JWT format with three base64-encoded parts separated by dots.");
        }
        JsonNode payload;
        try {
            payload = SyncJson.MAPPER.readTree(Base64.getUrlDecoder().decode(stripPadding(parts[1])));
        } catch (Exception e) {
            throw new AuthenticationFailed("Could not parse JWT payload: it is not base64url-encoded JSON.");
        }
        if (payload == null || !payload.isObject()) {
            throw new AuthenticationFailed("Could not parse JWT payload: it is not a JSON object.");
        }
        Optional<String> issuer = text(payload, "iss");
        Optional<String> subject = text(payload, "sub");
        if (issuer.isEmpty() || subject.isEmpty()) {
            throw new AuthenticationFailed(
                    "The JWT has no `iss` or `sub` claim: both are required to identify a user.");
        }
        JsonNode exp = payload.get("exp");
        if (exp != null && exp.isNumber() && exp.asDouble() * 1000 < System.currentTimeMillis()) {
            throw new AuthenticationFailed("Token expired: its `exp` claim is in the past.");
        }
        String tokenIdentifier = issuer.get() + "|" + subject.get();
        Map<String, ConvexValue> claims =
                new LinkedHashMap<>(plainObject(payload).fields());
        claims.put("issuer", ConvexValue.str(issuer.get()));
        claims.put("subject", ConvexValue.str(subject.get()));
        claims.put("tokenIdentifier", ConvexValue.str(tokenIdentifier));
        return new UserIdentity(tokenIdentifier, subject.get(), issuer.get(), ConvexValue.obj(claims));
    }

    /** The {@code exp} claim of a decoded token, in milliseconds since the epoch, if it has one. */
    static Optional<Long> expiresAtMillis(UserIdentity user) {
        return user.claims().fields().get("exp") instanceof ConvexValue.Float64(double seconds)
                ? Optional.of((long) (seconds * 1000))
                : Optional.empty();
    }

    /**
     * The user an admin acts as ({@code impersonating}): {@code tokenIdentifier}, or both {@code
     * issuer} and {@code subject}, plus any other attributes.
     */
    static UserIdentity actingAs(JsonNode attributes) {
        if (!attributes.isObject()) {
            throw new AuthenticationFailed("The identity to act as must be an object.");
        }
        Optional<String> issuer = text(attributes, "issuer");
        Optional<String> subject = text(attributes, "subject");
        Optional<String> tokenIdentifier = text(attributes, "tokenIdentifier");
        if (tokenIdentifier.isEmpty() && (issuer.isEmpty() || subject.isEmpty())) {
            throw new AuthenticationFailed("The identity to act as needs tokenIdentifier, or both issuer and subject.");
        }
        String identifier = tokenIdentifier.orElseGet(() -> issuer.get() + "|" + subject.get());
        Map<String, ConvexValue> claims =
                new LinkedHashMap<>(plainObject(attributes).fields());
        claims.put("tokenIdentifier", ConvexValue.str(identifier));
        return new UserIdentity(identifier, subject.orElse(null), issuer.orElse(null), ConvexValue.obj(claims));
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

    /** Claims are plain JSON: numbers become float64, nothing is special-cased. */
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
                yield new ConvexValue.Array(values);
            }
            case OBJECT -> plainObject(node);
            default -> ConvexValue.NULL;
        };
    }
}
