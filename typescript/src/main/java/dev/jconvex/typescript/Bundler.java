package dev.jconvex.typescript;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Turns a Convex project's {@code convex/} folder into {@link Bundle}s with esbuild, as Convex's CLI
 * does before a deploy: it runs {@code bundle.mjs} (this package's resource) under Node against the
 * toolchain folder, whose {@code node_modules} hold esbuild and the pinned {@code convex} package.
 *
 * <p>Bundles are cached under {@code cacheDirectory/<hash>}, where the hash covers every file of the
 * folder (names and contents, {@code node_modules} and dot-files excluded), the bundling script and
 * the toolchain's lockfile: an unchanged folder is not bundled again.
 */
final class Bundler {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCRIPT = "bundle.mjs";

    private final Path toolchain;
    private final Path cacheDirectory;
    private final String node;

    Bundler(Path toolchain, Path cacheDirectory, String node) {
        this.toolchain = toolchain.toAbsolutePath().normalize();
        this.cacheDirectory = cacheDirectory;
        this.node = node;
        if (!Files.isDirectory(this.toolchain.resolve("node_modules/esbuild"))
                || !Files.isDirectory(this.toolchain.resolve("node_modules/convex"))) {
            throw new IllegalStateException("the TypeScript toolchain at " + this.toolchain
                    + " has no node_modules/esbuild and node_modules/convex; run `npm ci` there"
                    + " (./jconvex test and .ci/run do)");
        }
    }

    /** The bundles of {@code convexDir}, built now or taken from the cache. */
    Bundle bundle(Path convexDir) {
        if (!Files.isDirectory(convexDir)) {
            throw new IllegalArgumentException(convexDir.toAbsolutePath().normalize() + " is not a directory");
        }
        byte[] script = resource(SCRIPT);
        Path out = cacheDirectory.resolve(hash(convexDir, script));
        if (!Files.isRegularFile(out.resolve("manifest.json"))) {
            build(convexDir, script, out);
        }
        try {
            JsonNode manifest = JSON.readTree(out.resolve("manifest.json").toFile());
            List<String> modules = new ArrayList<>();
            manifest.path("modules").forEach(m -> modules.add(m.asText()));
            return new Bundle(out, modules, manifest.path("schema").asBoolean(false));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundle manifest in " + out, e);
        }
    }

    private void build(Path convexDir, byte[] script, Path out) {
        try {
            Files.createDirectories(cacheDirectory);
            Path staging = Files.createTempDirectory(cacheDirectory, "building-");
            Path scriptFile = staging.resolve(SCRIPT);
            Files.write(scriptFile, script);
            Path modules = staging.resolve("modules");
            Path log = staging.resolve("esbuild.log");
            Process process = new ProcessBuilder(
                            node,
                            scriptFile.toString(),
                            convexDir.toAbsolutePath().toString(),
                            modules.toString(),
                            toolchain.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("bundling " + convexDir + " took more than 5 minutes");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        "bundling " + convexDir + " failed:\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            try {
                Files.move(modules, out, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another process bundled the same sources at the same time: theirs is as good
            }
            deleteTree(staging);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot bundle " + convexDir + " (is Node 20+ on the PATH as `" + node + "`?): " + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while bundling " + convexDir, e);
        }
    }

    private String hash(Path convexDir, byte[] script) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(script);
            Path lock = toolchain.resolve("package-lock.json");
            if (Files.isRegularFile(lock)) {
                digest.update(Files.readAllBytes(lock));
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(convexDir)) {
                files = walk.filter(Files::isRegularFile)
                        .filter(p -> !convexDir.relativize(p).toString().contains("node_modules"))
                        .filter(p -> !p.getFileName().toString().startsWith("."))
                        .sorted()
                        .toList();
            }
            for (Path file : files) {
                digest.update(convexDir.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(Files.readAllBytes(file));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 24);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + convexDir, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] resource(String name) {
        try (InputStream in = Bundler.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
