package dev.jconvex.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code serve --modules} refuses, each with the path named. Loading a real module jar is
 * covered end to end by the launcher's integration test ({@code LauncherIT}).
 */
class ModuleJarsTest {

    @TempDir
    Path tmp;

    @Test
    void noPaths_loadNothing() {
        assertThat(ModuleJars.load(List.of()).modules()).isEmpty();
    }

    @Test
    void aMissingPath_isNamed() {
        Path missing = tmp.resolve("nope.jar");
        assertThatThrownBy(() -> ModuleJars.load(List.of(missing)))
                .isInstanceOf(ServeOptions.UsageException.class)
                .hasMessage("--modules " + missing + ": no such file or directory");
    }

    @Test
    void aJarWithoutTheServiceFile_listsNoModule() throws Exception {
        Path jar = tmp.resolve("plain.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("readme.txt"));
            out.write("no modules here".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        assertThatThrownBy(() -> ModuleJars.load(List.of(jar)))
                .isInstanceOf(ServeOptions.UsageException.class)
                .hasMessageStartingWith("--modules " + jar + " lists no module in " + ModuleJars.SERVICE_FILE);
    }

    @Test
    void aDirectoryWithNeitherJarsNorServiceFile_isRefused() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("empty"));
        assertThatThrownBy(() -> ModuleJars.load(List.of(dir)))
                .isInstanceOf(ServeOptions.UsageException.class)
                .hasMessage("--modules " + dir + " is a directory with neither jars nor " + ModuleJars.SERVICE_FILE);
    }

    @Test
    void aServiceFileNamingAMissingClass_isAUsageErrorNotAStackTrace() throws Exception {
        Path classes = tmp.resolve("classes");
        Files.createDirectories(classes.resolve("META-INF/services"));
        Files.writeString(classes.resolve(ModuleJars.SERVICE_FILE), "com.example.Missing\n");
        assertThatThrownBy(() -> ModuleJars.load(List.of(classes)))
                .isInstanceOf(ServeOptions.UsageException.class)
                .hasMessageStartingWith("--modules " + classes + ": cannot load a module: ")
                .hasMessageContaining("com.example.Missing");
    }
}
