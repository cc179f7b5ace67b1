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
     * @param resources what the modules run on (the JavaScript engine), released by {@link #close()}
     *     once the deployment serving them is closed
     */
    record Loaded(List<ConvexModule> modules, List<String> banner, AutoCloseable resources) implements AutoCloseable {
        public Loaded {
            modules = List.copyOf(modules);
            banner = List.copyOf(banner);
            Objects.requireNonNull(resources, "resources");
        }

        /** Modules that hold nothing to release. */
        public Loaded(List<ConvexModule> modules, List<String> banner) {
            this(modules, banner, () -> {});
        }

        /** Releases {@link #resources()}; a failure to release is rethrown unchecked. */
        @Override
        public void close() {
            try {
                resources.close();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("cannot release the loaded functions: " + e.getMessage(), e);
            }
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
                        "TypeScript functions (--functions) need dev.jconvex:jconvex-typescript on the class path"
                                + " (jconvex.jar and jconvex-embedded bring it)"));
        return loader.load(directory);
    }
}
