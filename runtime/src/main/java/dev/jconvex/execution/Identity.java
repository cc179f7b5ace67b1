package dev.jconvex.execution;

import java.util.Objects;
import java.util.Optional;

/**
 * Who calls a function, as the transport authenticated them. Functions see it through {@link
 * FunctionEnvironment#identity()}; only {@link Admin} may call internal functions from outside.
 */
public sealed interface Identity {

    /** The user identity functions see ({@code ctx.auth.getUserIdentity()}); empty if none. */
    Optional<UserIdentity> userIdentity();

    /** Whether this caller may run internal functions (wire-protocol §1.7, {@code /api/function}). */
    default boolean isAdmin() {
        return this instanceof Admin;
    }

    /** An unauthenticated caller. */
    static Identity anonymous() {
        return Anonymous.INSTANCE;
    }

    /** No credentials. */
    record Anonymous() implements Identity {
        static final Anonymous INSTANCE = new Anonymous();

        @Override
        public Optional<UserIdentity> userIdentity() {
            return Optional.empty();
        }
    }

    /** An end user authenticated by a token ({@code Authorization: Bearer <jwt>}). */
    record User(UserIdentity user) implements Identity {
        public User {
            Objects.requireNonNull(user, "user");
        }

        @Override
        public Optional<UserIdentity> userIdentity() {
            return Optional.of(user);
        }
    }

    /**
     * The deployment's admin ({@code Authorization: Convex <adminKey>}), optionally acting as a user,
     * in which case functions see that user's identity.
     */
    record Admin(Optional<UserIdentity> actingAs) implements Identity {
        public Admin {
            Objects.requireNonNull(actingAs, "actingAs");
        }

        /** An admin acting as nobody. */
        public static Admin plain() {
            return new Admin(Optional.empty());
        }

        @Override
        public Optional<UserIdentity> userIdentity() {
            return actingAs;
        }
    }
}
