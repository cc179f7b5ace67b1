/**
 * End-user authentication as a Convex deployment does it (BE {@code crates/authentication}): the
 * deployment's auth providers ({@link dev.jconvex.auth.AuthConfig}, the shape of Convex's {@code
 * convex/auth.config.ts}) and the {@link dev.jconvex.auth.TokenVerifier} that turns a JWT into a
 * user identity only when its signature, issuer, audience and validity period check out against one
 * of them. Signatures and keys are Nimbus JOSE+JWT's; nothing cryptographic is written here.
 */
package dev.jconvex.auth;
