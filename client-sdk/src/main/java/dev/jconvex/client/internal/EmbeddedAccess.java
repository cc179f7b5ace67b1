package dev.jconvex.client.internal;

import dev.jconvex.client.ConvexClient;
import dev.jconvex.embedded.EmbeddedRuntime;
import java.util.Objects;
import java.util.Optional;

/**
 * Not API: how the SDK's own packages ({@code client.store}, {@code client.testing}) reach the
 * in-process runtime behind an embedded {@link ConvexClient}, which the client does not show its users.
 * {@link ConvexClient} installs the one {@link Access} when its class initialises (the JDK's
 * "shared secrets" pattern), so the SPI types stay out of the client's public methods.
 */
public final class EmbeddedAccess {

    /** What {@link ConvexClient} lends its own packages. */
    public interface Access {
        /** The in-process runtime when {@code client} is embedded; empty for a remote deployment. */
        Optional<EmbeddedRuntime> runtime(ConvexClient client);

        /** A builder of another client of {@code runtime}, which that client will not close. */
        ConvexClient.Builder builder(EmbeddedRuntime runtime);
    }

    private static volatile Access access;

    private EmbeddedAccess() {}

    /**
     * Called once, by {@link ConvexClient}'s static initialiser.
     *
     * @throws IllegalStateException if an access is already installed
     */
    public static synchronized void install(Access installed) {
        if (access != null) {
            throw new IllegalStateException("EmbeddedAccess is installed by ConvexClient only");
        }
        access = Objects.requireNonNull(installed, "installed");
    }

    /** The in-process runtime behind {@code client}, when it is embedded. */
    public static Optional<EmbeddedRuntime> runtime(ConvexClient client) {
        return access().runtime(client);
    }

    /** A builder of another client of {@code runtime}, which that client will not close. */
    public static ConvexClient.Builder builder(EmbeddedRuntime runtime) {
        return access().builder(runtime);
    }

    private static Access access() {
        Access a = access;
        if (a == null) {
            // initialising ConvexClient installs it
            try {
                Class.forName(ConvexClient.class.getName(), true, ConvexClient.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            a = access;
        }
        return Objects.requireNonNull(a, "ConvexClient did not install EmbeddedAccess");
    }
}
