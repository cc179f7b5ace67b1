package dev.jconvex.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code serve} command line: flags, their environment variables, defaults and mistakes. */
class ServeOptionsTest {

    @Test
    void defaults_areConvexsLocalBackend() {
        ServerConfig config = ServeOptions.parse(List.of(), Map.of()).config();
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(3210);
        assertThat(config.dataDirectory()).contains(Path.of(".jconvex", "data"));
        assertThat(config.env()).isEmpty();
    }

    @Test
    void flags_setEverySetting() {
        ServerConfig config = ServeOptions.parse(
                        List.of(
                                "--port",
                                "0",
                                "--host=0.0.0.0",
                                "--data-dir",
                                "/tmp/x",
                                "--env",
                                "NODE_ENV=test",
                                "--env",
                                "A=b=c"),
                        Map.of())
                .config();
        assertThat(config.port()).isZero();
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.dataDirectory()).contains(Path.of("/tmp/x"));
        assertThat(config.env()).containsEntry("NODE_ENV", "test").containsEntry("A", "b=c");
    }

    @Test
    void environmentVariables_setDefaults_andFlagsWin() {
        Map<String, String> env = Map.of("JCONVEX_PORT", "4000", "JCONVEX_IN_MEMORY", "true", "JCONVEX_ENV", "X=1,Y=2");
        ServerConfig config = ServeOptions.parse(List.of("--port", "5000"), env).config();
        assertThat(config.port()).isEqualTo(5000);
        assertThat(config.inMemory()).isTrue();
        assertThat(config.env()).containsEntry("X", "1").containsEntry("Y", "2");
    }

    @Test
    void mistakes_areUsageErrors() {
        assertThatThrownBy(() -> ServeOptions.parse(List.of("--port", "abc"), Map.of()))
                .isInstanceOf(ServeOptions.UsageException.class)
                .hasMessage("--port must be a number, got abc");
        assertThatThrownBy(() -> ServeOptions.parse(List.of("--port", "70000"), Map.of()))
                .hasMessage("--port must be between 0 and 65535, got 70000");
        assertThatThrownBy(() -> ServeOptions.parse(List.of("--frobnicate"), Map.of()))
                .hasMessage("Unknown option: '--frobnicate'");
        assertThatThrownBy(() -> ServeOptions.parse(List.of("--env", "NOEQUALS"), Map.of()))
                .hasMessage("--env expects NAME=VALUE, got: NOEQUALS");
        assertThatThrownBy(() -> ServeOptions.parse(List.of("--in-memory", "--data-dir", "x"), Map.of()))
                .hasMessage("--in-memory and --data-dir exclude each other");
        assertThatThrownBy(() -> ServeOptions.parse(List.of("--port"), Map.of()))
                .hasMessage("Missing required parameter for option '--port' (N)");
    }

    @Test
    void database_fromFlagOrEnvironment_flagWins_andABadUrlIsAUsageError() {
        assertThat(ServeOptions.parse(List.of("--database", "postgresql://u@h:5432/d"), Map.of())
                        .config()
                        .database())
                .contains("postgresql://u@h:5432/d");
        assertThat(ServeOptions.parse(List.of(), Map.of("JCONVEX_DATABASE", "postgresql://env@h/d"))
                        .config()
                        .database())
                .contains("postgresql://env@h/d");
        assertThat(ServeOptions.parse(
                                List.of("--database=postgresql://f@h/d"),
                                Map.of("JCONVEX_DATABASE", "postgresql://env@h/d"))
                        .config()
                        .database())
                .contains("postgresql://f@h/d");
        assertThat(ServeOptions.parse(List.of(), Map.of()).config().database()).isEmpty();
        assertThatThrownBy(() -> ServeOptions.parse(List.of("--database", "mysql://h/d"), Map.of()))
                .isInstanceOf(ServeOptions.UsageException.class)
                .hasMessageStartingWith("--database: not a PostgreSQL URL");
        assertThatThrownBy(() -> ServeOptions.parse(List.of(), Map.of("JCONVEX_DATABASE", "mysql://h/d")))
                .isInstanceOf(ServeOptions.UsageException.class)
                .hasMessageStartingWith("JCONVEX_DATABASE: not a PostgreSQL URL");
        assertThatThrownBy(
                        () -> ServeOptions.parse(List.of("--in-memory", "--database", "postgresql://u@h/d"), Map.of()))
                .hasMessage("--in-memory and --database exclude each other");
    }

    @Test
    void importAndExportOnExit_takeSnapshotFiles() {
        ServeOptions options =
                ServeOptions.parse(List.of("--import", "seed.zip", "--export-on-exit=out.zip"), Map.of());
        assertThat(options.importFile()).contains(Path.of("seed.zip").toAbsolutePath());
        assertThat(options.exportOnExit()).contains(Path.of("out.zip").toAbsolutePath());
        assertThatThrownBy(() -> ServeOptions.parse(List.of("--import", "data.jsonl"), Map.of()))
                .hasMessage("--import takes a snapshot ZIP (npx convex export), got data.jsonl");
    }

    @Test
    void progressBar_showsDocumentsPerSecondAndTimeLeft() {
        Snapshots.ProgressBar bar =
                new Snapshots.ProgressBar(new PrintStream(new ByteArrayOutputStream()), "importing x.zip");
        long twoSecondsLater = System.nanoTime() + 2_000_000_000L;
        assertThat(bar.line("written", 1_000, 4_000, twoSecondsLater))
                .startsWith("importing x.zip: written [#######.......................] 1000/4000 ETA ")
                .contains("documents/s");
    }

    @Test
    void timeoutFlags_setTheHttpTimeouts_andDefaultsStayOtherwise() {
        ServerConfig config = ServeOptions.parse(
                        List.of("--request-header-timeout", "2s", "--keep-alive-timeout=500ms", "--idle-timeout", "3m"),
                        Map.of())
                .config();
        assertThat(config.timeouts().requestHeaders()).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(config.timeouts().keepAlive()).isEqualTo(java.time.Duration.ofMillis(500));
        assertThat(config.timeouts().idle()).isEqualTo(java.time.Duration.ofMinutes(3));
        assertThat(config.timeouts().requestBody())
                .isEqualTo(dev.jconvex.http.HttpTimeouts.defaults().requestBody());
        assertThatThrownBy(() -> ServeOptions.parse(List.of("--idle-timeout", "0s"), Map.of()))
                .hasMessage("--idle-timeout must be positive, got 0s");
    }

    @Test
    void withoutAuthFlags_noTokenIsAccepted() {
        ServerConfig config = ServeOptions.parse(List.of(), Map.of()).config();
        assertThat(config.auth().providers()).isEmpty();
        assertThat(config.auth().acceptUnverifiedTokens()).isFalse();
        assertThat(config.accessLog()).isFalse();
    }

    @Test
    void authFlags_configureProviders_andTheUnverifiedOptIn(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(
                dir.resolve("auth.config.json"),
                "{\"providers\":[{\"type\":\"customJwt\",\"issuer\":\"https://api.example\","
                        + "\"jwks\":\"keys.json\",\"algorithm\":\"ES256\",\"applicationID\":\"app\"}]}");
        ServerConfig config = ServeOptions.parse(
                        List.of(
                                "--auth-config",
                                file.toString(),
                                "--auth-provider",
                                "domain=https://issuer.example,applicationID=convex",
                                "--accept-unverified-tokens",
                                "--access-log"),
                        Map.of())
                .config();
        assertThat(config.auth().providers())
                .containsExactly(
                        new dev.jconvex.auth.AuthProvider.CustomJwt(
                                "https://api.example",
                                java.util.Optional.of("app"),
                                dir.resolve("keys.json").toString(),
                                "ES256"),
                        new dev.jconvex.auth.AuthProvider.Oidc(
                                "https://issuer.example", "convex", java.util.Optional.empty()));
        assertThat(config.auth().acceptUnverifiedTokens()).isTrue();
        assertThat(config.accessLog()).isTrue();
        assertThatThrownBy(() -> ServeOptions.parse(
                        List.of("--auth-provider", "type=customJwt,issuer=x,jwks=k,algorithm=HS256"), Map.of()))
                .hasMessage("customJwt algorithm must be RS256 or ES256, got HS256");
    }

    @Test
    void help_isRecognised() {
        assertThat(ServeOptions.parse(List.of("--help"), Map.of()).help()).isTrue();
    }

    @Test
    void main_onATakenPort_printsOneLineAndExitsNonZero() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = Main.run(
                    List.of("serve", "--in-memory", "--port", Integer.toString(taken.getLocalPort())),
                    new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(status).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8).strip())
                    .startsWith("jconvex: port " + taken.getLocalPort() + " on 127.0.0.1 is already in use")
                    .doesNotContain("\n");
        }
    }

    @Test
    void main_withoutCommand_printsTheCommandsAndExits2() {
        Ran ran = main(Map.of());
        assertThat(ran.status()).isEqualTo(2);
        assertThat(ran.err())
                .startsWith("jconvex: missing command\n")
                .contains("serve", "run", "env", "import", "export", "reset", "version");
    }

    @Test
    void main_unknownCommand_isOneLineAndExits2() {
        Ran ran = main(Map.of(), "frobnicate");
        assertThat(ran.status()).isEqualTo(2);
        assertThat(ran.err()).startsWith("jconvex: unknown command: frobnicate\n");
        assertThat(ran.out()).isEmpty();
    }

    @Test
    void main_unknownOption_namesItAndExits2() {
        Ran ran = main(Map.of(), "serve", "--prot");
        assertThat(ran.status()).isEqualTo(2);
        assertThat(ran.err())
                .startsWith("jconvex: Unknown option: '--prot'\n")
                .contains("Run 'jconvex serve --help' for more.");
    }

    @Test
    void main_everyCommandHasHelp() {
        for (String command : List.of("serve", "run", "env", "import", "export", "reset", "version")) {
            Ran ran = main(Map.of(), command, "--help");
            assertThat(ran.status()).as(command).isZero();
            assertThat(ran.out()).as(command).startsWith("Usage: jconvex " + command);
        }
        assertThat(main(Map.of(), "serve", "--help").out())
                .contains("--port=N", "JCONVEX_PORT", "--data-dir=DIR", "--modules=JAR_OR_DIR", "JCONVEX_IN_MEMORY");
        assertThat(main(Map.of(), "--help").out()).contains("serve", "COMMAND --help");
    }

    @Test
    void main_version_printsTheBuildsVersion() {
        Ran ran = main(Map.of(), "version");
        assertThat(ran.status()).isZero();
        assertThat(ran.out()).startsWith("jconvex ").doesNotContain("${").doesNotContain("unknown\n");
        assertThat(main(Map.of(), "--version").out()).isEqualTo(ran.out());
    }

    @Test
    void main_aBadEnvironmentVariable_isAUsageErrorNamingIt() {
        Ran ran = main(Map.of("JCONVEX_IN_MEMORY", "maybe"), "serve");
        assertThat(ran.status()).isEqualTo(2);
        assertThat(ran.err())
                .startsWith("jconvex: JCONVEX_IN_MEMORY must be true or false (or 1/0, yes/no, on/off), got maybe\n");
        Ran port = main(Map.of("JCONVEX_PORT", "http"), "serve");
        assertThat(port.status()).isEqualTo(2);
        assertThat(port.err()).startsWith("jconvex: JCONVEX_PORT must be a number, got http\n");
    }

    @Test
    void inMemoryVariable_acceptsTheUsualSpellingsOfTrue() {
        for (String yes : List.of("true", "TRUE", "1", "yes", "on")) {
            assertThat(ServeOptions.parse(List.of(), Map.of("JCONVEX_IN_MEMORY", yes))
                            .config()
                            .dataDirectory())
                    .as(yes)
                    .isEmpty();
        }
        assertThat(ServeOptions.parse(List.of(), Map.of("JCONVEX_IN_MEMORY", "no"))
                        .config()
                        .dataDirectory())
                .isPresent();
    }

    @Test
    void relativePaths_resolveAgainstTheWorkingDirectory() {
        ServeOptions options = ServeOptions.parse(
                List.of("--data-dir", "rel/data", "--import", "seed.zip", "--modules", "a.jar", "b"), Map.of());
        Path cwd = Path.of("").toAbsolutePath();
        assertThat(options.config().dataDirectory()).contains(cwd.resolve("rel/data"));
        assertThat(options.importFile()).contains(cwd.resolve("seed.zip"));
        assertThat(options.modules()).containsExactly(cwd.resolve("a.jar"), cwd.resolve("b"));
        assertThat(ServeOptions.parse(List.of(), Map.of("JCONVEX_MODULES", "x.jar:y"))
                        .modules())
                .containsExactly(cwd.resolve("x.jar"), cwd.resolve("y"));
    }

    @Test
    void main_modulesThatDoNotExist_isAUsageError() {
        Ran ran = main(Map.of(), "serve", "--in-memory", "--port", "0", "--modules", "/nonexistent/m.jar");
        assertThat(ran.status()).isEqualTo(2);
        assertThat(ran.err()).startsWith("jconvex: --modules /nonexistent/m.jar: no such file or directory\n");
    }

    @Test
    void main_adminCommand_withoutAKey_exits2_andWithoutAServer_exits1() {
        Ran noKey = main(Map.of("JCONVEX_DATA_DIR", "/nonexistent"), "reset");
        assertThat(noKey.status()).isEqualTo(2);
        assertThat(noKey.err()).startsWith("jconvex: no admin key: pass --admin-key");
        Ran noServer = main(Map.of(), "env", "list", "--url", "http://127.0.0.1:1", "--admin-key", "k");
        assertThat(noServer.status()).isEqualTo(1);
        assertThat(noServer.err())
                .isEqualTo("jconvex: cannot reach http://127.0.0.1:1 (is ./jconvex serve running there?)\n");
    }

    /** What one run of {@link Main} printed. */
    record Ran(int status, String out, String err) {}

    static Ran main(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(
                List.of(args),
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Ran(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void logLevels_fromFlagsAfterTheEnvironment_rootOrOneLogger() {
        ServeOptions options = ServeOptions.parse(
                List.of("--log-level", "WARN", "--log-level=jconvex.console=off", "--dev"),
                Map.of("JCONVEX_LOG_LEVEL", "debug,jconvex.functions=error"));
        assertThat(options.logLevels())
                .containsExactly(
                        new LogLevels.Setting(LogLevels.ROOT, "debug"),
                        new LogLevels.Setting("jconvex.functions", "error"),
                        new LogLevels.Setting(LogLevels.ROOT, "warn"),
                        new LogLevels.Setting("jconvex.console", "off"));
        assertThat(options.config().devMode()).isTrue();
        assertThat(ServeOptions.parse(List.of(), Map.of()).config().devMode()).isFalse();
    }

    @Test
    void logLevel_unknownLevel_isAUsageErrorNamingTheLevels() {
        assertThatThrownBy(() -> ServeOptions.parse(List.of("--log-level", "jconvex=loud"), Map.of()))
                .isInstanceOf(ServeOptions.UsageException.class)
                .hasMessage("--log-level expects LEVEL or LOGGER=LEVEL with LEVEL one of trace, debug, info, warn,"
                        + " error, off; got jconvex=loud");
    }

    @Test
    void logLevels_areAppliedThroughLogback() {
        ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("jconvex.test.levels");
        try {
            assertThat(LogLevels.apply(List.of(LogLevels.Setting.parse("jconvex.test.levels=trace"))))
                    .isTrue();
            assertThat(logger.getLevel()).isEqualTo(ch.qos.logback.classic.Level.TRACE);
            assertThat(org.slf4j.LoggerFactory.getLogger("jconvex.test.levels.child")
                            .isTraceEnabled())
                    .isTrue();
        } finally {
            logger.setLevel(null);
        }
    }

    @Test
    void functions_takesAFolder_fromTheFlagOrTheEnvironment() {
        assertThat(ServeOptions.parse(List.of(), Map.of()).functionsDirectory()).isEmpty();
        assertThat(ServeOptions.parse(List.of("--functions", "app/convex"), Map.of())
                        .functionsDirectory())
                .contains(Path.of("app/convex").toAbsolutePath().normalize());
        assertThat(ServeOptions.parse(List.of(), Map.of("JCONVEX_FUNCTIONS", "env/convex"))
                        .functionsDirectory())
                .contains(Path.of("env/convex").toAbsolutePath().normalize());
        assertThat(ServeOptions.parse(List.of("--functions=flag/convex"), Map.of("JCONVEX_FUNCTIONS", "env/convex"))
                        .functionsDirectory())
                .contains(Path.of("flag/convex").toAbsolutePath().normalize());
    }
}
