package dev.jconvex.http.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.jconvex.execution.FunctionOutcome;
import dev.jconvex.execution.internal.ErrorMessages;
import dev.jconvex.values.ConvexJson;
import dev.jconvex.values.ConvexValue;
import java.io.IOException;
import java.util.List;

/**
 * Convex's function-result envelope (spec wire-protocol §1.2, BE {@code public_api.rs}
 * {@code UdfResponse}), always sent with HTTP 200:
 *
 * <pre>
 * {"status":"success","value":V,"logLines":[...]}
 * {"status":"error","errorMessage":"[Request ID: rid] Server Error\n...","errorData":D,"logLines":[...]}
 * </pre>
 *
 * {@code logLines} is omitted when empty; {@code errorData} is present only for a ConvexError. Both
 * {@code value} and {@code errorData} are written in the request's {@link ValueFormat}.
 */
final class Envelopes {

    private Envelopes() {}

    /** The envelope of {@code outcome}; {@code requestId} prefixes a failure's message. */
    static ObjectNode of(FunctionOutcome outcome, ValueFormat format, String requestId) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        switch (outcome) {
            case FunctionOutcome.Success success -> {
                node.put("status", "success");
                if (format == ValueFormat.ENCODED) {
                    // Streamed into the response as it is serialized: no intermediate JSON tree.
                    node.putRawValue("value", new RawValue(new EncodedValue(success.value())));
                } else {
                    node.set("value", format.write(success.value()));
                }
            }
            case FunctionOutcome.Failure failure -> {
                node.put("status", "error");
                node.put("errorMessage", ErrorMessages.serverError(requestId, failure.errorMessage()));
                failure.errorData().ifPresent(data -> node.set("errorData", format.write(data)));
            }
        }
        addLogLines(node, outcome.logLines());
        return node;
    }

    /** A failure raised before the function ran (for example undecodable arguments). */
    static ObjectNode failure(String message, String requestId) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("status", "error");
        node.put("errorMessage", ErrorMessages.serverError(requestId, message));
        return node;
    }

    /** A value that Jackson writes as convex_encoded_json when it serializes the envelope. */
    private record EncodedValue(ConvexValue value) implements JsonSerializable {
        @Override
        public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
            ConvexJson.write(g, value);
        }

        @Override
        public void serializeWithType(JsonGenerator g, SerializerProvider provider, TypeSerializer typeSer)
                throws IOException {
            serialize(g, provider);
        }
    }

    private static void addLogLines(ObjectNode node, List<String> lines) {
        if (!lines.isEmpty()) {
            ArrayNode array = node.putArray("logLines");
            lines.forEach(array::add);
        }
    }
}
