package dev.jconvex.auth;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One entry of a deployment's {@code providers} (Convex's {@code auth.config.ts}, docs "Custom OIDC
 * Provider" and "Custom JWT Provider").
 */
public sealed interface AuthProvider {

    /** How Convex prints the provider in its {@code NoAuthProvider} message. */
    String describe();

    /**
     * An OpenID Connect provider: tokens whose {@code iss} is {@code domain} (trailing slashes
     * ignored) and whose {@code aud} contains {@code applicationId}, signed with RS256 by a key of
     * the provider's JWKS, found by OIDC discovery ({@code <domain>/.well-known/openid-configuration})
     * unless {@code jwks} names it (a jconvex extension, for offline use: a URL or a file).
     */
    record Oidc(String domain, String applicationId, Optional<String> jwks) implements AuthProvider {
        public Oidc {
            requireText(domain, "domain");
            requireText(applicationId, "applicationID");
            Objects.requireNonNull(jwks, "jwks");
        }

        @Override
        public String describe() {
            return "OIDC(domain=" + domain + ", app_id=" + applicationId + ")";
        }
    }

    /**
     * A custom JWT provider ({@code type: "customJwt"}): tokens whose {@code iss} is {@code issuer},
     * whose {@code aud} contains {@code applicationId} when one is given, signed with {@code
     * algorithm} ({@code RS256} or {@code ES256}) by a key of {@code jwks} (an {@code https:}/{@code
     * http:} URL, a {@code data:} URL, or a file path / {@code file:} URL).
     */
    record CustomJwt(String issuer, Optional<String> applicationId, String jwks, String algorithm)
            implements AuthProvider {

        /** The algorithms Convex accepts for custom JWT providers. */
        public static final Set<String> ALGORITHMS = Set.of("RS256", "ES256");

        public CustomJwt {
            requireText(issuer, "issuer");
            Objects.requireNonNull(applicationId, "applicationId");
            requireText(jwks, "jwks");
            if (!ALGORITHMS.contains(algorithm)) {
                throw new IllegalArgumentException("customJwt algorithm must be RS256 or ES256, got " + algorithm);
            }
        }

        @Override
        public String describe() {
            return "CustomJWT(issuer=" + issuer + ", app_id=" + applicationId.orElse("none") + ")";
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("auth provider needs a non-empty " + name);
        }
    }
}
