package dev.jconvex.it.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jconvex.it.http.HttpClient.Reply;
import dev.jconvex.server.JconvexServer;
import dev.jconvex.server.ServerConfig;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Convex's HTTP API (spec wire-protocol §1) against a real jconvex server on port 0 with the real
 * mutable module and a file database: every endpoint, the envelope, formats, status codes and
 * error texts, and that rejected requests change nothing.
 */
class HttpApiIT {

    static final String REQUEST_ID = "\\[Request ID: [0-9a-f]{16}\\] Server Error\\n";

    @TempDir
    static Path dataDirectory;

    static JconvexServer server;
    static HttpClient http;

    String ns;

    @BeforeAll
    static void start() {
        server = JconvexServer.start(
                ServerConfig.builder().port(0).dataDirectory(dataDirectory).build());
        http = new HttpClient(server.url());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void freshNamespace() {
        ns = "ns-" + UUID.randomUUID();
    }

    static Map<String, Object> args(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    JsonNode set(String key, Object value) {
        return http.mutation("mutable:set", args("namespace", ns, "key", key, "value", value))
                .value();
    }

    double count() {
        return http.query("mutable:count", args("namespace", ns)).value().asDouble();
    }

    static void assertConvexError(Reply reply, String data) {
        assertThat(reply.status()).isEqualTo(200);
        JsonNode json = reply.json();
        assertThat(json.get("status").asText()).isEqualTo("error");
        assertThat(json.get("errorMessage").asText())
                .matches(REQUEST_ID + "Uncaught ConvexError: \\Q" + data + "\\E\\n");
        assertThat(json.get("errorData").asText()).isEqualTo(data);
    }

    static void assertFunctionError(Reply reply, String message) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode json = reply.json();
        assertThat(json.get("status").asText()).isEqualTo("error");
        assertThat(json.get("errorMessage").asText()).matches(REQUEST_ID + "\\Q" + message + "\\E");
        assertThat(json.has("errorData")).isFalse();
    }

    static void assertTransportError(Reply reply, int status, String code, String message) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.json().get("code").asText()).isEqualTo(code);
        assertThat(reply.json().get("message").asText()).isEqualTo(message);
    }

    @Nested
    class EveryMutableFunction {

        @Test
        void set_createsThenOverwrites_andReturnsTheDocument() {
            JsonNode created = set("k", 42);
            assertThat(created.get("namespace").asText()).isEqualTo(ns);
            assertThat(created.get("key").asText()).isEqualTo("k");
            assertThat(created.get("value").asDouble()).isEqualTo(42.0);
            assertThat(created.get("_id").asText()).isNotEmpty();
            JsonNode overwritten = set("k", "text");
            assertThat(overwritten.get("_id")).isEqualTo(created.get("_id"));
            assertThat(overwritten.get("value").asText()).isEqualTo("text");
            assertThat(count()).isEqualTo(1.0);
        }

        @Test
        void set_successEnvelope_hasNoLogLinesOrErrorFields() {
            JsonNode json = http.mutation("mutable:set", args("namespace", ns, "key", "k", "value", 1))
                    .json();
            assertThat(json.get("status").asText()).isEqualTo("success");
            assertThat(json.has("logLines")).isFalse();
            assertThat(json.has("errorMessage")).isFalse();
            assertThat(json.has("errorData")).isFalse();
        }

        @Test
        void get_returnsTheDocument_orNullWhenMissing() {
            set("k", List.of(1, 2));
            JsonNode doc =
                    http.query("mutable:get", args("namespace", ns, "key", "k")).value();
            assertThat(doc.get("value").size()).isEqualTo(2);
            assertThat(http.query("mutable:get", args("namespace", ns, "key", "absent"))
                            .value()
                            .isNull())
                    .isTrue();
        }

        @Test
        void exists_isTrueOnlyForStoredKeys() {
            set("k", 1);
            assertThat(http.query("mutable:exists", args("namespace", ns, "key", "k"))
                            .value()
                            .asBoolean())
                    .isTrue();
            assertThat(http.query("mutable:exists", args("namespace", ns, "key", "x"))
                            .value()
                            .asBoolean())
                    .isFalse();
        }

        @Test
        void update_incrementsDecrementsAppendsAndReplaces() {
            set("n", 10);
            JsonNode incremented = http.mutation(
                            "mutable:update", args("namespace", ns, "key", "n", "operation", "increment", "operand", 5))
                    .value();
            assertThat(incremented.get("value").asDouble()).isEqualTo(15.0);
            JsonNode decremented = http.mutation(
                            "mutable:update", args("namespace", ns, "key", "n", "operation", "decrement"))
                    .value();
            assertThat(decremented.get("value").asDouble()).isEqualTo(14.0);
            set("list", List.of("a"));
            JsonNode appended = http.mutation(
                            "mutable:update",
                            args("namespace", ns, "key", "list", "operation", "append", "operand", "b"))
                    .value();
            assertThat(appended.get("value").toString()).isEqualTo("[\"a\",\"b\"]");
            JsonNode custom = http.mutation(
                            "mutable:update",
                            args("namespace", ns, "key", "n", "operation", "custom", "operand", "new"))
                    .value();
            assertThat(custom.get("value").asText()).isEqualTo("new");
        }

        @Test
        void update_onMissingKey_isConvexErrorWithData() {
            assertConvexError(
                    http.mutation("mutable:update", args("namespace", ns, "key", "nope", "operation", "increment")),
                    "MUTABLE_KEY_NOT_FOUND");
        }

        @Test
        void update_appendOnNonArray_isPlainErrorWithoutData() {
            set("n", 1);
            assertFunctionError(
                    http.mutation(
                            "mutable:update", args("namespace", ns, "key", "n", "operation", "append", "operand", 2)),
                    "Uncaught Error: MUTABLE_VALUE_NOT_ARRAY\n");
            assertThat(http.query("mutable:get", args("namespace", ns, "key", "n"))
                            .value()
                            .get("value")
                            .asDouble())
                    .isEqualTo(1.0);
        }

        @Test
        void deleteKey_removesTheEntry_andMissingKeyIsConvexError() {
            set("k", 1);
            JsonNode deleted = http.mutation("mutable:deleteKey", args("namespace", ns, "key", "k"))
                    .value();
            assertThat(deleted.get("deleted").asBoolean()).isTrue();
            assertThat(deleted.get("namespace").asText()).isEqualTo(ns);
            assertThat(deleted.get("key").asText()).isEqualTo("k");
            assertThat(count()).isZero();
            assertConvexError(
                    http.mutation("mutable:deleteKey", args("namespace", ns, "key", "k")), "MUTABLE_KEY_NOT_FOUND");
        }

        @Test
        void purgeNamespace_dryRunListsKeys_thenDeletes() {
            set("a", 1);
            set("b", 2);
            JsonNode dry = http.mutation("mutable:purgeNamespace", args("namespace", ns, "dryRun", true))
                    .value();
            assertThat(dry.get("deleted").asDouble()).isEqualTo(2.0);
            assertThat(dry.get("dryRun").asBoolean()).isTrue();
            assertThat(dry.get("keys").toString()).contains("\"a\"", "\"b\"");
            assertThat(count()).isEqualTo(2.0);
            JsonNode real = http.mutation("mutable:purgeNamespace", args("namespace", ns))
                    .value();
            assertThat(real.get("deleted").asDouble()).isEqualTo(2.0);
            assertThat(real.get("dryRun").asBoolean()).isFalse();
            assertThat(count()).isZero();
        }

        @Test
        void transaction_appliesAllOperations() {
            set("c", 1);
            JsonNode result = http.mutation(
                            "mutable:transaction",
                            args(
                                    "operations",
                                    List.of(
                                            args("op", "set", "namespace", ns, "key", "a", "value", "x"),
                                            args("op", "increment", "namespace", ns, "key", "c", "amount", 2),
                                            args("op", "delete", "namespace", ns, "key", "a"))))
                    .value();
            assertThat(result.get("success").asBoolean()).isTrue();
            assertThat(result.get("operationsExecuted").asDouble()).isEqualTo(3.0);
            assertThat(result.get("results").get(1).get("value").asDouble()).isEqualTo(3.0);
            assertThat(count()).isEqualTo(1.0);
        }

        @Test
        void transaction_failingOperation_isConvexError_andRollsEverythingBack() {
            Reply reply = http.mutation(
                    "mutable:transaction",
                    args(
                            "operations",
                            List.of(
                                    args("op", "set", "namespace", ns, "key", "a", "value", 1),
                                    args("op", "update", "namespace", ns, "key", "missing", "value", 2))));
            assertConvexError(reply, "MUTABLE_KEY_NOT_FOUND: " + ns + "/missing");
            assertThat(count()).isZero();
        }

        @Test
        void purgeMany_deletesByPrefix() {
            set("user:1", 1);
            set("user:2", 2);
            set("other", 3);
            JsonNode result = http.mutation("mutable:purgeMany", args("namespace", ns, "keyPrefix", "user:"))
                    .value();
            assertThat(result.get("deleted").asDouble()).isEqualTo(2.0);
            assertThat(result.get("keys").toString()).isEqualTo("[\"user:1\",\"user:2\"]");
            assertThat(count()).isEqualTo(1.0);
        }

        @Test
        void list_sortsByKeyAndHonoursLimit() {
            set("b", 2);
            set("a", 1);
            set("c", 3);
            JsonNode listed = http.query("mutable:list", args("namespace", ns, "limit", 2))
                    .value();
            assertThat(listed.size()).isEqualTo(2);
            assertThat(listed.get(0).get("key").asText()).isEqualTo("a");
            assertThat(listed.get(1).get("key").asText()).isEqualTo("b");
        }

        @Test
        void count_countsTheNamespace() {
            assertThat(count()).isZero();
            set("a", 1);
            assertThat(count()).isEqualTo(1.0);
        }

        @Test
        void purgeAll_deletesEveryEntryOfTheTenant() {
            String tenant = "t-" + UUID.randomUUID();
            http.mutation("mutable:set", args("namespace", ns, "key", "a", "value", 1, "tenantId", tenant))
                    .value();
            JsonNode result =
                    http.mutation("mutable:purgeAll", args("tenantId", tenant)).value();
            assertThat(result.get("deleted").asDouble()).isEqualTo(1.0);
        }

        @Test
        void argumentValidationFailure_isFunctionErrorWithConvexText() {
            assertFunctionError(
                    http.query("mutable:get", args("namespace", ns)),
                    "ArgumentValidationError: Object is missing the required field `key`. Consider wrapping the field validator in `v.optional(...)` if this is expected.\n\nObject: {namespace: \""
                            + ns
                            + "\"}\nValidator: v.object({key: v.string(), namespace: v.string(), tenantId: v.optional(v.string())})\n");
        }

        @Test
        void unknownFunction_isNotFoundFunctionError() {
            assertFunctionError(
                    http.query("mutable:nope", args()), "Could not find public function for 'mutable:nope'.\n");
        }

        @Test
        void mutationCalledAsQuery_isWrongKindError() {
            assertFunctionError(
                    http.query("mutable:set", args("namespace", ns, "key", "k", "value", 1)),
                    "Trying to execute mutable.js:set as Query, but it is defined as Mutation.\n");
            assertThat(count()).isZero();
        }

        @Test
        void argsAsBareObject_areAccepted() {
            Reply reply = http.post(
                    "/api/mutation",
                    args("path", "mutable:set", "args", args("namespace", ns, "key", "k", "value", 1)));
            assertThat(reply.value().get("key").asText()).isEqualTo("k");
        }

        @Test
        void pathSpellings_allReachTheSameFunction() {
            set("k", 1);
            for (String path : List.of("mutable:count", "mutable.js:count")) {
                assertThat(http.query(path, args("namespace", ns)).value().asDouble())
                        .isEqualTo(1.0);
            }
        }
    }

    @Nested
    class Formats {

        @Test
        void encodedJson_writesInt64AsInteger() {
            Reply reply = http.post(
                    "/api/mutation",
                    args(
                            "path", "mutable:set",
                            "args",
                                    List.of(args(
                                            "namespace", ns, "key", "k", "value", args("$integer", "BQAAAAAAAAA="))),
                            "format", "convex_encoded_json"));
            assertThat(reply.value().get("value").toString()).isEqualTo("{\"$integer\":\"BQAAAAAAAAA=\"}");
        }

        @Test
        void everyFormatName_writesInt64ItsWay() {
            set("k", args("$integer", "BQAAAAAAAAA="));
            Map<String, String> expected = Map.of(
                    "convex_encoded_json", "{\"$integer\":\"BQAAAAAAAAA=\"}",
                    "convex_json", "{\"$integer\":\"BQAAAAAAAAA=\"}",
                    "json", "\"5\"",
                    "convex_clean_json", "\"5\"",
                    "export_json", "5");
            expected.forEach((format, text) -> {
                Reply reply = http.post(
                        "/api/query",
                        args(
                                "path",
                                "mutable:get",
                                "args",
                                List.of(args("namespace", ns, "key", "k")),
                                "format",
                                format));
                assertThat(reply.value().get("value").toString()).as(format).isEqualTo(text);
            });
        }

        @Test
        void noFormat_isCleanJson_withOrWithoutACurrentClientHeader() {
            set("k", args("$integer", "BQAAAAAAAAA="));
            Object body = args("path", "mutable:get", "args", List.of(args("namespace", ns, "key", "k")));
            assertThat(http.post("/api/query", body).value().get("value").toString())
                    .isEqualTo("\"5\"");
            assertThat(http.post("/api/query", body, Map.of("Convex-Client", "npm-1.48.0"))
                            .value()
                            .get("value")
                            .toString())
                    .isEqualTo("\"5\"");
            assertThat(http.post("/api/query", body, Map.of("Convex-Client", "npm-1.4.0"))
                            .value()
                            .get("value")
                            .toString())
                    .isEqualTo("{\"$integer\":\"BQAAAAAAAAA=\"}");
        }

        @Test
        void errorData_isWrittenInTheRequestedFormat() {
            Reply reply = http.post(
                    "/api/mutation",
                    args(
                            "path", "mutable:update",
                            "args", List.of(args("namespace", ns, "key", "nope", "operation", "increment")),
                            "format", "json"));
            assertConvexError(reply, "MUTABLE_KEY_NOT_FOUND");
        }

        @Test
        void unknownFormat_is400BadFormat_andRunsNothing() {
            Reply reply = http.post(
                    "/api/mutation",
                    args(
                            "path",
                            "mutable:set",
                            "args",
                            List.of(args("namespace", ns, "key", "k", "value", 1)),
                            "format",
                            "xml"));
            assertTransportError(reply, 400, "BadFormat", "format param must be one of [`json`]. Got xml");
            assertThat(count()).isZero();
        }
    }

    @Nested
    class MalformedRequests {

        /** One stored entry that every rejected request must leave alone. */
        @BeforeEach
        void storeOneEntry() {
            set("existing", "kept");
        }

        /** Rejected requests changed nothing: the one entry is still there, unchanged, alone. */
        @org.junit.jupiter.api.AfterEach
        void dataUnchanged() {
            if (!currentTestWritesOnPurpose) {
                assertThat(count()).isEqualTo(1.0);
                assertThat(http.query("mutable:get", args("namespace", ns, "key", "existing"))
                                .value()
                                .get("value")
                                .asText())
                        .isEqualTo("kept");
            }
        }

        boolean currentTestWritesOnPurpose;

        String setBody() {
            return "{\"path\":\"mutable:set\",\"args\":[{\"namespace\":\"" + ns + "\",\"key\":\"k\",\"value\":1}]}";
        }

        @Test
        void missingContentType_is400BadJsonBody_andChangesNothing() {
            Reply reply = Reply.of(http.request().body(setBody()).post("/api/mutation"));
            assertTransportError(reply, 400, "BadJsonBody", "Expected request with `Content-Type: application/json`");
        }

        @Test
        void wrongContentType_is400BadJsonBody_andChangesNothing() {
            Reply reply = Reply.of(
                    http.request().contentType("text/plain").body(setBody()).post("/api/mutation"));
            assertTransportError(reply, 400, "BadJsonBody", "Expected request with `Content-Type: application/json`");
        }

        @Test
        void contentTypeWithCharset_isAccepted() {
            currentTestWritesOnPurpose = true;
            Reply reply = Reply.of(http.request()
                    .contentType("application/json; charset=utf-8")
                    .body(setBody())
                    .post("/api/mutation"));
            assertThat(reply.value().get("key").asText()).isEqualTo("k");
        }

        @Test
        void unparsableJson_is400BadJsonBody() {
            Reply reply = http.post(
                    "/api/mutation",
                    "{\"path\": \"mutable:purgeNamespace\", \"args\": {\"namespace\": \"" + ns + "\"}");
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.json().get("code").asText()).isEqualTo("BadJsonBody");
            assertThat(reply.json().get("message").asText()).startsWith("Failed to parse the request body as JSON: ");
        }

        @Test
        void missingArgs_is400BadJsonBody_andChangesNothing() {
            Reply reply =
                    http.post("/api/mutation", args("path", "mutable:purgeNamespace", "argz", args("namespace", ns)));
            assertTransportError(
                    reply,
                    400,
                    "BadJsonBody",
                    "Failed to deserialize the JSON body into the target type: missing field `args`");
        }

        @Test
        void missingPath_is400BadJsonBody() {
            Reply reply = http.post("/api/mutation", args("args", args("namespace", ns)));
            assertTransportError(
                    reply,
                    400,
                    "BadJsonBody",
                    "Failed to deserialize the JSON body into the target type: missing field `path`");
        }

        @Test
        void pathNotAString_is400BadJsonBody() {
            Reply reply = http.post("/api/mutation", args("path", 5, "args", args("namespace", ns)));
            assertTransportError(
                    reply,
                    400,
                    "BadJsonBody",
                    "Failed to deserialize the JSON body into the target type: path: invalid type: integer `5`, expected a string");
        }

        @Test
        void bodyNotAnObject_is400BadJsonBody() {
            Reply reply = http.post(
                    "/api/mutation", "[{\"path\":\"mutable:purgeNamespace\",\"args\":{\"namespace\":\"" + ns + "\"}}]");
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.json().get("code").asText()).isEqualTo("BadJsonBody");
        }

        @Test
        void invalidFunctionPath_is400BadConvexFunctionIdentifier_andChangesNothing() {
            Reply reply = http.post(
                    "/api/mutation",
                    args("path", "mutable:se-t", "args", List.of(args("namespace", ns, "key", "k", "value", 1))));
            assertTransportError(
                    reply,
                    400,
                    "BadConvexFunctionIdentifier",
                    "mutable:se-t is not a valid path to a Convex function. Identifier se-t has invalid character '-': Identifiers can only contain alphanumeric characters or underscores");
            Reply ts = http.post("/api/query", args("path", "foo.ts:bar", "args", args()));
            assertTransportError(
                    ts,
                    400,
                    "BadConvexFunctionIdentifier",
                    "foo.ts:bar is not a valid path to a Convex function. Module path (foo.ts) has an extension that isn't 'js'.");
        }

        @Test
        void undecodableArgs_areAFunctionError_andRunNothing() {
            Reply reply = http.post(
                    "/api/mutation",
                    args(
                            "path",
                            "mutable:set",
                            "args",
                            List.of(args("namespace", ns, "key", "k", "value", args("$integer", "AQ==")))));
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().get("errorMessage").asText())
                    .matches(REQUEST_ID + "Invalid arguments for mutable\\.js:set: .+\\n");
        }

        @Test
        void bodyOverTheLimit_is400BadJsonBody_andChangesNothing() {
            String padding = "x".repeat(16 * 1024 * 1024 + 2000);
            String body = "{\"path\":\"mutable:set\",\"args\":[{\"namespace\":\"" + ns + "\",\"key\":\"k\",\"value\":\""
                    + padding + "\"}]}";
            Reply reply = http.post("/api/mutation", body);
            assertTransportError(reply, 400, "BadJsonBody", "Failed to buffer the request body: length limit exceeded");
        }

        @Test
        void unknownRoute_is404WithEmptyBody() {
            Reply reply = http.post("/api/nope", args());
            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.body()).isEmpty();
        }

        @Test
        void wrongMethodOnKnownRoute_is405WithAllow() {
            Reply reply = Reply.of(http.request().get("/api/mutation"));
            assertThat(reply.status()).isEqualTo(405);
            assertThat(reply.header("Allow")).isEqualTo("POST");
        }

        @Test
        void serverKeepsServing_afterEveryKindOfBadRequest() {
            currentTestWritesOnPurpose = true;
            http.post("/api/mutation", "{");
            Reply.of(http.request().body("x").post("/api/query"));
            http.post("/api/query", args("path", "::", "args", args()));
            assertThat(set("k", 1).get("key").asText()).isEqualTo("k");
        }
    }

    @Nested
    class Authorization {

        static String jwt(String payloadJson) {
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes()) + "."
                    + b64.encodeToString(payloadJson.getBytes()) + "." + b64.encodeToString("signature".getBytes());
        }

        Reply setWith(String authorization) {
            return http.post(
                    "/api/mutation",
                    args("path", "mutable:set", "args", List.of(args("namespace", ns, "key", "k", "value", 1))),
                    Map.of("Authorization", authorization));
        }

        @Test
        void shortHeader_is400InvalidHeaderFailure_andChangesNothing() {
            assertTransportError(setWith("Bear"), 400, "InvalidHeaderFailure", "Invalid authentication header");
            assertThat(count()).isZero();
        }

        @Test
        void unknownScheme_is400InvalidAdminKey() {
            assertTransportError(setWith("Basic dXNlcjpwYXNz"), 400, "InvalidAdminKey", "Invalid admin key");
            assertThat(count()).isZero();
        }

        @Test
        void wrongAdminKey_is401BadAdminKey_andChangesNothing() {
            assertTransportError(
                    setWith("Convex jconvex|0000"),
                    401,
                    "BadAdminKey",
                    "The provided admin key was invalid for this instance");
            assertThat(count()).isZero();
        }

        @Test
        void unparsableJwt_is401InvalidAuthHeader() {
            Reply reply = setWith("Bearer not-a-jwt");
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.json().get("code").asText()).isEqualTo("InvalidAuthHeader");
            assertThat(count()).isZero();
        }

        @Test
        void unsignedJwt_withoutAuthProviders_is401NoAuthProvider_andChangesNothing() {
            // Issue 12: a token becomes an identity only if it verifies against a configured provider.
            assertTransportError(
                    setWith("Bearer " + jwt("{\"iss\":\"https://issuer\",\"sub\":\"user1\",\"aud\":\"convex\"}")),
                    401,
                    "NoAuthProvider",
                    "No auth provider found matching the given token (no providers configured). Check convex/auth.config.ts.");
            assertThat(count()).isZero();
        }

        @Test
        void adminKey_inEitherCase_canCallPublicFunctions() {
            assertThat(setWith("Convex " + server.adminKey().value())
                            .value()
                            .get("key")
                            .asText())
                    .isEqualTo("k");
            assertThat(setWith("convex " + server.adminKey().value())
                            .value()
                            .get("key")
                            .asText())
                    .isEqualTo("k");
        }

        @Test
        void adminKeyQueryParameter_isAnAdminKey() {
            Reply reply = Reply.of(http.request()
                    .queryParam("adminKey", server.adminKey().value())
                    .contentType("application/json")
                    .body("{\"path\":\"mutable:count\",\"args\":{\"namespace\":\"" + ns + "\"}}")
                    .post("/api/function"));
            assertThat(reply.value().asDouble()).isZero();
        }
    }

    @Nested
    class AdminFunctionRoute {

        Map<String, String> admin() {
            return Map.of("Authorization", "Convex " + server.adminKey().value());
        }

        @Test
        void withoutAdminKey_is403BadDeployKey_andChangesNothing() {
            Reply reply = http.post(
                    "/api/function",
                    args("path", "mutable:set", "args", args("namespace", ns, "key", "k", "value", 1)));
            assertTransportError(
                    reply,
                    403,
                    "BadDeployKey",
                    "The provided deploy key was invalid for this deployment. Double check that the environment this key was generated for matches the desired deployment.");
            assertThat(count()).isZero();
        }

        @Test
        void asAdmin_runsAnyKind_withBareArgs() {
            Reply mutation = http.post(
                    "/api/function",
                    args(
                            "path",
                            "mutable:set",
                            "args",
                            args("namespace", ns, "key", "k", "value", 1),
                            "format",
                            "convex_encoded_json"),
                    admin());
            assertThat(mutation.value().get("key").asText()).isEqualTo("k");
            Reply query =
                    http.post("/api/function", args("path", "mutable:count", "args", args("namespace", ns)), admin());
            assertThat(query.value().asDouble()).isEqualTo(1.0);
        }

        @Test
        void asAdmin_unknownFunction_isTheCliNotFoundText() {
            assertFunctionError(
                    http.post("/api/function", args("path", "mutable:nope", "args", args()), admin()),
                    "Could not find function for 'mutable:nope'. Did you forget to run `npx convex dev`?\n");
        }
    }

    @Nested
    class RunRoute {

        @Test
        void runsTheFunctionNamedByTheUrl_inCleanJsonByDefault() {
            http.mutation("mutable:set", args("namespace", ns, "key", "k", "value", args("$integer", "BQAAAAAAAAA=")))
                    .value();
            Reply reply = http.post("/api/run/mutable/get", args("args", args("namespace", ns, "key", "k")));
            assertThat(reply.value().get("value").toString()).isEqualTo("\"5\"");
            Reply mutation = http.post("/api/run/mutable/deleteKey", args("args", args("namespace", ns, "key", "k")));
            assertThat(mutation.value().get("deleted").asBoolean()).isTrue();
        }

        @Test
        void withoutFunctionName_is400MissingIdentifier() {
            assertTransportError(
                    http.post("/api/run/mutable", args("args", args())),
                    400,
                    "MissingIdentifier",
                    "Path or function name not provided in path, e.g. /api/run/messages/list");
        }

        @Test
        void unknownFunction_isTheAnyFunctionNotFoundText() {
            assertFunctionError(
                    http.post("/api/run/mutable/nope", args("args", args())),
                    "Could not find function for 'mutable:nope'. Did you forget to run `npx convex dev`?\n");
        }
    }

    @Nested
    class Snapshots {

        @Test
        void queryTs_answersTheLatestTimestamp_asBase64OfEightBytes() {
            set("k", 1);
            Reply reply = Reply.of(http.request().post("/api/query_ts"));
            assertThat(reply.status()).isEqualTo(200);
            byte[] ts = Base64.getDecoder().decode(reply.json().get("ts").asText());
            assertThat(ts).hasSize(8);
            assertThat(reply.json().get("ts").asText())
                    .isEqualTo(server.runtime().latestTimestamp().toWire());
        }

        @Test
        void queryAtTs_runsTheQuery() {
            set("k", 1);
            String ts = Reply.of(http.request().post("/api/query_ts"))
                    .json()
                    .get("ts")
                    .asText();
            Reply reply = http.post(
                    "/api/query_at_ts",
                    args("path", "mutable:count", "args", List.of(args("namespace", ns)), "ts", ts));
            assertThat(reply.value().asDouble()).isEqualTo(1.0);
        }

        @Test
        void queryAtTs_withMalformedTs_is500_asConvex() {
            Reply reply = http.post(
                    "/api/query_at_ts",
                    args("path", "mutable:count", "args", List.of(args("namespace", ns)), "ts", "nope"));
            assertTransportError(
                    reply, 500, "InternalServerError", "Your request couldn't be completed. Try again later.");
        }

        @Test
        void queryBatch_answersEachQueryInOrder() {
            set("k", 1);
            Reply reply = http.post(
                    "/api/query_batch",
                    args(
                            "queries",
                            List.of(
                                    args("path", "mutable:count", "args", List.of(args("namespace", ns))),
                                    args("path", "mutable:exists", "args", args("namespace", ns, "key", "nope")),
                                    args("path", "mutable:nope", "args", args()))));
            JsonNode results = reply.json().get("results");
            assertThat(results.size()).isEqualTo(3);
            assertThat(results.get(0).get("value").asDouble()).isEqualTo(1.0);
            assertThat(results.get(1).get("value").asBoolean()).isFalse();
            assertThat(results.get(2).get("errorMessage").asText())
                    .contains("Could not find public function for 'mutable:nope'.");
        }

        @Test
        void getQuery_takesArgsAsJsonText() {
            set("k", 1);
            Reply reply = Reply.of(http.request()
                    .queryParam("path", "mutable:count")
                    .queryParam("args", "{\"namespace\":\"" + ns + "\"}")
                    .get("/api/query"));
            assertThat(reply.value().asDouble()).isEqualTo(1.0);
        }
    }

    @Nested
    class HealthAndCors {

        @Test
        void healthRoutes_answerText() {
            assertThat(Reply.of(http.request().get("/")).body())
                    .isEqualTo("This Convex deployment is running. See https://docs.convex.dev/.");
            assertThat(Reply.of(http.request().get("/instance_name")).body()).isEqualTo("jconvex");
            assertThat(Reply.of(http.request().get("/version")).body()).isNotBlank();
            assertThat(Reply.of(http.request().get("/instance_version")).body()).isNotBlank();
        }

        @Test
        void echo_returnsTheBody() {
            Reply reply = Reply.of(
                    http.request().contentType("text/plain").body("ping").post("/echo"));
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).isEqualTo("ping");
        }

        @Test
        void debugEvent_isAcceptedAsEmptyObject() {
            Reply reply = http.post("/api/debug_event", args("event", "LongWebsocketDisconnect"));
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).isEqualTo("{}");
        }

        @Test
        void preflight_mirrorsOriginAndHeaders() {
            Reply reply = Reply.of(http.request()
                    .header("Origin", "http://app.example")
                    .header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "content-type,convex-client")
                    .options("/api/mutation"));
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).isEmpty();
            assertThat(reply.header("Access-Control-Allow-Origin")).isEqualTo("http://app.example");
            assertThat(reply.header("Access-Control-Allow-Credentials")).isEqualTo("true");
            assertThat(reply.header("Access-Control-Allow-Methods")).isEqualTo("GET,POST,OPTIONS,PATCH,DELETE,PUT");
            assertThat(reply.header("Access-Control-Allow-Headers")).isEqualTo("content-type,convex-client");
            assertThat(reply.header("Access-Control-Max-Age")).isEqualTo("86400");
            assertThat(count()).isZero();
        }

        @Test
        void crossOriginCall_getsTheOriginMirrored() {
            Reply reply = http.post(
                    "/api/query",
                    args("path", "mutable:count", "args", List.of(args("namespace", ns))),
                    Map.of("Origin", "http://app.example"));
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.header("Access-Control-Allow-Origin")).isEqualTo("http://app.example");
            assertThat(reply.header("Access-Control-Allow-Credentials")).isEqualTo("true");
            assertThat(reply.header("Vary")).contains("origin");
        }
    }
}
