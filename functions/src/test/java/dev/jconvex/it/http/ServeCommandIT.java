package dev.jconvex.it.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jconvex.it.http.HttpClient.Reply;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar functions/target/jconvex.jar serve} as a user runs it: what it prints, a call,
 * SIGTERM closing the database cleanly (the data and the admin key are there after a restart), and
 * a taken port refused with one line and a non-zero exit.
 */
class ServeCommandIT {

    private static final Pattern URL = Pattern.compile("jconvex is running at (http://\\S+)");
    private static final Pattern KEY = Pattern.compile("admin key:\\s+(\\S+)");

    @TempDir
    Path dataDirectory;

    /** A started {@code serve} process and what it printed before it was ready. */
    record Served(Process process, String url, String adminKey, List<String> lines) {}

    static Path jar() {
        Path jar = Path.of(System.getProperty("basedir", "."), "target", "jconvex.jar");
        assertThat(jar)
                .withFailMessage("%s is missing: build it with mvn package -pl functions -am", jar)
                .exists();
        return jar;
    }

    static Process launch(String... args) throws IOException {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    static Served serve(String... args) throws IOException {
        Process process = launch(args);
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        String url = null;
        String key = null;
        for (String line; (line = out.readLine()) != null; ) {
            lines.add(line);
            Matcher u = URL.matcher(line);
            if (u.find()) {
                url = u.group(1);
            }
            Matcher k = KEY.matcher(line);
            if (k.find()) {
                key = k.group(1);
            }
            if (line.contains("ready in")) {
                break;
            }
        }
        assertThat(url).withFailMessage("serve printed no URL: %s", lines).isNotNull();
        return new Served(process, url, key, lines);
    }

    static int terminate(Process process) throws InterruptedException {
        process.destroy(); // SIGTERM
        assertThat(process.waitFor(30, TimeUnit.SECONDS))
                .withFailMessage("serve ignored SIGTERM")
                .isTrue();
        return process.exitValue();
    }

    @Test
    void serve_printsUrlDataDirAndKey_survivesSigterm_andKeepsDataAndKey() throws Exception {
        Served first = serve("serve", "--port", "0", "--data-dir", dataDirectory.toString());
        assertThat(String.join("\n", first.lines()))
                .contains("data directory: " + dataDirectory.toAbsolutePath().normalize())
                .contains("admin key:      jconvex|");
        HttpClient http = new HttpClient(first.url());
        assertThat(http.mutation("mutable:set", Map.of("namespace", "serve", "key", "k", "value", "persisted"))
                        .value()
                        .get("value")
                        .asText())
                .isEqualTo("persisted");
        assertThat(terminate(first.process())).isEqualTo(143);

        Served second = serve("serve", "--port", "0", "--data-dir", dataDirectory.toString());
        try {
            assertThat(second.adminKey()).isEqualTo(first.adminKey());
            Reply reply = new HttpClient(second.url()).query("mutable:get", Map.of("namespace", "serve", "key", "k"));
            assertThat(reply.value().get("value").asText()).isEqualTo("persisted");
        } finally {
            terminate(second.process());
        }
    }

    @Test
    void serve_onATakenPort_printsOneLine_andExitsNonZero() throws Exception {
        Served running = serve("serve", "--port", "0", "--in-memory");
        try {
            String port = running.url().substring(running.url().lastIndexOf(':') + 1);
            Process second = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-jar",
                            jar().toString(),
                            "serve",
                            "--in-memory",
                            "--port",
                            port)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String stderr = new String(second.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).isEqualTo(1);
            List<String> ours =
                    stderr.lines().filter(l -> l.startsWith("jconvex:")).toList();
            assertThat(ours)
                    .containsExactly(
                            "jconvex: port " + port
                                    + " on 127.0.0.1 is already in use (another jconvex or Convex backend?); choose another with --port N, or --port 0 for any free port");
        } finally {
            terminate(running.process());
        }
    }

    @Test
    void serve_help_printsUsage() throws Exception {
        Process help = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        jar().toString(),
                        "serve",
                        "--help")
                .start();
        String out = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(help.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(help.exitValue()).isZero();
        assertThat(out).contains("--port=N", "--data-dir=DIR", "--in-memory", "--env=NAME=VALUE", "JCONVEX_PORT");
        assertThat(Files.exists(dataDirectory.resolve(".jconvex")))
                .as("--help creates no data directory")
                .isFalse();
    }
}
