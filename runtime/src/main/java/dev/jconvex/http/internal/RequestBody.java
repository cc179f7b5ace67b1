package dev.jconvex.http.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import java.util.Locale;
import java.util.Optional;

/**
 * A function request's JSON body, checked as Convex's JSON extractor checks it (spec wire-protocol
 * §1.3, BE {@code common/src/http/extract.rs}): every problem is 400 {@code BadJsonBody}.
 */
final class RequestBody {

    /**
     * Public API bodies are at most 16 MiB + 2000 bytes: the function-argument limit plus room for
     * the envelope (spec §1.7 limits, §2.12).
     */
    static final long MAX_BYTES = (16L << 20) + 2000;

    static final String WRONG_CONTENT_TYPE = "Expected request with `Content-Type: application/json`";
    static final String TOO_LARGE = "Failed to buffer the request body: length limit exceeded";
    private static final String DESERIALIZE = "Failed to deserialize the JSON body into the target type: ";

    /**
     * Declared bodies up to this size are read and discarded before the 400 is sent, so that an
     * ordinary client, still uploading, sees the answer rather than a reset connection. Larger ones
     * are answered at once and the connection is closed.
     */
    static final long MAX_DRAINED_BYTES = 4 * MAX_BYTES;

    private final ObjectNode fields;

    /**
     * Answers a body declared larger than {@link #MAX_BYTES} with 400 {@code BadJsonBody} "length
     * limit exceeded" (Convex's JSON extractor maps every body rejection to {@code BadJsonBody}),
     * draining it first when that is cheap enough. Nothing of it is parsed.
     */
    static void rejectTooLarge(io.undertow.server.HttpServerExchange exchange, java.time.Duration bodyTimeout) {
        long declared = exchange.getRequestContentLength();
        if (declared > MAX_DRAINED_BYTES) {
            exchange.setPersistent(false);
            HttpErrors.send(exchange, bad(TOO_LARGE));
            return;
        }
        exchange.setMaxEntitySize(declared);
        BodyDeadline cancel = new BodyDeadline();
        exchange.getRequestReceiver()
                .receivePartialBytes(
                        (ex, chunk, last) -> {
                            if (last) {
                                cancel.run();
                                HttpErrors.send(ex, bad(TOO_LARGE));
                            }
                        },
                        (ex, error) -> {
                            cancel.run();
                            ex.endExchange();
                        });
        cancel.arm(exchange, bodyTimeout);
    }

    /**
     * The HTTP layer's JSON reader: exactly one JSON value, whitespace around it allowed, anything
     * after it refused (Convex's extractor is {@code serde_json::from_slice}, which does the same).
     * Derived from, not changing, the shared mapper.
     */
    static final com.fasterxml.jackson.databind.ObjectReader STRICT =
            Json.MAPPER.reader().with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** "at line L column C" of byte {@code index} (columns count bytes, as serde's do). */
    static String position(byte[] bytes, int index) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < index; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return "at line " + line + " column " + (index - lineStart + 1);
    }

    /**
     * Reads the whole body, then calls {@code done} (on the I/O thread). A body with a {@code
     * Content-Length} (already checked against {@link #MAX_BYTES}) is read in one go; a chunked body
     * is counted as it arrives and answered with 400 {@code BadJsonBody} "length limit exceeded" as
     * soon as it passes the limit, the connection then closed. (Undertow's own entity-size check on
     * chunked bodies cuts the connection without an answer and prints a stack trace to standard
     * error, so it is only a far backstop here.)
     */
    static void receive(
            io.undertow.server.HttpServerExchange exchange,
            BodyDeadline deadline,
            io.undertow.io.Receiver.FullBytesCallback done,
            io.undertow.io.Receiver.ErrorCallback failed) {
        if (exchange.getRequestContentLength() >= 0) {
            exchange.getRequestReceiver().receiveFullBytes(done, failed);
            return;
        }
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        boolean[] refused = {false};
        exchange.getRequestReceiver()
                .receivePartialBytes(
                        (ex, chunk, last) -> {
                            if (refused[0]) {
                                return;
                            }
                            if (buffer.size() + (long) chunk.length > MAX_BYTES) {
                                refused[0] = true;
                                deadline.run();
                                ex.setPersistent(false);
                                HttpErrors.send(ex, bad(TOO_LARGE));
                                return;
                            }
                            buffer.write(chunk, 0, chunk.length);
                            if (last) {
                                done.handle(ex, buffer.toByteArray());
                            }
                        },
                        failed);
    }

    private RequestBody(ObjectNode fields) {
        this.fields = fields;
    }

    /**
     * Checks the content type ({@code application/json} or {@code application/*+json}, parameters
     * allowed) and parses {@code bytes} as one JSON object.
     */
    static RequestBody parse(Optional<String> contentType, byte[] bytes) {
        if (contentType.isEmpty() || !isJson(contentType.get())) {
            throw bad(WRONG_CONTENT_TYPE);
        }
        int invalid = Utf8.firstInvalid(bytes);
        if (invalid >= 0) {
            throw bad("Failed to parse the request body as JSON: invalid UTF-8 " + position(bytes, invalid));
        }
        JsonNode tree;
        try {
            tree = STRICT.readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr();
            if (e.getOriginalMessage().startsWith("Trailing token")) {
                // serde_json's wording for a second document or any other content after the first.
                throw bad("Failed to parse the request body as JSON: trailing characters" + where);
            }
            throw bad("Failed to parse the request body as JSON: " + e.getOriginalMessage() + where);
        } catch (java.io.IOException e) {
            throw bad("Failed to parse the request body as JSON: " + e.getMessage());
        }
        if (tree == null || tree.isMissingNode()) {
            throw bad("Failed to parse the request body as JSON: EOF while parsing a value at line 1 column 0");
        }
        if (!tree.isObject()) {
            throw bad(DESERIALIZE + "invalid type: " + describe(tree) + ", expected a JSON object");
        }
        return new RequestBody((ObjectNode) tree);
    }

    /** Wraps an element of {@code /api/query_batch}'s {@code queries} array. */
    static RequestBody of(JsonNode element, String where) {
        if (!element.isObject()) {
            throw bad(DESERIALIZE + where + ": invalid type: " + describe(element) + ", expected a JSON object");
        }
        return new RequestBody((ObjectNode) element);
    }

    private static boolean isJson(String contentType) {
        String mime = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return mime.equals("application/json") || (mime.startsWith("application/") && mime.endsWith("+json"));
    }

    /** A required field of any JSON type. */
    JsonNode required(String name) {
        JsonNode node = fields.get(name);
        if (node == null) {
            throw bad(DESERIALIZE + "missing field `" + name + "`");
        }
        return node;
    }

    /** A required string field. */
    String requiredString(String name) {
        JsonNode node = required(name);
        if (!node.isTextual()) {
            throw bad(DESERIALIZE + name + ": invalid type: " + describe(node) + ", expected a string");
        }
        return node.asText();
    }

    /** An optional string field; JSON {@code null} counts as absent, as serde's {@code Option}. */
    Optional<String> optionalString(String name) {
        JsonNode node = fields.get(name);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw bad(DESERIALIZE + name + ": invalid type: " + describe(node) + ", expected a string");
        }
        return Optional.of(node.asText());
    }

    /** The field as serde names a JSON value's type in its messages. */
    private static String describe(JsonNode node) {
        if (node.isTextual()) {
            return "string \"" + node.asText() + "\"";
        }
        if (node.isIntegralNumber()) {
            return "integer `" + node.asText() + "`";
        }
        if (node.isNumber()) {
            return "floating point `" + node.asText() + "`";
        }
        if (node.isBoolean()) {
            return "boolean `" + node.asText() + "`";
        }
        if (node.isNull()) {
            return "null";
        }
        if (node.isArray()) {
            return "sequence";
        }
        return "map";
    }

    static ConvexException bad(String message) {
        return new ConvexException(ErrorCode.BadJsonBody, message);
    }
}
