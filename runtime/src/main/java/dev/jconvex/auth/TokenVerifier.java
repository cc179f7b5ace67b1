package dev.jconvex.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import dev.jconvex.execution.UserIdentity;
import dev.jconvex.execution.internal.UserIdentities;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Turns an end-user JWT ({@code Authorization: Bearer}, sync {@code Authenticate{tokenType:"User"}})
 * into a {@link UserIdentity}, as a Convex deployment does (BE {@code crates/authentication/src/lib.rs}
 * {@code validate_id_token}); a refused token is a {@link ConvexException} with Convex's code and
 * text, which each transport reports its own way (HTTP 401, sync {@code AuthError}).
 *
 * <p><b>Steps</b>, each with Convex's error:
 *
 * <ol>
 *   <li>parse the JWT (401 {@code InvalidAuthHeader} "Could not parse JWT payload…");
 *   <li>route it by its unverified {@code iss} and {@code aud} to the first matching provider (401
 *       {@code InvalidAuthHeader} "Missing issuer/audience in JWT payload", 401 {@code
 *       NoAuthProvider} listing the configured providers). A malicious token can at worst pick the
 *       wrong provider, whose signature check then fails;
 *   <li>OIDC provider: the signature (RS256) with a key of the provider's JWKS, then {@code exp}
 *       (required) and {@code nbf}; any failure is 401 {@code Unauthenticated} "Could not verify
 *       OIDC token claim…";
 *   <li>custom JWT provider: the signature with the configured algorithm only (401 {@code
 *       InvalidAuthHeader} "Could not decode token": wrong key, other algorithm, {@code alg: none}),
 *       {@code iss} ("Invalid issuer: a != b"), {@code aud} ("Invalid audience: x not in [...]"),
 *       {@code exp}/{@code nbf} ("Could not validate token"), then {@code sub} and {@code exp}
 *       present ("Could not verify token claim").
 * </ol>
 *
 * <p>With no matching provider and {@link AuthConfig#acceptUnverifiedTokens()}, the token's claims
 * are taken as they are ({@link UserIdentities#fromJwt}): a development shortcut that lets anyone
 * claim any identity, announced by {@code serve} at start.
 *
 * <p>Keys: a file or {@code data:} JWKS is read once, when the verifier is created (a bad one fails
 * start-up); an {@code http(s)} JWKS and OIDC discovery are fetched on first use and cached by
 * Nimbus's {@link JWKSourceBuilder} (5 minutes, refreshed on an unknown key id). Fetching may block,
 * so callers must not verify on an I/O thread. Thread-safe.
 */
public final class TokenVerifier {

    static final String PARSE_FAILED =
            "Could not parse JWT payload. Check that the token is a valid JWT format with three base64-encoded parts separated by dots.";
    static final String MISSING_ISSUER = "Missing issuer in JWT payload";
    static final String MISSING_AUDIENCE = "Missing audience in JWT payload";
    static final String NO_PROVIDER = "No auth provider found matching the given token";
    static final String OIDC_FAILED =
            "Could not verify OIDC token claim. Check that the token signature is valid and the token hasn't expired.";
    static final String DECODE_FAILED = "Could not decode token";
    static final String VALIDATE_FAILED = "Could not validate token";
    static final String CLAIM_FAILED = "Could not verify token claim";
    static final String JWKS_FAILED = "Could not fetch JWKS";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FETCH_TIMEOUT_MILLIS = 5_000;
    private static final int FETCH_SIZE_LIMIT = 512 * 1024;

    private final AuthConfig config;
    private final Clock clock;
    private final Map<AuthProvider, Verifier> verifiers = new LinkedHashMap<>();

    private TokenVerifier(AuthConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        for (AuthProvider provider : config.providers()) {
            verifiers.put(provider, new Verifier(provider));
        }
    }

    /**
     * A verifier for {@code config}, checking times against {@code clock}. Reads file and {@code data:}
     * key sets now: an unreadable one is an {@link IllegalArgumentException}.
     */
    public static TokenVerifier create(AuthConfig config, Clock clock) {
        return new TokenVerifier(config, clock);
    }

    /** The configuration this verifier applies. */
    public AuthConfig config() {
        return config;
    }

    /** The identity {@code token} proves, or a {@link ConvexException} saying why it proves none. */
    public UserIdentity verify(String token) {
        Optional<JWTClaimsSet> unverified = unverifiedClaims(token);
        Optional<Verifier> match = unverified.flatMap(this::route);
        if (match.isEmpty()) {
            if (config.acceptUnverifiedTokens()) {
                try {
                    return UserIdentities.fromJwt(token, clock.millis());
                } catch (UserIdentities.InvalidIdentity e) {
                    throw invalid(String.valueOf(e.getMessage()));
                }
            }
            JWTClaimsSet claims = unverified.orElseThrow(() -> invalid(PARSE_FAILED));
            if (claims.getIssuer() == null) {
                throw invalid(MISSING_ISSUER);
            }
            if (claims.getAudience() == null || claims.getAudience().isEmpty()) {
                throw invalid(MISSING_AUDIENCE);
            }
            throw new ConvexException(ErrorCode.NoAuthProvider, noProviderMessage());
        }
        return match.get().verify(token);
    }

    /**
     * The payload's claims, unverified, read as Convex routes a token (biscuit's {@code
     * unverified_payload}): three dot-separated parts, the middle one base64url of a JSON object with
     * claims of the registered types; the header and signature are not looked at here.
     */
    private static Optional<JWTClaimsSet> unverifiedClaims(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            String json = new String(Base64.getUrlDecoder().decode(stripPadding(parts[1])), StandardCharsets.UTF_8);
            return Optional.of(JWTClaimsSet.parse(json));
        } catch (IllegalArgumentException | ParseException e) {
            return Optional.empty();
        }
    }

    private static String stripPadding(String base64) {
        int end = base64.length();
        while (end > 0 && base64.charAt(end - 1) == '=') {
            end--;
        }
        return base64.substring(0, end);
    }

    private Optional<Verifier> route(JWTClaimsSet claims) {
        String issuer = claims.getIssuer();
        List<String> audiences = claims.getAudience();
        if (issuer == null || audiences == null || audiences.isEmpty()) {
            return Optional.empty();
        }
        return verifiers.values().stream()
                .filter(v -> v.matches(issuer, audiences))
                .findFirst();
    }

    private String noProviderMessage() {
        if (config.providers().isEmpty()) {
            return NO_PROVIDER + " (no providers configured). Check convex/auth.config.ts.";
        }
        return NO_PROVIDER + ". Check that your JWT's issuer and audience match one of your configured providers: ["
                + config.providers().stream().map(AuthProvider::describe).collect(Collectors.joining(", "))
                + "]";
    }

    private static ConvexException invalid(String message) {
        return new ConvexException(ErrorCode.InvalidAuthHeader, message);
    }

    /** {@code https://} unless the issuer names a scheme, as Convex compares custom JWT issuers. */
    private static String withScheme(String issuer) {
        return issuer.startsWith("https://") || issuer.startsWith("http://") ? issuer : "https://" + issuer;
    }

    private static String trimSlashes(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '/') {
            end--;
        }
        return text.substring(0, end);
    }

    /** One provider's matching rule, keys and checks. */
    private final class Verifier {
        private final AuthProvider provider;
        private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

        Verifier(AuthProvider provider) {
            this.provider = provider;
            JWKSource<SecurityContext> keys = switch (provider) {
                case AuthProvider.Oidc oidc ->
                    oidc.jwks().map(TokenVerifier::keySource).orElseGet(() -> discovered(oidc));
                case AuthProvider.CustomJwt custom -> keySource(custom.jwks());
            };
            Set<JWSAlgorithm> algorithms = switch (provider) {
                // Convex also allows EdDSA for OIDC; Nimbus needs Google Tink for it (not bundled).
                case AuthProvider.Oidc oidc -> Set.of(JWSAlgorithm.RS256);
                case AuthProvider.CustomJwt custom -> Set.of(JWSAlgorithm.parse(custom.algorithm()));
            };
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
            // Any "typ" (providers send JWT, at+jwt, none at all); claims are checked below, with
            // Convex's order and texts and the injected clock.
            processor.setJWSTypeVerifier((type, context) -> {});
            processor.setJWTClaimsSetVerifier((claims, context) -> {});
        }

        boolean matches(String issuer, List<String> audiences) {
            return switch (provider) {
                case AuthProvider.Oidc oidc ->
                    audiences.contains(oidc.applicationId())
                            && trimSlashes(oidc.domain()).equals(trimSlashes(issuer));
                case AuthProvider.CustomJwt custom ->
                    withScheme(issuer).equals(custom.issuer())
                            && custom.applicationId().map(audiences::contains).orElse(true);
            };
        }

        UserIdentity verify(String token) {
            JWT jwt;
            try {
                jwt = JWTParser.parse(token);
            } catch (ParseException e) {
                jwt = null; // e.g. "alg: none" with a signature: no valid JWS either way
            }
            return switch (provider) {
                case AuthProvider.Oidc oidc -> {
                    if (jwt == null) {
                        throw new ConvexException(ErrorCode.Unauthenticated, OIDC_FAILED);
                    }
                    yield verifyOidc(jwt);
                }
                case AuthProvider.CustomJwt custom -> {
                    if (jwt == null) {
                        throw invalid(DECODE_FAILED);
                    }
                    yield verifyCustom(jwt, custom);
                }
            };
        }

        private UserIdentity verifyOidc(JWT jwt) {
            JWTClaimsSet claims;
            try {
                claims = processor.process(jwt, null);
            } catch (KeySourceException e) {
                throw new ConvexException(
                        ErrorCode.AuthProviderDiscoveryFailed,
                        "Auth provider discovery of " + ((AuthProvider.Oidc) provider).domain() + " failed");
            } catch (BadJOSEException | JOSEException e) {
                throw new ConvexException(ErrorCode.Unauthenticated, OIDC_FAILED);
            }
            if (claims.getExpirationTime() == null || !inPeriod(claims) || claims.getSubject() == null) {
                throw new ConvexException(ErrorCode.Unauthenticated, OIDC_FAILED);
            }
            return identity(claims, ErrorCode.Unauthenticated, OIDC_FAILED);
        }

        private UserIdentity verifyCustom(JWT jwt, AuthProvider.CustomJwt custom) {
            if (!(jwt instanceof SignedJWT)) {
                throw invalid(DECODE_FAILED); // alg: none
            }
            JWTClaimsSet claims;
            try {
                claims = processor.process(jwt, null);
            } catch (KeySourceException e) {
                throw invalid(JWKS_FAILED);
            } catch (BadJOSEException | JOSEException e) {
                throw invalid(DECODE_FAILED);
            }
            String issuer = claims.getIssuer();
            if (issuer == null) {
                throw invalid(MISSING_ISSUER);
            }
            if (!withScheme(issuer).equals(custom.issuer())) {
                throw invalid("Invalid issuer: " + issuer + " != " + custom.issuer());
            }
            List<String> audiences = claims.getAudience();
            if (audiences == null || audiences.isEmpty()) {
                throw invalid(MISSING_AUDIENCE);
            }
            if (custom.applicationId().isPresent()
                    && !audiences.contains(custom.applicationId().get())) {
                throw invalid("Invalid audience: " + custom.applicationId().get() + " not in "
                        + audiences.stream().map(a -> "\"" + a + "\"").collect(Collectors.joining(", ", "[", "]")));
            }
            if (!inPeriod(claims)) {
                throw invalid(VALIDATE_FAILED);
            }
            if (claims.getSubject() == null || claims.getExpirationTime() == null) {
                throw invalid(CLAIM_FAILED);
            }
            return identity(claims, ErrorCode.InvalidAuthHeader, CLAIM_FAILED);
        }

        /** {@code exp} not passed and {@code nbf} reached, when present, by the injected clock. */
        private boolean inPeriod(JWTClaimsSet claims) {
            Instant now = clock.instant();
            Date exp = claims.getExpirationTime();
            Date nbf = claims.getNotBeforeTime();
            return (exp == null || now.isBefore(exp.toInstant())) && (nbf == null || !now.isBefore(nbf.toInstant()));
        }

        private UserIdentity identity(JWTClaimsSet claims, ErrorCode code, String message) {
            try {
                JsonNode payload = JSON.valueToTree(claims.toJSONObject());
                return UserIdentities.fromClaims(payload);
            } catch (UserIdentities.InvalidIdentity | IllegalArgumentException e) {
                throw new ConvexException(code, message);
            }
        }

        /** OIDC discovery on first use: {@code <domain>/.well-known/openid-configuration}'s {@code jwks_uri}. */
        private JWKSource<SecurityContext> discovered(AuthProvider.Oidc oidc) {
            return new JWKSource<>() {
                private volatile @Nullable JWKSource<SecurityContext> source;

                @Override
                public List<com.nimbusds.jose.jwk.JWK> get(
                        com.nimbusds.jose.jwk.JWKSelector selector, SecurityContext context) throws KeySourceException {
                    JWKSource<SecurityContext> current = source;
                    if (current == null) {
                        current = source = remote(jwksUri(oidc));
                    }
                    return current.get(selector, context);
                }
            };
        }
    }

    private static String jwksUri(AuthProvider.Oidc oidc) throws KeySourceException {
        String url = trimSlashes(oidc.domain()) + "/.well-known/openid-configuration";
        try {
            Resource resource = retriever().retrieveResource(URI.create(url).toURL());
            JsonNode document = JSON.readTree(resource.getContent());
            JsonNode jwksUri = document == null ? null : document.get("jwks_uri");
            if (jwksUri == null || !jwksUri.isTextual()) {
                throw new KeySourceException("no jwks_uri in " + url);
            }
            return jwksUri.asText();
        } catch (IOException | IllegalArgumentException e) {
            throw new KeySourceException("OIDC discovery of " + url + " failed: " + e.getMessage(), e);
        }
    }

    private static DefaultResourceRetriever retriever() {
        return new DefaultResourceRetriever(FETCH_TIMEOUT_MILLIS, FETCH_TIMEOUT_MILLIS, FETCH_SIZE_LIMIT);
    }

    /** Keys from an {@code http(s)} URL (fetched lazily, cached), a {@code data:} URL or a file. */
    static JWKSource<SecurityContext> keySource(String jwks) {
        String lower = jwks.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return remote(jwks);
        }
        String text;
        if (lower.startsWith("data:")) {
            text = dataUrl(jwks);
        } else {
            Path file = lower.startsWith("file:") ? Path.of(URI.create(jwks)) : Path.of(jwks);
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read JWKS file " + file + ": " + e.getMessage(), e);
            }
        }
        try {
            return new ImmutableJWKSet<>(JWKSet.parse(text));
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a JWKS (" + jwks + "): " + e.getMessage(), e);
        }
    }

    private static JWKSource<SecurityContext> remote(String url) {
        try {
            URL parsed = URI.create(url).toURL();
            return JWKSourceBuilder.<SecurityContext>create(parsed, retriever()).build();
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a JWKS URL: " + url, e);
        }
    }

    /** The text of a {@code data:[<type>][;base64],<data>} URL (RFC 2397). */
    private static String dataUrl(String url) {
        int comma = url.indexOf(',');
        if (comma < 0) {
            throw new IllegalArgumentException("malformed data: URL for JWKS");
        }
        String meta = url.substring("data:".length(), comma);
        String data = url.substring(comma + 1);
        if (meta.endsWith(";base64")) {
            return new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8);
        }
        return URLDecoder.decode(data.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
