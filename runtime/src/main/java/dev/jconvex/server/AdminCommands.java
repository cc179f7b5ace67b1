package dev.jconvex.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The commands that administer a running deployment over its HTTP API, as {@code npx convex} does,
 * without Node: {@code run}, {@code env}, {@code export}, {@code import}, {@code reset}. They print
 * what {@code npx convex} prints (a function's value as indented JSON, {@code NAME=value} lines),
 * put the server's refusal on standard error, and exit 1 on a failure, 2 on a usage mistake.
 */
final class AdminCommands {

    private AdminCommands() {}

    /** Something the server refused or that could not be done; the message is one line. */
    static final class AdminFailure extends RuntimeException {
        final int exitCode;

        AdminFailure(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    /**
     * Reads floats as {@link java.math.BigDecimal} and writes them without an exponent, as
     * JavaScript and {@code npx convex run} print them ({@code 1796393271594.3892}, not {@code
     * 1.7963932715943892E12}).
     */
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN.mappedFeature())
            .configure(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    /** {@code python3 -m json}'s layout, which npx convex's output resembles: two spaces, {@code "a": 1}. */
    static String pretty(JsonNode value) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(
                        Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
        try {
            return JSON.writer(printer).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree always prints", e);
        }
    }

    /**
     * Where the deployment is and the key it takes: {@code --url}, else {@code
     * CONVEX_SELF_HOSTED_URL}, else {@code http://127.0.0.1:$JCONVEX_PORT} (3210); {@code --admin-key},
     * else {@code CONVEX_SELF_HOSTED_ADMIN_KEY}, else the {@code admin_key} file of {@code
     * $JCONVEX_DATA_DIR} (./.jconvex/data), as {@code serve} wrote it.
     */
    static final class Target {
        @Option(
                names = "--url",
                paramLabel = "URL",
                description = "the deployment [CONVEX_SELF_HOSTED_URL, default http://127.0.0.1:$JCONVEX_PORT]")
        @Nullable
        String url;

        @Option(
                names = "--admin-key",
                paramLabel = "KEY",
                description =
                        "its admin key [CONVEX_SELF_HOSTED_ADMIN_KEY, default: read from $JCONVEX_DATA_DIR/admin_key]")
        @Nullable
        String adminKey;

        @Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "print this help")
        boolean help;

        Api connect(Map<String, String> env) {
            String base = Optional.ofNullable(url)
                    .or(() -> Optional.ofNullable(env.get("CONVEX_SELF_HOSTED_URL"))
                            .filter(v -> !v.isBlank()))
                    .orElseGet(() -> "http://127.0.0.1:"
                            + Optional.ofNullable(env.get("JCONVEX_PORT"))
                                    .filter(v -> !v.isBlank())
                                    .map(p -> ServeOptions.port(p, "JCONVEX_PORT"))
                                    .orElse(ServerConfig.DEFAULT_PORT));
            URI uri;
            try {
                uri = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                    throw new IllegalArgumentException("not http(s)");
                }
            } catch (IllegalArgumentException e) {
                throw new ServeOptions.UsageException("--url must be an http(s) URL, got " + base);
            }
            String key = Optional.ofNullable(adminKey)
                    .or(() -> Optional.ofNullable(env.get("CONVEX_SELF_HOSTED_ADMIN_KEY"))
                            .filter(v -> !v.isBlank()))
                    .orElseGet(() -> keyFromDataDirectory(env));
            return new Api(uri, key);
        }

        private static String keyFromDataDirectory(Map<String, String> env) {
            Path dir = Optional.ofNullable(env.get("JCONVEX_DATA_DIR"))
                    .filter(v -> !v.isBlank())
                    .map(Path::of)
                    .orElse(ServerConfig.DEFAULT_DATA_DIRECTORY);
            Path file = dir.resolve(AdminKey.FILE_NAME);
            try {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new AdminFailure(
                        "no admin key: pass --admin-key, set CONVEX_SELF_HOSTED_ADMIN_KEY, or run from the serve"
                                + " directory (" + file.toAbsolutePath().normalize() + ": "
                                + DataDirectoryLock.reason(e) + ")",
                        2);
            }
        }
    }

    /** The deployment's HTTP API with the admin key. */
    record Api(URI base, String adminKey) {
        static final HttpClient HTTP =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        JsonNode post(String path, JsonNode body) {
            return JSON_OF.apply(send(path, HttpRequest.BodyPublishers.ofString(body.toString()), "application/json"));
        }

        JsonNode post(String path) {
            return JSON_OF.apply(send(path, HttpRequest.BodyPublishers.noBody(), null));
        }

        /** A function's envelope: {@code {"status":"success","value":…}} or {@code {"status":"error",…}}. */
        JsonNode call(String route, String function, JsonNode args) {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("path", function).set("args", args);
            body.put("format", "json");
            return post(route, body);
        }

        /** A successful function's value, or an {@link AdminFailure} with its error message. */
        JsonNode query(String function, JsonNode args) {
            JsonNode envelope = call("/api/query", function, args);
            if (!"success".equals(envelope.path("status").asText())) {
                throw new AdminFailure(envelope.path("errorMessage").asText("the query failed"), 1);
            }
            return envelope.path("value");
        }

        String send(String path, HttpRequest.BodyPublisher body, @Nullable String contentType) {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                    .header("Authorization", "Convex " + adminKey)
                    .POST(body);
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            HttpResponse<String> response = exchange(request.build(), HttpResponse.BodyHandlers.ofString(), path);
            return response.body();
        }

        void download(String path, Path file) {
            HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                    .header("Authorization", "Convex " + adminKey)
                    .GET()
                    .build();
            HttpResponse<InputStream> response = exchange(request, HttpResponse.BodyHandlers.ofInputStream(), path);
            try (InputStream in = response.body()) {
                Path absolute = file.toAbsolutePath();
                Path partial = Files.createTempFile(
                        absolute.getParent(), absolute.getFileName().toString(), ".part");
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new AdminFailure("cannot write " + file + ": " + DataDirectoryLock.reason(e), 1);
            }
        }

        private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler, String path) {
            HttpResponse<T> response;
            try {
                response = HTTP.send(request, handler);
            } catch (ConnectException e) {
                throw new AdminFailure("cannot reach " + base + " (is ./jconvex serve running there?)", 1);
            } catch (IOException e) {
                throw new AdminFailure("cannot reach " + base + ": " + e, 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AdminFailure("interrupted", 1);
            }
            if (response.statusCode() / 100 != 2) {
                String body;
                try {
                    body = response.body() instanceof InputStream in
                            ? new String(in.readAllBytes(), StandardCharsets.UTF_8)
                            : String.valueOf(response.body());
                } catch (IOException e) {
                    body = "";
                }
                throw new AdminFailure(
                        request.method() + " " + path + ": " + response.statusCode() + " " + body.strip(), 1);
            }
            return response;
        }

        static final java.util.function.Function<String, JsonNode> JSON_OF = text -> {
            try {
                return text.isBlank() ? JsonNodeFactory.instance.nullNode() : JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw new AdminFailure("the server answered something that is not JSON: " + text, 1);
            }
        };
    }

    /** The first string field named {@code name} at any depth, as the import and export states nest them. */
    static Optional<String> field(JsonNode node, String name) {
        if (node.isObject()) {
            JsonNode direct = node.get(name);
            if (direct != null && direct.isValueNode()) {
                return Optional.of(direct.asText());
            }
        }
        for (Iterator<JsonNode> children = node.elements(); children.hasNext(); ) {
            Optional<String> found = field(children.next(), name);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** The shared state of every admin command: the environment and the two streams. */
    abstract static class AdminCommand implements Callable<Integer> {
        @Mixin
        Target target;

        final Map<String, String> env;
        final PrintStream out;
        final PrintStream err;

        AdminCommand(Map<String, String> env, PrintStream out, PrintStream err) {
            this.env = env;
            this.out = out;
            this.err = err;
        }

        @Override
        public final Integer call() {
            run(target.connect(env));
            out.flush();
            return 0;
        }

        abstract void run(Api api);
    }

    @Command(
            name = "run",
            description = "Runs a query, mutation or action and prints its value as JSON (its console lines on"
                    + " standard error), as npx convex run does.")
    static final class Run extends AdminCommand {
        @Parameters(index = "0", paramLabel = "PATH", description = "the function, e.g. mutable:get or messages:list")
        String path;

        @Parameters(
                index = "1",
                arity = "0..1",
                paramLabel = "ARGS",
                description = "its arguments as a JSON object (default {})")
        String args = "{}";

        Run(Map<String, String> env, PrintStream out, PrintStream err) {
            super(env, out, err);
        }

        @Override
        void run(Api api) {
            JsonNode parsed;
            try {
                parsed = JSON.readTree(args);
            } catch (JsonProcessingException e) {
                throw new ServeOptions.UsageException("ARGS must be a JSON object, got " + args);
            }
            if (parsed == null || !parsed.isObject()) {
                throw new ServeOptions.UsageException("ARGS must be a JSON object, got " + args);
            }
            JsonNode envelope = api.call("/api/function", path, parsed);
            for (JsonNode line : envelope.path("logLines")) {
                err.println(line.asText());
            }
            if ("success".equals(envelope.path("status").asText())) {
                out.println(pretty(envelope.path("value")));
            } else {
                throw new AdminFailure(
                        envelope.path("errorMessage")
                                .asText("the function failed")
                                .strip(),
                        1);
            }
        }
    }

    @Command(
            name = "env",
            description = "Lists, reads, sets or removes the deployment's environment variables (npx convex env).",
            subcommands = {EnvList.class, EnvGet.class, EnvSet.class, EnvRemove.class})
    static final class Env extends AdminCommand {
        Env(Map<String, String> env, PrintStream out, PrintStream err) {
            super(env, out, err);
        }

        @Override
        void run(Api api) {
            EnvList.list(api, out);
        }
    }

    @Command(name = "list", description = "prints NAME=value for every variable (the default)")
    static final class EnvList extends AdminCommand {
        EnvList(Map<String, String> env, PrintStream out, PrintStream err) {
            super(env, out, err);
        }

        @Override
        void run(Api api) {
            list(api, out);
        }

        static void list(Api api, PrintStream out) {
            for (JsonNode variable : api.query("_system/cli/queryEnvironmentVariables", JSON.createObjectNode())) {
                out.println(variable.path("name").asText() + "="
                        + variable.path("value").asText());
            }
        }
    }

    @Command(name = "get", description = "prints one variable's value")
    static final class EnvGet extends AdminCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        EnvGet(Map<String, String> env, PrintStream out, PrintStream err) {
            super(env, out, err);
        }

        @Override
        void run(Api api) {
            JsonNode value = api.query(
                    "_system/cli/queryEnvironmentVariables:get",
                    JSON.createObjectNode().put("name", name));
            if (value.isNull() || value.isMissingNode()) {
                throw new AdminFailure("Environment variable " + name + " not found.", 1);
            }
            out.println(value.path("value").asText());
        }
    }

    @Command(name = "set", description = "sets a variable")
    static final class EnvSet extends AdminCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "VALUE")
        String value;

        EnvSet(Map<String, String> env, PrintStream out, PrintStream err) {
            super(env, out, err);
        }

        @Override
        void run(Api api) {
            change(api, name, value);
            out.println("set " + name);
        }

        static void change(Api api, String name, @Nullable String value) {
            ObjectNode body = JSON.createObjectNode();
            ArrayNode changes = body.putArray("changes");
            changes.addObject().put("name", name).put("value", value);
            api.post("/api/update_environment_variables", body);
        }
    }

    @Command(name = "remove", description = "removes a variable")
    static final class EnvRemove extends AdminCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        EnvRemove(Map<String, String> env, PrintStream out, PrintStream err) {
            super(env, out, err);
        }

        @Override
        void run(Api api) {
            EnvSet.change(api, name, null);
            out.println("removed " + name);
        }
    }

    @Command(name = "export", description = "Writes a snapshot ZIP of every table (npx convex export's format).")
    static final class Export extends AdminCommand {
        @Parameters(paramLabel = "FILE", description = "the ZIP to write, relative to the current directory")
        Path file;

        Export(Map<String, String> env, PrintStream out, PrintStream err) {
            super(env, out, err);
        }

        @Override
        void run(Api api) {
            api.post("/api/export/request/zip"); // returns once the snapshot is written
            JsonNode latest = api.query("_system/cli/exports:getLatest", JSON.createObjectNode());
            String state = field(latest, "state").orElse("");
            if (!state.equals("completed")) {
                throw new AdminFailure("export " + (state.isEmpty() ? "not found" : state), 1);
            }
            String ts = field(latest, "start_ts").orElseThrow(() -> new AdminFailure("export has no start_ts", 1));
            api.download("/api/export/zip/" + ts, file);
            out.println("exported to " + file);
        }
    }

    /** The import modes, as npx convex import names them. */
    static final class ImportMode {
        @Option(names = "--replace", description = "replace the documents of the tables the file holds")
        boolean replace;

        @Option(names = "--replace-all", description = "replace every table, emptying those the file lacks")
        boolean replaceAll;

        @Option(names = "--append", description = "add to the documents already there")
        boolean append;

        String wire() {
            return replace ? "replace" : replaceAll ? "replaceAll" : append ? "append" : "requireEmpty";
        }
    }

    @Command(
            name = "import",
            description = "Loads a snapshot ZIP, or one table from .jsonl, .json or .csv (npx convex import);"
                    + " by default the tables must be empty.")
    static final class Import extends AdminCommand {
        static final int PART_BYTES = 8 << 20;

        @Parameters(paramLabel = "FILE", description = "a .zip snapshot, or .jsonl, .json or .csv with --table")
        Path file;

        @Option(names = "--table", paramLabel = "T", description = "the table a .jsonl, .json or .csv file fills")
        @Nullable
        String table;

        @ArgGroup(exclusive = true, multiplicity = "0..1")
        ImportMode mode = new ImportMode();

        Import(Map<String, String> env, PrintStream out, PrintStream err) {
            super(env, out, err);
        }

        @Override
        void run(Api api) {
            if (!Files.isRegularFile(file)) {
                throw new ServeOptions.UsageException("import: no such file: " + file);
            }
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            String format = name.endsWith(".zip")
                    ? "zip"
                    : name.endsWith(".jsonl")
                            ? "jsonLines"
                            : name.endsWith(".json") ? "jsonArray" : name.endsWith(".csv") ? "csv" : null;
            if (format == null) {
                throw new ServeOptions.UsageException(
                        "cannot tell the format of " + file + " (.zip, .jsonl, .json, .csv)");
            }
            String token = field(api.post("/api/import/start_upload"), "uploadToken")
                    .orElseThrow(() -> new AdminFailure("the server gave no upload token", 1));
            ObjectNode finish = JSON.createObjectNode();
            ArrayNode parts = JSON.createArrayNode();
            try (InputStream in = Files.newInputStream(file)) {
                long size = Files.size(file);
                long sent = 0;
                int n = 0;
                for (byte[] part = in.readNBytes(PART_BYTES);
                        part.length > 0 || n == 0;
                        part = in.readNBytes(PART_BYTES)) {
                    n++;
                    String answer = api.send(
                            "/api/import/upload_part?uploadToken="
                                    + java.net.URLEncoder.encode(token, StandardCharsets.UTF_8) + "&partNumber=" + n,
                            HttpRequest.BodyPublishers.ofByteArray(part),
                            "application/octet-stream");
                    parts.add(Api.JSON_OF.apply(answer).asText());
                    sent += part.length;
                    err.printf("uploaded part %d (%d of %d bytes)%n", n, sent, size);
                    if (part.length < PART_BYTES) {
                        break;
                    }
                }
            } catch (IOException e) {
                throw new AdminFailure("cannot read " + file + ": " + DataDirectoryLock.reason(e), 1);
            }
            ObjectNode importSpec = finish.putObject("import");
            if (table != null) {
                importSpec.put("tableName", table);
            }
            importSpec.put("mode", mode.wire()).put("format", format);
            finish.put("uploadToken", token).set("partTokens", parts);
            String id = field(api.post("/api/import/finish_upload", finish), "importId")
                    .orElseThrow(() -> new AdminFailure("the server gave no import id", 1));
            JsonNode idArgs = JSON.createObjectNode().put("importId", id);
            failIfFailed(api.query("_system/cli/queryImport", idArgs));
            api.post("/api/perform_import", JSON.createObjectNode().put("importId", id));
            JsonNode done = api.query("_system/cli/queryImport", idArgs);
            failIfFailed(done);
            if (!"completed".equals(field(done, "state").orElse(""))) {
                throw new AdminFailure("import failed: " + done, 1);
            }
            out.println("imported " + field(done, "num_rows_written").orElse("0") + " documents from " + file);
        }

        private static void failIfFailed(JsonNode state) {
            if ("failed".equals(field(state, "state").orElse(""))) {
                throw new AdminFailure(
                        "import failed: " + field(state, "error_message").orElse(""), 1);
            }
        }
    }

    @Command(name = "reset", description = "Deletes every document of every table (tables and indexes stay).")
    static final class Reset extends AdminCommand {
        Reset(Map<String, String> env, PrintStream out, PrintStream err) {
            super(env, out, err);
        }

        @Override
        void run(Api api) {
            out.println(api.post("/api/jconvex/reset").toString());
        }
    }
}
