package dev.jconvex.sync.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.jconvex.protocol.Timestamp;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * Renders server-to-client messages (wire-protocol §2.4) as JSON text. Values arrive already
 * encoded ({@code convex_encoded_json}, §3.1) so one encoding of a shared query result serves every
 * subscriber.
 */
final class ServerMessages {

    private static final JsonFactory JSON = dev.jconvex.values.ConvexJson.newJsonFactory();

    private ServerMessages() {}

    /** One entry of a Transition's {@code modifications}. */
    sealed interface Modification {
        long queryId();
    }

    /** {@code QueryUpdated}: the query's new value. */
    record QueryUpdated(long queryId, String valueJson, List<String> logLines) implements Modification {}

    /** {@code QueryFailed}: the query threw; {@code errorDataJson} only for a ConvexError. */
    record QueryFailed(long queryId, String errorMessage, Optional<String> errorDataJson, List<String> logLines)
            implements Modification {}

    /** {@code QueryRemoved}: the client unsubscribed. */
    record QueryRemoved(long queryId) implements Modification {}

    static String transition(
            StateVersion start,
            StateVersion end,
            List<Modification> modifications,
            Optional<Long> clientClockSkew,
            long serverTsNanos) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("type", "Transition");
            g.writeFieldName("startVersion");
            version(g, start);
            g.writeFieldName("endVersion");
            version(g, end);
            g.writeArrayFieldStart("modifications");
            for (Modification m : modifications) {
                g.writeStartObject();
                switch (m) {
                    case QueryUpdated u -> {
                        g.writeStringField("type", "QueryUpdated");
                        g.writeNumberField("queryId", u.queryId());
                        g.writeFieldName("value");
                        g.writeRawValue(u.valueJson());
                        logLines(g, u.logLines());
                        g.writeNullField("journal");
                    }
                    case QueryFailed f -> {
                        g.writeStringField("type", "QueryFailed");
                        g.writeNumberField("queryId", f.queryId());
                        g.writeStringField("errorMessage", f.errorMessage());
                        logLines(g, f.logLines());
                        g.writeNullField("journal");
                        if (f.errorDataJson().isPresent()) {
                            g.writeFieldName("errorData");
                            g.writeRawValue(f.errorDataJson().get());
                        }
                    }
                    case QueryRemoved r -> {
                        g.writeStringField("type", "QueryRemoved");
                        g.writeNumberField("queryId", r.queryId());
                    }
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            if (clientClockSkew.isPresent()) {
                g.writeNumberField("clientClockSkew", clientClockSkew.get());
            } else {
                g.writeNullField("clientClockSkew");
            }
            g.writeNumberField("serverTs", serverTsNanos);
            g.writeEndObject();
        });
    }

    /** A successful {@code MutationResponse}; {@code ts} is the commit timestamp (§2.7). */
    static String mutationSuccess(long requestId, String resultJson, Timestamp ts, List<String> logLines) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("type", "MutationResponse");
            g.writeNumberField("requestId", requestId);
            g.writeBooleanField("success", true);
            g.writeFieldName("result");
            g.writeRawValue(resultJson);
            g.writeStringField("ts", ts.toWire());
            logLines(g, logLines);
            g.writeEndObject();
        });
    }

    /** A failed {@code MutationResponse}: {@code result} is the error message, {@code ts} null. */
    static String mutationFailure(
            long requestId, String errorMessage, Optional<String> errorDataJson, List<String> logLines) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("type", "MutationResponse");
            g.writeNumberField("requestId", requestId);
            g.writeBooleanField("success", false);
            g.writeStringField("result", errorMessage);
            g.writeNullField("ts");
            logLines(g, logLines);
            errorData(g, errorDataJson);
            g.writeEndObject();
        });
    }

    static String actionSuccess(long requestId, String resultJson, List<String> logLines) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("type", "ActionResponse");
            g.writeNumberField("requestId", requestId);
            g.writeBooleanField("success", true);
            g.writeFieldName("result");
            g.writeRawValue(resultJson);
            logLines(g, logLines);
            g.writeEndObject();
        });
    }

    static String actionFailure(
            long requestId, String errorMessage, Optional<String> errorDataJson, List<String> logLines) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("type", "ActionResponse");
            g.writeNumberField("requestId", requestId);
            g.writeBooleanField("success", false);
            g.writeStringField("result", errorMessage);
            logLines(g, logLines);
            errorData(g, errorDataJson);
            g.writeEndObject();
        });
    }

    /** {@code AuthError}; {@code baseVersion} is the server's identity version (§2.8). */
    static String authError(String error, long baseVersion, boolean authUpdateAttempted) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("type", "AuthError");
            g.writeStringField("error", error);
            g.writeNumberField("baseVersion", baseVersion);
            g.writeBooleanField("authUpdateAttempted", authUpdateAttempted);
            g.writeEndObject();
        });
    }

    static String fatalError(String error) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("type", "FatalError");
            g.writeStringField("error", error);
            g.writeEndObject();
        });
    }

    static String ping() {
        return "{\"type\":\"Ping\"}";
    }

    /** One {@code TransitionChunk} of a Transition too large for one message (§2.12). */
    static String transitionChunk(String chunk, int partNumber, int totalParts, String transitionId) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("type", "TransitionChunk");
            g.writeStringField("chunk", chunk);
            g.writeNumberField("partNumber", partNumber);
            g.writeNumberField("totalParts", totalParts);
            g.writeStringField("transitionId", transitionId);
            g.writeEndObject();
        });
    }

    private static void version(JsonGenerator g, StateVersion v) throws IOException {
        g.writeStartObject();
        g.writeNumberField("querySet", v.querySet());
        g.writeNumberField("identity", v.identity());
        g.writeStringField("ts", v.ts().toWire());
        g.writeEndObject();
    }

    private static void logLines(JsonGenerator g, List<String> lines) throws IOException {
        g.writeArrayFieldStart("logLines");
        for (String line : lines) {
            g.writeString(line);
        }
        g.writeEndArray();
    }

    private static void errorData(JsonGenerator g, Optional<String> errorDataJson) throws IOException {
        if (errorDataJson.isPresent()) {
            g.writeFieldName("errorData");
            g.writeRawValue(errorDataJson.get());
        }
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String write(Body body) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string cannot fail", e);
        }
        return out.toString();
    }
}
