package dev.jconvex.it.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script as a user runs it: {@code ./jconvex serve} (port 0, the jar the build just
 * made) and the admin commands {@code run}, {@code env}, {@code export}, {@code import}, {@code
 * reset} against it, {@code serve --export-on-exit} then {@code serve --import}, {@code JAVA_OPTS},
 * {@code --log-level}, {@code --modules}, paths relative to the caller's directory, a data directory
 * already in use, environment variables checked like flags, a quiet start, and the exit codes. Each
 * command is bounded by a timeout that fails the test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LauncherIT {

    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    /** {@code run}'s output for a function that returned null. */
    static final String NULL = "null\n";

    @TempDir
    static Path tmp;

    final Path root =
            Path.of(System.getProperty("basedir", "")).toAbsolutePath().getParent();
    Serve server;

    /** A running {@code ./jconvex serve}: its process, URL and admin key, and its output files. */
    record Serve(Process process, String url, String adminKey, Path dataDir, Path out, Path err) {
        String stderr() throws IOException {
            return Files.readString(err, StandardCharsets.UTF_8);
        }

        void stop() throws InterruptedException {
            process.destroy(); // SIGTERM: the launcher exec's java, so this is the JVM itself
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("serve did not stop within " + COMMAND_TIMEOUT);
            }
        }
    }

    /** What one launcher command did. */
    record Result(int exit, String out, String err) {}

    @BeforeAll
    void startServe() throws Exception {
        // JAVA_OPTS reaches the JVM: a Logback configuration of the test's own, with a marked pattern.
        Path logback = tmp.resolve("logback.xml");
        Files.writeString(logback, """
                <configuration>
                  <appender name="ERR" class="ch.qos.logback.core.ConsoleAppender">
                    <target>System.err</target>
                    <encoder><pattern>LAUNCHER-IT %level %logger %msg%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="ERR"/></root>
                </configuration>
                """);
        server = serve(
                Map.of("JAVA_OPTS", "-Dlogback.configurationFile=" + logback),
                "--data-dir",
                tmp.resolve("a").toString());
    }

    @AfterAll
    void stopServe() throws InterruptedException {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void run_printsTheValue_andAFunctionErrorExits1WithItsMessage() throws Exception {
        Result set = admin("run", "mutable:set", "{\"namespace\":\"run\",\"key\":\"k\",\"value\":42}");
        assertThat(set.exit()).as(set.err()).isZero();

        Result get = admin("run", "mutable:get", "{\"namespace\":\"run\",\"key\":\"k\"}");
        assertThat(get.exit()).as(get.err()).isZero();
        assertThat(get.out()).contains("\"key\"", "\"run\"").containsPattern("\"value\": ?42");

        Result missing = admin("run", "mutable:nope", "{}");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("Could not find function for 'mutable:nope'");

        Result usage = admin("run");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.err()).contains("Missing required parameter: 'PATH'", "./jconvex run --help");

        Result badArgs = admin("run", "mutable:get", "{not json");
        assertThat(badArgs.exit()).isEqualTo(2);
        assertThat(badArgs.err()).startsWith("jconvex: ARGS must be a JSON object, got {not json\n");
    }

    @Test
    void env_setGetListRemove_roundTrip() throws Exception {
        assertThat(admin("env", "set", "LAUNCHER_IT", "a value").out()).isEqualTo("set LAUNCHER_IT\n");

        Result get = admin("env", "get", "LAUNCHER_IT");
        assertThat(get.exit()).isZero();
        assertThat(get.out()).contains("a value");
        Result list = admin("env", "list");
        assertThat(list.out()).contains("LAUNCHER_IT=a value\n");

        assertThat(admin("env", "remove", "LAUNCHER_IT").out()).isEqualTo("removed LAUNCHER_IT\n");
        assertThat(admin("env", "list").out()).doesNotContain("LAUNCHER_IT");
        Result gone = admin("env", "get", "LAUNCHER_IT");
        assertThat(gone.exit()).isEqualTo(1);
        assertThat(gone.err()).isEqualTo("jconvex: Environment variable LAUNCHER_IT not found.\n");
    }

    @Test
    void export_reset_import_restoresTheData_andReplaceTakesTheSameSnapshotAgain() throws Exception {
        admin("run", "mutable:set", "{\"namespace\":\"snap\",\"key\":\"k\",\"value\":7}");
        Path zip = tmp.resolve("snapshot.zip");

        Result export = admin("export", zip.toString());
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(export.out()).contains("exported to " + zip);
        assertThat(zipEntries(zip)).contains("_tables/documents.jsonl", "mutable/documents.jsonl");

        Result reset = admin("reset");
        assertThat(reset.exit()).isZero();
        assertThat(reset.out()).containsPattern("\\{\"deleted\":[1-9]\\d*}");
        assertThat(admin("run", "mutable:get", "{\"namespace\":\"snap\",\"key\":\"k\"}")
                        .out())
                .matches(NULL);

        Result imported = admin("import", zip.toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.out())
                .containsPattern("imported [1-9]\\d* documents from " + Pattern.quote(zip.toString()));
        assertThat(admin("run", "mutable:get", "{\"namespace\":\"snap\",\"key\":\"k\"}")
                        .out())
                .containsPattern("\"value\": ?7");

        // the tables are not empty now: a plain import is refused, --replace takes the snapshot again
        Result refused = admin("import", zip.toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("jconvex: import failed:", "is not empty");
        Result replaced = admin("import", zip.toString(), "--replace");
        assertThat(replaced.exit()).as(replaced.err()).isZero();
        assertThat(admin("run", "mutable:get", "{\"namespace\":\"snap\",\"key\":\"k\"}")
                        .out())
                .containsPattern("\"value\": ?7");
    }

    @Test
    void adminKey_isReadFromTheDataDirectory_andAWrongOneExits1WithTheServersRefusal() throws Exception {
        Result fromDir = launcher(
                Map.of(
                        "CONVEX_SELF_HOSTED_URL",
                        server.url(),
                        "JCONVEX_DATA_DIR",
                        server.dataDir().toString()),
                "run",
                "mutable:get",
                "{\"namespace\":\"none\",\"key\":\"k\"}");
        assertThat(fromDir.exit()).as(fromDir.err()).isZero();
        assertThat(fromDir.out()).matches(NULL);

        Result wrong = launcher(Map.of(), "env", "list", "--url", server.url(), "--admin-key", "jconvex|nope");
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.err()).contains("401", "BadAdminKey").doesNotContain("Traceback");

        Result noKey =
                launcher(Map.of("JCONVEX_DATA_DIR", tmp.resolve("nowhere").toString()), "reset");
        assertThat(noKey.exit()).isEqualTo(2);
        assertThat(noKey.err()).contains("jconvex: no admin key");
    }

    @Test
    void serverLog_hasALinePerCall_writtenWithTheLogbackConfigurationJavaOptsNamed() throws Exception {
        Result get = admin("run", "mutable:get", "{\"namespace\":\"log\",\"key\":\"k\"}");
        assertThat(get.exit()).isZero();
        // written before the answer, so it is there once the command returns
        assertThat(server.stderr())
                .containsPattern("LAUNCHER-IT INFO jconvex.functions query mutable:get success \\d+\\.\\d ms request"
                        + " [0-9a-f]{16}");
    }

    @Test
    void unknownCommand_exits2_withUsage_andHelpExits0() throws Exception {
        Result unknown = launcher(Map.of(), "frobnicate");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("jconvex: unknown command: frobnicate\nRun './jconvex --help' for more.\n");

        Result help = launcher(Map.of(), "help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).startsWith("Usage: ./jconvex").contains("serve", "run", "import", "version");

        Result serveHelp = launcher(Map.of(), "serve", "--help");
        assertThat(serveHelp.exit()).isZero();
        assertThat(serveHelp.out()).contains("--data-dir=DIR", "JCONVEX_DATA_DIR", "--modules=JAR_OR_DIR");
    }

    @Test
    void relativePaths_resolveAgainstTheCallersDirectory_notTheRepository() throws Exception {
        Path cwd = Files.createDirectories(tmp.resolve("caller"));
        Serve here = serve(cwd, Map.of(), "--data-dir", "rel-data");
        try {
            assertThat(here.dataDir()).isEqualTo(cwd.resolve("rel-data"));
            String[] target = {"--url", here.url(), "--admin-key", here.adminKey()};
            assertThat(launcher(
                                    cwd,
                                    Map.of(),
                                    concat(
                                            new String[] {
                                                "run",
                                                "mutable:set",
                                                "{\"namespace\":\"rel\",\"key\":\"k\",\"value\":3}"
                                            },
                                            target))
                            .exit())
                    .isZero();
            Result export = launcher(cwd, Map.of(), concat(new String[] {"export", "rel.zip"}, target));
            assertThat(export.exit()).as(export.err()).isZero();
            assertThat(cwd.resolve("rel.zip")).exists();
            Result replaced = launcher(cwd, Map.of(), concat(new String[] {"import", "rel.zip", "--replace"}, target));
            assertThat(replaced.exit()).as(replaced.err()).isZero();
            assertThat(replaced.out()).contains("documents from rel.zip");
        } finally {
            here.stop();
        }
        assertThat(root.resolve("rel-data")).doesNotExist();
    }

    @Test
    void secondServe_onTheSameDataDirectory_exits1_withOneLineNamingThePid() throws Exception {
        Result second = launcher(
                Map.of(), "serve", "--port", "0", "--data-dir", server.dataDir().toString());
        assertThat(second.exit()).isEqualTo(1);
        assertThat(second.out()).doesNotContain("running at");
        assertThat(second.err())
                .isEqualTo("jconvex: data directory " + server.dataDir() + " is in use by another jconvex (pid "
                        + server.process().pid() + "); stop it or choose another --data-dir\n");
        assertThat(server.dataDir().resolve("jconvex.trace.db")).doesNotExist();
    }

    @Test
    void environmentVariables_areCheckedLikeFlags() throws Exception {
        Result bad = launcher(Map.of("JCONVEX_IN_MEMORY", "sure"), "serve", "--port", "0");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).startsWith("jconvex: JCONVEX_IN_MEMORY must be true or false");

        Serve memory = serve(Map.of("JCONVEX_IN_MEMORY", "yes"));
        try {
            assertThat(Files.readString(memory.out())).contains("data directory: (in memory)");
        } finally {
            memory.stop();
        }
    }

    @Test
    void serve_modules_loadsAJarsModules_andTheBannerListsEachWithItsFunctionCount() throws Exception {
        Path jar = ModuleJar.build(tmp.resolve("greeter"), root.resolve("functions/target/jconvex.jar"));
        Serve withJar = serve(Map.of(), "--in-memory", "--modules", jar.toString());
        try {
            assertThat(Files.readString(withJar.out()))
                    .contains("  modules:\n", "    greeter (2 functions) from " + jar + "\n", "    mutable (");
            Result hello = launcher(
                    Map.of(),
                    "run",
                    "greeter:hello",
                    "{\"name\":\"jar\"}",
                    "--url",
                    withJar.url(),
                    "--admin-key",
                    withJar.adminKey());
            assertThat(hello.exit()).as(hello.err()).isZero();
            assertThat(hello.out()).isEqualTo("\"hello jar\"\n");
        } finally {
            withJar.stop();
        }
        // the same through JCONVEX_MODULES
        Serve fromEnv = serve(Map.of("JCONVEX_MODULES", jar.toString()), "--in-memory");
        try {
            assertThat(Files.readString(fromEnv.out())).contains("    greeter (2 functions) from " + jar);
        } finally {
            fromEnv.stop();
        }
    }

    @Test
    void serve_runsFromACopyOfTheJar_soARebuildNeverRewritesTheRunningOne() {
        String command = String.join(" ", server.process().info().arguments().orElse(new String[0]));
        assertThat(command).containsPattern("-jar \\S*/functions/target/launch/jconvex-\\d+-\\d+\\.jar serve");
    }

    @Test
    void serve_startsQuietly_noJavaUtilLoggingLines_noUnsafeWarnings_noAnsiEscapes() throws Exception {
        Serve quiet = serve(Map.of(), "--in-memory");
        try {
            String err = quiet.stderr();
            String out = Files.readString(quiet.out());
            assertThat(err).doesNotContain("WARNING: sun.misc.Unsafe", "INFO: ", "org.xnio", "\u001b[");
            assertThat(out).doesNotContain("\u001b[");
        } finally {
            quiet.stop();
        }
    }

    static String[] concat(String[] a, String[] b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }

    @Test
    void serve_exportOnExit_thenServe_import_carriesTheData_andLogLevelSilencesCallLines() throws Exception {
        Path zip = tmp.resolve("on-exit.zip");
        Serve first = serve(Map.of(), "--in-memory", "--export-on-exit", zip.toString());
        try {
            Result set = launcher(
                    Map.of(),
                    "run",
                    "mutable:set",
                    "{\"namespace\":\"exit\",\"key\":\"k\",\"value\":5}",
                    "--url",
                    first.url(),
                    "--admin-key",
                    first.adminKey());
            assertThat(set.exit()).as(set.err()).isZero();
        } finally {
            first.stop();
        }
        assertThat(first.stderr()).contains("exported 1 documents of 1 tables to " + zip);
        assertThat(zipEntries(zip)).contains("mutable/documents.jsonl");

        Serve second =
                serve(Map.of(), "--in-memory", "--import", zip.toString(), "--log-level", "jconvex.functions=warn");
        try {
            assertThat(second.stderr()).contains("imported 1 documents from " + zip);
            Result get = launcher(
                    Map.of(),
                    "run",
                    "mutable:get",
                    "{\"namespace\":\"exit\",\"key\":\"k\"}",
                    "--url",
                    second.url(),
                    "--admin-key",
                    second.adminKey());
            assertThat(get.out()).containsPattern("\"value\": ?5");
            assertThat(second.stderr()).doesNotContain("mutable:get");
        } finally {
            second.stop();
        }
    }

    // ---- running the launcher

    Result admin(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", server.url(), "--admin-key", server.adminKey()));
        return launcher(Map.of(), all.toArray(String[]::new));
    }

    Result launcher(Map<String, String> env, String... args) throws Exception {
        return launcher(root, env, args);
    }

    Result launcher(Path cwd, Map<String, String> env, String... args) throws Exception {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process process = start(cwd, env, out, err, args);
        if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("./jconvex " + String.join(" ", args) + " did not finish within " + COMMAND_TIMEOUT);
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    Serve serve(Map<String, String> env, String... flags) throws Exception {
        return serve(root, env, flags);
    }

    Serve serve(Path cwd, Map<String, String> env, String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("serve", "--port", "0"));
        args.addAll(List.of(flags));
        Path out = Files.createTempFile(tmp, "serve", ".out");
        Path err = Files.createTempFile(tmp, "serve", ".err");
        Process process = start(cwd, env, out, err, args.toArray(String[]::new));
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                fail("serve exited with " + process.exitValue() + ": " + Files.readString(err));
            }
            return Files.readString(out).contains("ready in");
        });
        String banner = Files.readString(out);
        Path dataDir = Path.of(group(banner, "data directory: +(.+)").orElse("."));
        return new Serve(
                process,
                group(banner, "jconvex is running at (\\S+)").orElseThrow(),
                group(banner, "admin key: +(\\S+)").orElseThrow(),
                dataDir,
                out,
                err);
    }

    Process start(Path cwd, Map<String, String> env, Path out, Path err, String... args) throws IOException {
        List<String> command =
                new ArrayList<>(List.of("bash", root.resolve("jconvex").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(cwd.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        Map<String, String> environment = builder.environment();
        for (String name : List.of(
                "CONVEX_SELF_HOSTED_URL",
                "CONVEX_SELF_HOSTED_ADMIN_KEY",
                "JCONVEX_DATA_DIR",
                "JCONVEX_PORT",
                "JAVA_OPTS",
                "JCONVEX_JAVA_OPTS",
                "JCONVEX_LOG_LEVEL",
                "JCONVEX_IN_MEMORY",
                "JCONVEX_MODULES")) {
            environment.remove(name);
        }
        // the JDK running the tests (21+), so the launcher does not look for one
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        // a small heap: these servers hold a few documents
        environment.put("JCONVEX_HEAP", "128m");
        environment.putAll(env);
        return builder.start();
    }

    static java.util.Optional<String> group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? java.util.Optional.of(m.group(1).strip()) : java.util.Optional.empty();
    }

    static List<String> zipEntries(Path zip) throws IOException {
        Map<String, Boolean> names = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                names.put(entry.getName(), true);
            }
        }
        return List.copyOf(names.keySet());
    }
}
