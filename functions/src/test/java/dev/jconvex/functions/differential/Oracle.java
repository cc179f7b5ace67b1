package dev.jconvex.functions.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jconvex.values.ConvexJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The seed itself as the reference: runs sequences through {@code conformance/oracle} (the seed's
 * TypeScript under the official convex-test mock backend, in vitest) in ONE node process per batch,
 * since node and vitest take about a second to start.
 */
final class Oracle {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path conformance;

    private Oracle(Path conformance) {
        this.conformance = conformance;
    }

    /**
     * The oracle of the repository that contains {@code moduleDir}.
     *
     * @throws IllegalStateException when {@code conformance/node_modules} is missing, saying to run
     *     {@code npm ci} there
     */
    static Oracle locate(Path moduleDir) {
        Path dir = moduleDir.toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("conformance/oracle/vitest.config.mjs"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("conformance/oracle not found above " + moduleDir.toAbsolutePath());
        }
        Path conformance = dir.resolve("conformance");
        if (!Files.exists(conformance.resolve("node_modules/vitest/vitest.mjs"))
                || !Files.exists(conformance.resolve("node_modules/convex-test"))) {
            throw new IllegalStateException(
                    "The differential test needs the oracle's npm packages: conformance/node_modules"
                            + " is missing. Run `npm ci` in " + conformance + " (Node 20+), then run the tests again.");
        }
        return new Oracle(conformance);
    }

    /** Runs every sequence and returns, per sequence, the outcome of each op (no placeholders yet). */
    List<List<Outcome>> run(List<OpGenerator.Sequence> sequences, Path workDir)
            throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path input = Files.createTempFile(workDir, "oracle-in-", ".json");
        Path output = Files.createTempFile(workDir, "oracle-out-", ".json");
        Path log = Files.createTempFile(workDir, "oracle-", ".log");
        JSON.writeValue(input.toFile(), encode(sequences));

        ProcessBuilder process = new ProcessBuilder(
                        "node", "node_modules/vitest/vitest.mjs", "run", "--config", "oracle/vitest.config.mjs")
                .directory(conformance.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        process.environment().put("ORACLE_INPUT", input.toString());
        process.environment().put("ORACLE_OUTPUT", output.toString());
        Process p;
        try {
            p = process.start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "The differential test runs the oracle with `node` (Node 20+), which could not" + " be started: "
                            + e.getMessage(),
                    e);
        }
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("oracle timed out; log: " + log);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("oracle failed (exit " + p.exitValue() + "):\n" + Files.readString(log));
        }
        JsonNode results = JSON.readTree(output.toFile()).get("sequences");
        List<List<Outcome>> out = new ArrayList<>();
        for (JsonNode sequence : results) {
            List<Outcome> outcomes = new ArrayList<>();
            for (JsonNode result : sequence.get("results")) {
                outcomes.add(decode(result));
            }
            out.add(outcomes);
        }
        Files.deleteIfExists(input);
        Files.deleteIfExists(output);
        Files.deleteIfExists(log);
        return out;
    }

    /** The sequences in the oracle's input format (conformance/oracle/runner.test.ts). */
    static ObjectNode encode(List<OpGenerator.Sequence> sequences) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("sequences");
        for (OpGenerator.Sequence sequence : sequences) {
            ObjectNode s = list.addObject();
            ObjectNode env = s.putObject("env");
            for (Map.Entry<String, String> variable : sequence.env().entrySet()) {
                env.put(variable.getKey(), variable.getValue());
            }
            ArrayNode ops = s.putArray("ops");
            for (OpGenerator.Op op : sequence.ops()) {
                ObjectNode o = ops.addObject();
                o.put("kind", op.kind());
                o.put("name", op.name());
                o.set("args", ConvexJson.toJson(op.args()));
                o.put("now", op.now());
            }
        }
        return root;
    }

    /** convex-test's validators word their errors "Validator error: ..." (args and documents alike). */
    private static Outcome decode(JsonNode result) {
        if (result.has("value")) {
            return new Outcome.Value(ConvexJson.fromJson(result.get("value")));
        }
        if (result.has("convexError")) {
            return new Outcome.ConvexErr(ConvexJson.fromJson(result.get("convexError")));
        }
        String message = result.get("error").asText();
        if (message.startsWith("Validator error:")) {
            return new Outcome.ValidationError();
        }
        return new Outcome.PlainError(result.get("name").asText(), message);
    }
}
