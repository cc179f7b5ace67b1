package dev.jconvex.execution;

import dev.jconvex.values.ConvexValue;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An authenticated end user: the claims of the caller's token, as {@code ctx.auth.getUserIdentity()}
 * returns them. {@code tokenIdentifier} is {@code issuer + "|" + subject}.
 */
public record UserIdentity(
        String tokenIdentifier,
        @Nullable String subject,
        @Nullable String issuer,
        ConvexValue.Obj claims) {
    public UserIdentity {
        Objects.requireNonNull(tokenIdentifier, "tokenIdentifier");
        Objects.requireNonNull(claims, "claims");
    }
}
