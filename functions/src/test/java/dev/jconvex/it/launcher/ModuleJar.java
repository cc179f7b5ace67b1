package dev.jconvex.it.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A module jar as a user builds one outside this repository: one {@code ConvexModule} compiled
 * against the runnable jar and listed in {@code META-INF/services}, for {@code serve --modules}.
 */
final class ModuleJar {

    private ModuleJar() {}

    /** {@code greeter:hello} ({@code {name}} to {@code "hello <name>"}) and {@code greeter:answer} (42). */
    static final String SOURCE = """
            package it.greeter;

            import dev.jconvex.execution.ConvexModule;
            import dev.jconvex.execution.FunctionSpec;
            import dev.jconvex.execution.ModuleBuilder;
            import dev.jconvex.execution.QueryHandler;
            import dev.jconvex.validators.v;
            import dev.jconvex.values.ConvexValue;
            import java.util.Map;

            public final class Greeter implements ConvexModule {
                @Override
                public String path() {
                    return "greeter";
                }

                @Override
                public void define(ModuleBuilder m) {
                    m.query("hello", FunctionSpec.<QueryHandler>of(
                            v.object(Map.of("name", v.string())),
                            (ctx, args) -> ConvexValue.str("hello " + ((ConvexValue.Str) args.get("name")).value())));
                    m.query("answer", FunctionSpec.<QueryHandler>of(
                            v.object(Map.of()), (ctx, args) -> ConvexValue.float64(42)));
                }
            }
            """;

    /** Compiles the module in {@code dir} against {@code runtimeJar} and returns {@code dir/greeter.jar}. */
    static Path build(Path dir, Path runtimeJar) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/it/greeter"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path source = Files.writeString(src.resolve("Greeter.java"), SOURCE);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK runs the tests").isNotNull();
        int status = javac.run(
                null, null, null, "-classpath", runtimeJar.toString(), "-d", classes.toString(), source.toString());
        assertThat(status).as("javac of the module").isZero();
        Path jar = dir.resolve("greeter.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(
                        new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/dev.jconvex.execution.ConvexModule"));
            write(out, "it.greeter.Greeter\n");
            out.closeEntry();
        }
        return jar;
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
