package dev.jconvex.server;

import dev.jconvex.execution.ConvexModule;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * The modules {@code serve --modules} loads: each path is a jar, a directory of jars, or a class
 * directory, and must list at least one {@link ConvexModule} in {@code
 * META-INF/services/dev.jconvex.execution.ConvexModule} (the same file that adds a jar's modules
 * when it is on the class path). They share one class loader whose parent is the server's, so they
 * see the runtime's API and the libraries of the runnable jar.
 *
 * @param modules the modules found, in the order of the paths
 * @param sources each module's path ({@link ConvexModule#path()}) to the file it came from
 */
record ModuleJars(List<ConvexModule> modules, Map<String, Path> sources) {

    ModuleJars {
        modules = List.copyOf(modules);
        sources = Map.copyOf(sources);
    }

    static final String SERVICE_FILE = "META-INF/services/" + ConvexModule.class.getName();

    /** The file or directory a module of that path came from, if it came from {@code --modules}. */
    Optional<Path> sourceOf(String modulePath) {
        return Optional.ofNullable(sources.get(modulePath));
    }

    /**
     * Loads the modules of {@code paths} (absolute).
     *
     * @throws ServeOptions.UsageException naming the path that is missing, unreadable, or lists no module
     */
    static ModuleJars load(List<Path> paths) {
        if (paths.isEmpty()) {
            return new ModuleJars(List.of(), Map.of());
        }
        List<ConvexModule> modules = new ArrayList<>();
        Map<String, Path> sources = new LinkedHashMap<>();
        for (Path path : paths) {
            List<Path> entries = entries(path);
            // One loader per path, so that each module's source is known; the parent is ours.
            URLClassLoader loader = new URLClassLoader(
                    "jconvex-modules:" + path.getFileName(), urls(entries), ModuleJars.class.getClassLoader());
            int found = 0;
            try {
                for (ConvexModule module : ServiceLoader.load(ConvexModule.class, loader)) {
                    if (module.getClass().getClassLoader() != loader) {
                        continue; // on the class path already, discovered there
                    }
                    modules.add(module);
                    sources.put(module.path(), path);
                    found++;
                }
            } catch (ServiceConfigurationError e) {
                closeQuietly(loader);
                throw new ServeOptions.UsageException(
                        "--modules " + path + ": cannot load a module: " + e.getMessage());
            }
            if (found == 0) {
                closeQuietly(loader);
                throw new ServeOptions.UsageException("--modules " + path + " lists no module in " + SERVICE_FILE
                        + " (or only modules already on the class path)");
            }
        }
        return new ModuleJars(modules, sources);
    }

    /** The jars (or the class directory) a path stands for. */
    private static List<Path> entries(Path path) {
        if (!Files.exists(path)) {
            throw new ServeOptions.UsageException("--modules " + path + ": no such file or directory");
        }
        if (!Files.isReadable(path)) {
            throw new ServeOptions.UsageException("--modules " + path + ": not readable");
        }
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (Files.exists(path.resolve(SERVICE_FILE))) {
            return List.of(path); // a class directory, such as target/classes
        }
        try (Stream<Path> files = Files.list(path)) {
            List<Path> jars = files.filter(f -> f.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .toList();
            if (jars.isEmpty()) {
                throw new ServeOptions.UsageException(
                        "--modules " + path + " is a directory with neither jars nor " + SERVICE_FILE);
            }
            return jars;
        } catch (IOException e) {
            throw new ServeOptions.UsageException("--modules " + path + ": " + DataDirectoryLock.reason(e));
        }
    }

    /** A loader whose modules are not used: its jars are closed (the others stay open while serving). */
    private static void closeQuietly(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException ignored) {
            // the usage error being reported matters more
        }
    }

    private static URL[] urls(List<Path> entries) {
        try {
            URL[] urls = new URL[entries.size()];
            for (int i = 0; i < urls.length; i++) {
                urls[i] = entries.get(i).toUri().toURL();
            }
            return urls;
        } catch (MalformedURLException e) {
            throw new IllegalStateException("a file path is always a valid URL", e);
        }
    }
}
