package dev.jconvex.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Test signing keys and tokens: an RS256 and an ES256 key pair (and an impostor of each with the
 * same key id), their public JWKS, and JWTs signed by them with chosen claims. Key generation takes
 * a moment, so the keys are made once per test run.
 */
public final class TestKeys {

    public static final RSAKey RSA = rsa("rsa-1");
    public static final RSAKey RSA_IMPOSTOR = rsa("rsa-1");
    public static final ECKey EC = ec("ec-1");
    public static final ECKey EC_IMPOSTOR = ec("ec-1");

    private TestKeys() {}

    /** The public keys of {@link #RSA} and {@link #EC}, as a JWKS document. */
    public static String publicJwks() {
        return new JWKSet(List.<JWK>of(RSA.toPublicJWK(), EC.toPublicJWK())).toString();
    }

    /** {@link #publicJwks()} written to {@code dir/jwks.json}. */
    public static Path writeJwks(Path dir) {
        try {
            return Files.writeString(dir.resolve("jwks.json"), publicJwks(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Claims valid for an hour from now: {@code iss}, {@code sub}, {@code aud}, {@code iat}, {@code exp}. */
    public static JWTClaimsSet.Builder claims(String issuer, String audience, String subject) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(3600)));
    }

    /** {@code claims} signed with {@code key} (RS256 for RSA, ES256 for EC), its key id in the header. */
    public static String sign(JWK key, JWTClaimsSet claims) {
        return sign(key, claims, h -> h);
    }

    /** As {@link #sign(JWK, JWTClaimsSet)}, with the header adjusted by {@code header}. */
    public static String sign(JWK key, JWTClaimsSet claims, UnaryOperator<JWSHeader.Builder> header) {
        try {
            JWSSigner signer;
            JWSAlgorithm algorithm;
            if (key instanceof RSAKey rsa) {
                signer = new RSASSASigner(rsa);
                algorithm = JWSAlgorithm.RS256;
            } else {
                signer = new ECDSASigner((ECKey) key);
                algorithm = JWSAlgorithm.ES256;
            }
            SignedJWT jwt = new SignedJWT(
                    header.apply(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()))
                            .build(),
                    claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code claims} as an unsecured JWT ({@code alg: none}, empty signature). */
    public static String unsigned(JWTClaimsSet claims) {
        return new PlainJWT(claims).serialize();
    }

    private static RSAKey rsa(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey ec(String keyId) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
