package dev.jconvex.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one vitest suite of {@code conformance/} (the official npm {@code convex} clients) as a child
 * process and fails the calling test unless every vitest test passed. Shared by the HTTP and sync
 * conformance ITs.
 */
public final class Vitest {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final Path conformance;

    private Vitest(Path conformance) {
        this.conformance = conformance;
    }

    /**
     * The {@code conformance/} directory above the module directory that holds {@code suite}, with
     * its npm packages installed (else a failure saying to run {@code npm ci}).
     */
    public static Vitest forSuite(String suite) throws IOException {
        Path base = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        for (Path dir = base; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("conformance");
            if (Files.isDirectory(candidate.resolve(suite))) {
                assertThat(candidate.resolve("node_modules/vitest/vitest.mjs"))
                        .withFailMessage("the npm clients are not installed: run npm ci in %s", candidate)
                        .exists();
                assertThat(candidate.resolve("node_modules/convex/package.json"))
                        .withFailMessage("the npm convex package is not installed: run npm ci in %s", candidate)
                        .exists();
                return new Vitest(candidate);
            }
        }
        throw new IOException("no conformance/" + suite + " directory above " + base);
    }

    /** Runs {@code vitest run --config <config>} with {@code environment} added, and asserts it passed. */
    public void runAndAssertPassed(String config, Map<String, String> environment) throws Exception {
        runAndAssertPassed(config, environment, TIMEOUT);
    }

    /** {@link #runAndAssertPassed(String, Map)} for a suite that may take up to {@code timeout}. */
    public void runAndAssertPassed(String config, Map<String, String> environment, Duration timeout) throws Exception {
        Path log = Files.createTempFile("vitest", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(
                            List.of("node", "node_modules/vitest/vitest.mjs", "run", "--config", config))
                    .directory(conformance.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            builder.environment().put("CI", "true");
            builder.environment().put("NO_COLOR", "1");
            Process process = builder.start();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            System.out.println(output);
            assertThat(finished)
                    .withFailMessage("vitest (%s) did not finish in %s:%n%s", config, timeout, output)
                    .isTrue();
            assertThat(process.exitValue())
                    .withFailMessage(
                            "the conformance suite %s failed (exit %d):%n%s", config, process.exitValue(), output)
                    .isZero();
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
