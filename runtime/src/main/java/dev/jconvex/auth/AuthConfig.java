package dev.jconvex.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A deployment's authentication settings: its auth providers, and whether tokens that match none
 * are accepted unverified (a development shortcut, off unless asked for).
 *
 * <p>The providers have the shape of Convex's {@code convex/auth.config.ts} default export, as JSON:
 *
 * <pre>{@code
 * {"providers": [
 *   {"domain": "https://issuer.example", "applicationID": "convex"},
 *   {"type": "customJwt", "issuer": "https://api.example", "applicationID": "my-app",
 *    "jwks": "https://api.example/.well-known/jwks.json", "algorithm": "RS256"}
 * ]}
 * }</pre>
 *
 * jconvex adds one optional field: {@code jwks} on an OIDC provider, to name its keys instead of
 * discovering them. A {@code jwks} that is a relative file path is resolved against the directory of
 * the configuration file.
 *
 * @param providers the providers a token must match, in order
 * @param acceptUnverifiedTokens whether a token matching no provider becomes an identity from its
 *     unverified claims (anyone can then claim any identity)
 */
public record AuthConfig(List<AuthProvider> providers, boolean acceptUnverifiedTokens) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public AuthConfig {
        providers = List.copyOf(providers);
    }

    /** No providers, no unverified tokens: every token is refused, as a Convex deployment without auth config. */
    public static AuthConfig none() {
        return new AuthConfig(List.of(), false);
    }

    /** A copy that also accepts unverified tokens (development only). */
    public AuthConfig withUnverifiedTokens(boolean accept) {
        return new AuthConfig(providers, accept);
    }

    /** A copy with {@code more} providers after these. */
    public AuthConfig plus(List<AuthProvider> more) {
        List<AuthProvider> all = new ArrayList<>(providers);
        all.addAll(more);
        return new AuthConfig(all, acceptUnverifiedTokens);
    }

    /** The providers of an {@code auth.config}-shaped JSON file. */
    public static List<AuthProvider> readProviders(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read auth config " + file + ": " + e.getMessage(), e);
        }
        JsonNode providers = root == null ? null : root.get("providers");
        if (providers == null || !providers.isArray()) {
            throw new IllegalArgumentException("auth config " + file + " needs a \"providers\" array");
        }
        Path base = Optional.ofNullable(file.toAbsolutePath().getParent()).orElse(Path.of("."));
        List<AuthProvider> result = new ArrayList<>();
        for (JsonNode provider : providers) {
            if (!provider.isObject()) {
                throw new IllegalArgumentException("auth config " + file + ": each provider must be an object");
            }
            Map<String, String> fields = new LinkedHashMap<>();
            provider.properties()
                    .forEach(e -> fields.put(e.getKey(), e.getValue().asText()));
            result.add(provider(fields, base));
        }
        return result;
    }

    /**
     * One provider from {@code name=value} pairs separated by commas, the fields of {@code
     * auth.config.ts}: {@code domain=https://issuer,applicationID=convex} or {@code
     * type=customJwt,issuer=…,jwks=…,algorithm=RS256[,applicationID=…]}.
     */
    public static AuthProvider parseProvider(String spec) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : spec.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("auth provider fields are name=value, got: " + pair);
            }
            fields.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return provider(fields, Path.of("."));
    }

    private static AuthProvider provider(Map<String, String> fields, Path base) {
        String type = fields.getOrDefault("type", "oidc");
        Optional<String> jwks = Optional.ofNullable(fields.get("jwks")).map(j -> resolve(j, base));
        return switch (type) {
            case "customJwt" ->
                new AuthProvider.CustomJwt(
                        fields.getOrDefault("issuer", ""),
                        Optional.ofNullable(fields.get("applicationID")),
                        jwks.orElseThrow(() -> new IllegalArgumentException("customJwt provider needs jwks")),
                        Objects.requireNonNullElse(fields.get("algorithm"), ""));
            // A missing field reaches the record as "", which it refuses by name.
            case "oidc" ->
                new AuthProvider.Oidc(
                        fields.getOrDefault("domain", ""), fields.getOrDefault("applicationID", ""), jwks);
            default -> throw new IllegalArgumentException("unknown auth provider type: " + type);
        };
    }

    /** A relative file path against {@code base}; URLs and absolute paths as they are. */
    private static String resolve(String jwks, Path base) {
        if (jwks.contains(":") && !jwks.matches("^[A-Za-z]:\\\\.*")) {
            return jwks;
        }
        return base.resolve(jwks).normalize().toString();
    }
}
