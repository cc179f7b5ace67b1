package dev.jconvex.server;

import dev.jconvex.execution.ConvexModule;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * What {@code serve --functions DIR} uses to load a Convex project's {@code convex/} folder: an
 * implementation found with {@link ServiceLoader} (the {@code jconvex-typescript} module's, which
 * bundles the folder and runs it on GraalJS). The runtime itself does not depend on it.
 */
public interface FunctionsDirectory {

    /**
     * The loaded folder.
     *
     * @param modules modules to register in place of any other module with the same path
     * @param banner lines for the start-up banner: what was loaded, which Java modules it replaces,
     *     how the JavaScript engine runs
     */
    record Loaded(List<ConvexModule> modules, List<String> banner) {
        public Loaded {
            modules = List.copyOf(modules);
            banner = List.copyOf(banner);
        }
    }

    /** Loads {@code directory}; fails with a message for the user when it cannot. */
    Loaded load(Path directory);

    /**
     * Loads {@code directory} with the implementation on the class path.
     *
     * @throws IllegalStateException if there is none, or loading fails
     */
    static Loaded loadWithAvailable(Path directory) {
        Objects.requireNonNull(directory, "directory");
        FunctionsDirectory loader = ServiceLoader.load(FunctionsDirectory.class)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "--functions needs the jconvex-typescript module on the class path (it is in jconvex.jar)"));
        return loader.load(directory);
    }
}
