package dev.jconvex.server.internal;

import dev.jconvex.admin.Admin;
import dev.jconvex.execution.internal.FunctionRuntime;
import dev.jconvex.server.Jconvex;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The engine's view of a {@link Jconvex}: its {@link FunctionRuntime} seam, which the transports
 * take, and its {@link Admin}. Neither is part of the runtime's API ({@code Jconvex}'s public methods
 * are what a user calls), so they are reached through this class of a package that the module does
 * not export: the start-up code, the tests and the embedded provider use it. {@code Jconvex}
 * installs the bridge when the class initializes (the JDK's "shared secrets" pattern).
 */
public final class RuntimeAccess {

    /** How the runtime hands out what it keeps off its API. */
    public interface Bridge {
        FunctionRuntime seam(Jconvex runtime);

        Admin admin(Jconvex runtime);
    }

    private static volatile @Nullable Bridge bridge;

    private RuntimeAccess() {}

    /** Called once, by {@code Jconvex}'s static initializer. */
    public static void install(Bridge installed) {
        if (bridge != null) {
            throw new IllegalStateException("the runtime bridge is installed already");
        }
        bridge = Objects.requireNonNull(installed, "installed");
    }

    /** {@code runtime} as the transports (HTTP, sync, in-process) see it. */
    public static FunctionRuntime seam(Jconvex runtime) {
        return bridge(runtime).seam(runtime);
    }

    /** {@code runtime}'s administration: environment variables, logs, export, import, reset. */
    public static Admin admin(Jconvex runtime) {
        return bridge(runtime).admin(runtime);
    }

    private static Bridge bridge(Jconvex runtime) {
        Objects.requireNonNull(runtime, "runtime"); // an instance exists, so Jconvex has initialized
        Bridge installed = bridge;
        if (installed == null) {
            throw new IllegalStateException("Jconvex has not initialized");
        }
        return installed;
    }
}
