package dev.jconvex.client.internal;

import dev.jconvex.client.ConvexClient;
import dev.jconvex.embedded.EmbeddedRuntime;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Not API: how the SDK's own packages ({@code client.store}, {@code client.testing}) reach the
 * in-process runtime behind an embedded {@link ConvexClient}, which the client does not show its users.
 * {@link ConvexClient} installs its two accessors when its class initialises (the JDK's "shared
 * secrets" pattern), so the SPI types stay out of the client's public methods.
 */
public final class EmbeddedAccess {

    /** What {@link ConvexClient} lends its own packages. */
    private record Access(
            Function<ConvexClient, Optional<EmbeddedRuntime>> runtime,
            Function<EmbeddedRuntime, ConvexClient.Builder> builder) {}

    private static volatile @Nullable Access access;

    private EmbeddedAccess() {}

    /**
     * Called once, by {@link ConvexClient}'s static initialiser: {@code runtime} gives the in-process
     * runtime of a client (empty for a remote deployment), {@code builder} a builder of another client
     * of a runtime, which that client will not close.
     *
     * @throws IllegalStateException if the accessors are already installed
     */
    public static synchronized void install(
            Function<ConvexClient, Optional<EmbeddedRuntime>> runtime,
            Function<EmbeddedRuntime, ConvexClient.Builder> builder) {
        if (access != null) {
            throw new IllegalStateException("EmbeddedAccess is installed by ConvexClient only");
        }
        access = new Access(Objects.requireNonNull(runtime, "runtime"), Objects.requireNonNull(builder, "builder"));
    }

    /** The in-process runtime behind {@code client}, when it is embedded. */
    public static Optional<EmbeddedRuntime> runtime(ConvexClient client) {
        return access().runtime().apply(client);
    }

    /** A builder of another client of {@code runtime}, which that client will not close. */
    public static ConvexClient.Builder builder(EmbeddedRuntime runtime) {
        return access().builder().apply(runtime);
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
