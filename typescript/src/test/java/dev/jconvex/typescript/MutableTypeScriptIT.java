package dev.jconvex.typescript;

import static dev.jconvex.typescript.TsServer.args;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's own {@code mutable.ts} (conformance/oracle/convex), unmodified, bundled and served by
 * a real server on port 0 and called over Convex's HTTP API: the results the Java port gives
 * (functions' HttpApiIT asserts the same texts).
 */
class MutableTypeScriptIT {

    static final String REQUEST_ID = "\\[Request ID: [0-9a-f]{16}\\] Server Error\\n";

    @TempDir
    static Path dataDirectory;

    static TsServer ts;

    String ns;

    @BeforeAll
    static void start() {
        ts = new TsServer(TsServer.oracle(), dataDirectory, TypeScriptConfig.defaults());
    }

    @AfterAll
    static void stop() {
        if (ts != null) {
            ts.close();
        }
    }

    @BeforeEach
    void freshNamespace() {
        ns = "ns-" + UUID.randomUUID();
    }

    @Test
    void loading_registersTheSeedsModules() {
        assertThat(ts.functions.modulePaths()).containsExactly("bulk", "mutable");
        assertThat(ts.functions.skipped()).isEmpty();
    }

    @Test
    void set_thenGet_returnsTheStoredDocument() {
        JsonNode stored = ts.value("mutation", "mutable:set", args("namespace", ns, "key", "k", "value", 42));
        assertThat(stored.get("namespace").asText()).isEqualTo(ns);
        assertThat(stored.get("value").asInt()).isEqualTo(42);
        assertThat(stored.get("_id").asText()).isNotEmpty();
        assertThat(stored.get("createdAt").asDouble())
                .isEqualTo(stored.get("updatedAt").asDouble());

        JsonNode read = ts.value("query", "mutable:get", args("namespace", ns, "key", "k"));
        assertThat(read).isEqualTo(stored);
    }

    @Test
    void set_overwritesExistingValue_keepingTheDocument() {
        JsonNode first = ts.value("mutation", "mutable:set", args("namespace", ns, "key", "k", "value", "a"));
        JsonNode second = ts.value("mutation", "mutable:set", args("namespace", ns, "key", "k", "value", "b"));
        assertThat(second.get("_id")).isEqualTo(first.get("_id"));
        assertThat(second.get("value").asText()).isEqualTo("b");
        assertThat(ts.value("query", "mutable:count", args("namespace", ns)).asDouble())
                .isEqualTo(1.0);
    }

    @Test
    void get_onMissingKey_returnsNull() {
        assertThat(ts.value("query", "mutable:get", args("namespace", ns, "key", "nope"))
                        .isNull())
                .isTrue();
    }

    @Test
    void update_increments() {
        ts.value("mutation", "mutable:set", args("namespace", ns, "key", "n", "value", 1));
        JsonNode updated = ts.value(
                "mutation",
                "mutable:update",
                args("namespace", ns, "key", "n", "operation", "increment", "operand", 4));
        assertThat(updated.get("value").asDouble()).isEqualTo(5.0);
    }

    @Test
    void update_onMissingKey_throwsKeyNotFound() {
        JsonNode reply =
                ts.call("mutation", "mutable:update", args("namespace", ns, "key", "none", "operation", "increment"));
        assertThat(reply.get("status").asText()).isEqualTo("error");
        assertThat(reply.get("errorMessage").asText())
                .matches(REQUEST_ID + "Uncaught ConvexError: MUTABLE_KEY_NOT_FOUND\\n");
        assertThat(reply.get("errorData").asText()).isEqualTo("MUTABLE_KEY_NOT_FOUND");
    }

    @Test
    void list_returnsTheNamespacesEntriesInKeyOrder() {
        for (String key : new String[] {"b", "a", "c"}) {
            ts.value("mutation", "mutable:set", args("namespace", ns, "key", key, "value", key));
        }
        JsonNode listed = ts.value("query", "mutable:list", args("namespace", ns, "keyPrefix", ""));
        assertThat(listed.findValuesAsText("key")).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(ts.value("query", "mutable:list", args("namespace", ns, "limit", 2))
                        .size())
                .isEqualTo(2);
    }

    @Test
    void argumentValidation_usesTheExportedValidators() {
        JsonNode reply = ts.call("mutation", "mutable:set", args("namespace", ns, "key", 7, "value", 1));
        assertThat(reply.get("status").asText()).isEqualTo("error");
        assertThat(reply.get("errorMessage").asText()).contains("ArgumentValidationError");
    }
}
