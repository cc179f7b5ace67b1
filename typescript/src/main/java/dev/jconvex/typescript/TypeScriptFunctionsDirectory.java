package dev.jconvex.typescript;

import dev.jconvex.execution.ConvexModule;
import dev.jconvex.server.FunctionsDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code serve --functions DIR}: loads the folder as {@link TypeScriptFunctions} with the default
 * configuration and describes it for the start-up banner, naming each Java module (found as {@code
 * serve} finds them, with {@link ServiceLoader}) that a TypeScript module of the same path replaces.
 * The GraalJS engine is released when the {@link Loaded} is closed ({@code serve} keeps it for the
 * process's life; the embedded runtime closes it with the deployment).
 */
public final class TypeScriptFunctionsDirectory implements FunctionsDirectory {

    /** The provider {@code serve} finds with {@link ServiceLoader}; holds nothing until {@link #load}. */
    public TypeScriptFunctionsDirectory() {}

    @Override
    public Loaded load(Path directory) {
        TypeScriptFunctions functions = TypeScriptFunctions.load(directory);
        Set<String> javaModules = new TreeSet<>();
        for (ConvexModule module : ServiceLoader.load(ConvexModule.class)) {
            javaModules.add(module.path());
        }
        List<String> banner = new ArrayList<>();
        int count = functions.modulePaths().size();
        banner.add("typescript:     " + count + (count == 1 ? " module" : " modules") + " from "
                + directory.toAbsolutePath().normalize() + " " + functions.modulePaths() + " on GraalJS ("
                + functions.engineMode() + ")");
        for (String path : functions.modulePaths()) {
            if (javaModules.contains(path)) {
                banner.add("typescript:     " + path + ".ts is served in place of the Java module " + path);
            }
        }
        if (!functions.skipped().isEmpty()) {
            banner.add("typescript:     not served yet: " + String.join(", ", functions.skipped()));
        }
        return new Loaded(functions.modules(), banner, functions);
    }
}
