package dev.jconvex.typescript;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A bundled {@code convex/} folder: one self-contained ES module per Convex module, under {@code
 * directory} as {@code <module path>.js}.
 *
 * @param modules the module paths with functions ({@code "mutable"}, {@code "dir/file"}), sorted;
 *     {@code schema} is not among them
 * @param hasSchema whether {@code schema.js} (the project's {@code schema.ts}) exists
 */
record Bundle(Path directory, List<String> modules, boolean hasSchema) {

    Bundle {
        Objects.requireNonNull(directory, "directory");
        modules = List.copyOf(modules);
    }

    /** The bundled source of module {@code path}. */
    String source(String path) {
        try {
            return Files.readString(directory.resolve(path + ".js"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundle of " + path, e);
        }
    }
}
