package dev.jconvex.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jconvex.protocol.EncodedValue;
import dev.jconvex.values.ConvexJson;
import dev.jconvex.values.ConvexValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** JSON helpers shared by the transports: the value codec of wire-protocol §3.1, timestamps, envelopes. */
final class Wire {

    static final ObjectMapper JSON = new ObjectMapper();

    private Wire() {}

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** A value in convex_encoded_json (wire-protocol §3.1). */
    static JsonNode encode(ConvexValue value) {
        return ConvexJson.toJson(value);
    }

    /** A convex_encoded_json value; a missing node reads as {@code null} (wire-protocol §2.6). */
    static ConvexValue decode(JsonNode node) {
        return node == null || node.isMissingNode() ? ConvexValue.NULL : ConvexJson.fromJson(node);
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    static JsonNode read(String text) throws JsonProcessingException {
        return JSON.readTree(text);
    }

    static List<String> logLines(JsonNode envelope) {
        JsonNode lines = envelope.path("logLines");
        List<String> out = new ArrayList<>();
        lines.forEach(l -> out.add(l.asText()));
        return out;
    }

    /** A function failure read from a server message: with {@code errorData} a ConvexError (§1.2). */
    static ConvexCallException syncFailure(String message, Optional<EncodedValue> errorData, List<String> logLines) {
        return errorData.isPresent()
                ? new ConvexErrorException(message, errorData.get().decode(), logLines)
                : new ConvexFunctionException(message, logLines);
    }

    /** A function failure as the right exception: with {@code errorData} a ConvexError (§1.2). */
    static ConvexCallException failure(String message, Optional<JsonNode> errorData, List<String> logLines) {
        return errorData.isPresent()
                ? new ConvexErrorException(message, decode(errorData.get()), logLines)
                : new ConvexFunctionException(message, logLines);
    }
}
