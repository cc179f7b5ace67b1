package dev.jconvex.typescript;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jconvex.server.JconvexServer;
import dev.jconvex.server.ServerConfig;
import io.restassured.http.ContentType;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A real jconvex server on port 0 serving a TypeScript {@code convex/} folder (and a file database
 * under {@code dataDirectory}), with calls over Convex's HTTP API ({@code POST /api/query}, …).
 */
final class TsServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The seed's folder: conformance/oracle/convex (mutable.ts, bulk.ts, schema.ts). */
    static Path oracle() {
        return Path.of(System.getProperty("jconvex.typescript.oracle", "../conformance/oracle/convex"));
    }

    /** This module's test functions: src/test/convex (limits.ts). */
    static Path testFunctions() {
        return Path.of("src", "test", "convex");
    }

    final TypeScriptFunctions functions;
    final JconvexServer server;

    TsServer(Path convexDir, Path dataDirectory, TypeScriptConfig config) {
        this.functions = TypeScriptFunctions.load(convexDir, config);
        try {
            this.server = JconvexServer.start(
                    ServerConfig.builder().port(0).dataDirectory(dataDirectory).build(),
                    JconvexServer.Extensions.none().withReplacingModules(functions.modules()));
        } catch (RuntimeException e) {
            functions.close();
            throw e;
        }
    }

    static Map<String, Object> args(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    /** The whole JSON envelope of {@code POST /api/<kind>} (kind: query, mutation). */
    JsonNode call(String kind, String path, Map<String, Object> args) {
        try {
            String body = JSON.writeValueAsString(Map.of("path", path, "args", args, "format", "json"));
            String reply = given().baseUri(server.url())
                    .contentType(ContentType.JSON)
                    .body(body)
                    .post("/api/" + kind)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            return JSON.readTree(reply);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The value of a successful call; fails the test with the envelope otherwise. */
    JsonNode value(String kind, String path, Map<String, Object> args) {
        JsonNode reply = call(kind, path, args);
        if (!reply.path("status").asText().equals("success")) {
            throw new AssertionError("expected success from " + path + ", got " + reply);
        }
        return reply.get("value");
    }

    @Override
    public void close() {
        server.close();
        functions.close();
    }
}
