package dev.jconvex.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.jconvex.protocol.ServerMessage.ActionFailed;
import dev.jconvex.protocol.ServerMessage.ActionSucceeded;
import dev.jconvex.protocol.ServerMessage.AuthError;
import dev.jconvex.protocol.ServerMessage.FatalError;
import dev.jconvex.protocol.ServerMessage.Malformed;
import dev.jconvex.protocol.ServerMessage.MutationFailed;
import dev.jconvex.protocol.ServerMessage.MutationSucceeded;
import dev.jconvex.protocol.ServerMessage.Ping;
import dev.jconvex.protocol.ServerMessage.QueryFailed;
import dev.jconvex.protocol.ServerMessage.QueryRemoved;
import dev.jconvex.protocol.ServerMessage.QueryUpdated;
import dev.jconvex.protocol.ServerMessage.StateModification;
import dev.jconvex.protocol.ServerMessage.Transition;
import dev.jconvex.protocol.ServerMessage.TransitionChunk;
import dev.jconvex.values.ConvexJson;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The JSON codec of {@link ServerMessage}s (wire-protocol §2.4).
 *
 * <p><b>Writing</b> streams each message to text with the fields in the order Convex's backend writes
 * them (BE {@code json.rs}); the npm client's conformance suites pin those bytes. An {@link
 * EncodedValue} is copied in raw, so one encoding of a shared query result serves every subscriber.
 *
 * <p><b>Reading</b> walks the token stream once. Value fields ({@code value}, {@code result}, {@code
 * errorData}) are not decoded here: the reader keeps the exact text they span in the frame as an {@link
 * EncodedValue}, which the client decodes when it needs the value. Every other field is small and read
 * as it comes; field order does not matter.
 */
final class ServerMessageCodec {

    private static final JsonFactory JSON = ConvexJson.newJsonFactory();

    /** Fields whose value is a Convex value, kept as text (a failure's {@code result} is its message). */
    private static final Set<String> VALUE_FIELDS = Set.of("value", "result", "errorData");

    private ServerMessageCodec() {}

    // ------------------------------------------------------------------ writing

    static String write(ServerMessage message) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            switch (message) {
                case Transition t -> {
                    g.writeStringField("type", "Transition");
                    g.writeFieldName("startVersion");
                    version(g, t.startVersion());
                    g.writeFieldName("endVersion");
                    version(g, t.endVersion());
                    g.writeArrayFieldStart("modifications");
                    for (StateModification m : t.modifications()) {
                        modification(g, m);
                    }
                    g.writeEndArray();
                    optionalNumber(g, "clientClockSkew", t.clientClockSkew());
                    optionalNumber(g, "serverTs", t.serverTs());
                }
                case TransitionChunk c -> {
                    g.writeStringField("type", "TransitionChunk");
                    g.writeStringField("chunk", c.chunk());
                    g.writeNumberField("partNumber", c.partNumber());
                    g.writeNumberField("totalParts", c.totalParts());
                    g.writeStringField("transitionId", c.transitionId());
                }
                case MutationSucceeded s -> {
                    response(g, "MutationResponse", s.requestId(), true);
                    g.writeFieldName("result");
                    g.writeRawValue(s.result().json());
                    g.writeStringField("ts", s.ts().toWire());
                    logLines(g, s.logLines());
                }
                case MutationFailed f -> {
                    response(g, "MutationResponse", f.requestId(), false);
                    g.writeStringField("result", f.errorMessage());
                    g.writeNullField("ts");
                    logLines(g, f.logLines());
                    errorData(g, f.errorData());
                }
                case ActionSucceeded s -> {
                    response(g, "ActionResponse", s.requestId(), true);
                    g.writeFieldName("result");
                    g.writeRawValue(s.result().json());
                    logLines(g, s.logLines());
                }
                case ActionFailed f -> {
                    response(g, "ActionResponse", f.requestId(), false);
                    g.writeStringField("result", f.errorMessage());
                    logLines(g, f.logLines());
                    errorData(g, f.errorData());
                }
                case AuthError a -> {
                    g.writeStringField("type", "AuthError");
                    g.writeStringField("error", a.error());
                    optionalNumber(g, "baseVersion", a.baseVersion());
                    if (a.authUpdateAttempted().isPresent()) {
                        g.writeBooleanField(
                                "authUpdateAttempted", a.authUpdateAttempted().get());
                    }
                }
                case FatalError f -> {
                    g.writeStringField("type", "FatalError");
                    g.writeStringField("error", f.error());
                }
                case Ping p -> g.writeStringField("type", "Ping");
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string cannot fail", e);
        }
        return out.toString();
    }

    private static void modification(JsonGenerator g, StateModification m) throws IOException {
        g.writeStartObject();
        switch (m) {
            case QueryUpdated u -> {
                g.writeStringField("type", "QueryUpdated");
                g.writeNumberField("queryId", u.queryId());
                g.writeFieldName("value");
                g.writeRawValue(u.value().json());
                logLines(g, u.logLines());
                journal(g, u.journal());
            }
            case QueryFailed f -> {
                g.writeStringField("type", "QueryFailed");
                g.writeNumberField("queryId", f.queryId());
                g.writeStringField("errorMessage", f.errorMessage());
                logLines(g, f.logLines());
                journal(g, f.journal());
                errorData(g, f.errorData());
            }
            case QueryRemoved r -> {
                g.writeStringField("type", "QueryRemoved");
                g.writeNumberField("queryId", r.queryId());
            }
        }
        g.writeEndObject();
    }

    private static void response(JsonGenerator g, String type, long requestId, boolean success) throws IOException {
        g.writeStringField("type", type);
        g.writeNumberField("requestId", requestId);
        g.writeBooleanField("success", success);
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

    /** §2.4: {@code journal} is always present, {@code null} when there is none. */
    private static void journal(JsonGenerator g, Optional<String> journal) throws IOException {
        if (journal.isPresent()) {
            g.writeStringField("journal", journal.get());
        } else {
            g.writeNullField("journal");
        }
    }

    /** §2.4: {@code errorData} only for a ConvexError, omitted otherwise. */
    private static void errorData(JsonGenerator g, Optional<EncodedValue> errorData) throws IOException {
        if (errorData.isPresent()) {
            g.writeFieldName("errorData");
            g.writeRawValue(errorData.get().json());
        }
    }

    private static void optionalNumber(JsonGenerator g, String field, Optional<Long> value) throws IOException {
        if (value.isPresent()) {
            g.writeNumberField(field, value.get());
        } else {
            g.writeNullField(field);
        }
    }

    // ------------------------------------------------------------------ reading

    static ServerMessage read(String text) {
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new Malformed("expected a JSON object");
            }
            Fields message = object(p, text);
            if (p.nextToken() != null) {
                throw new Malformed("trailing characters after the message");
            }
            return message(message);
        } catch (JsonProcessingException e) {
            throw new Malformed(e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string cannot fail", e);
        }
    }

    private static ServerMessage message(Fields m) {
        String type = m.text("type");
        return switch (type) {
            case "Transition" -> {
                List<StateModification> modifications = new ArrayList<>();
                for (Fields mod : m.objects("modifications")) {
                    modification(mod).ifPresent(modifications::add);
                }
                yield new Transition(
                        version(m.object("startVersion")),
                        version(m.object("endVersion")),
                        modifications,
                        m.optionalLong("clientClockSkew"),
                        m.optionalLong("serverTs"));
            }
            case "TransitionChunk" ->
                new TransitionChunk(
                        m.text("chunk"), (int) m.u32("partNumber"), (int) m.u32("totalParts"), m.text("transitionId"));
            case "MutationResponse" ->
                m.bool("success")
                        ? new MutationSucceeded(m.u32("requestId"), m.value("result"), m.timestamp("ts"), m.logLines())
                        : new MutationFailed(
                                m.u32("requestId"), m.text("result"), m.optionalValue("errorData"), m.logLines());
            case "ActionResponse" ->
                m.bool("success")
                        ? new ActionSucceeded(m.u32("requestId"), m.value("result"), m.logLines())
                        : new ActionFailed(
                                m.u32("requestId"), m.text("result"), m.optionalValue("errorData"), m.logLines());
            case "AuthError" ->
                new AuthError(m.text("error"), m.optionalLong("baseVersion"), m.optionalBool("authUpdateAttempted"));
            case "FatalError" -> new FatalError(m.text("error"));
            case "Ping" -> new Ping();
            default -> throw new Malformed("unknown variant `" + type + "`", type);
        };
    }

    /** The modification; empty for one of a type this model does not know. */
    private static Optional<StateModification> modification(Fields mod) {
        String type = mod.text("type");
        return Optional.ofNullable(
                switch (type) {
                    case "QueryUpdated" ->
                        new QueryUpdated(
                                mod.u32("queryId"), mod.value("value"), mod.logLines(), mod.optionalText("journal"));
                    case "QueryFailed" ->
                        new QueryFailed(
                                mod.u32("queryId"),
                                mod.text("errorMessage"),
                                mod.optionalValue("errorData"),
                                mod.logLines(),
                                mod.optionalText("journal"));
                    case "QueryRemoved" -> new QueryRemoved(mod.u32("queryId"));
                    default -> null;
                });
    }

    private static StateVersion version(Fields v) {
        return new StateVersion(v.u32("querySet"), v.u32("identity"), v.timestamp("ts"));
    }

    /**
     * Reads the object whose {@code START_OBJECT} is the current token, up to its {@code END_OBJECT}.
     * Scalars are kept as the tokens' values, value fields as the text they span, objects and arrays of
     * objects as {@link Fields} (the only nesting server messages have), other arrays as lists.
     */
    private static Fields object(JsonParser p, String text) throws IOException {
        Fields fields = new Fields();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken token = p.nextToken();
            if (VALUE_FIELDS.contains(name)) {
                int start = (int) p.currentTokenLocation().getCharOffset();
                Object scalar = scalar(p, token);
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    p.skipChildren();
                }
                int end = (int) p.currentLocation().getCharOffset();
                fields.values.put(name, new EncodedValue(text.substring(start, end)));
                if (scalar != null) {
                    fields.scalars.put(name, scalar);
                }
            } else if (token == JsonToken.START_OBJECT) {
                fields.scalars.put(name, object(p, text));
            } else if (token == JsonToken.START_ARRAY) {
                List<Object> items = new ArrayList<>();
                for (JsonToken item = p.nextToken(); item != JsonToken.END_ARRAY; item = p.nextToken()) {
                    if (item == JsonToken.START_OBJECT) {
                        items.add(object(p, text));
                    } else if (item == JsonToken.START_ARRAY) {
                        p.skipChildren();
                    } else {
                        Object scalar = scalar(p, item);
                        if (scalar != null) {
                            items.add(scalar);
                        }
                    }
                }
                fields.scalars.put(name, items);
            } else {
                Object scalar = scalar(p, token);
                if (scalar != null) {
                    fields.scalars.put(name, scalar);
                }
            }
        }
        return fields;
    }

    /**
     * The current scalar token's value, null for JSON {@code null} and for an object or array. Reading
     * a string's text also consumes it, so that the parser's location is past its closing quote.
     */
    private static @Nullable Object scalar(JsonParser p, @Nullable JsonToken token) throws IOException {
        if (token == null) {
            throw new Malformed("unexpected end of input");
        }
        return switch (token) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getNumberValue();
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            default -> null;
        };
    }

    /** One object of a frame: its fields by name, a missing field and a {@code null} alike absent. */
    private static final class Fields {
        final Map<String, Object> scalars = new HashMap<>();
        final Map<String, EncodedValue> values = new HashMap<>();

        String text(String field) {
            if (scalars.get(field) instanceof String s) {
                return s;
            }
            throw missing(field);
        }

        Optional<String> optionalText(String field) {
            return scalars.get(field) instanceof String s ? Optional.of(s) : Optional.empty();
        }

        boolean bool(String field) {
            if (scalars.get(field) instanceof Boolean b) {
                return b;
            }
            throw missing(field);
        }

        Optional<Boolean> optionalBool(String field) {
            return scalars.get(field) instanceof Boolean b ? Optional.of(b) : Optional.empty();
        }

        Optional<Long> optionalLong(String field) {
            return scalars.get(field) instanceof Number n ? Optional.of(n.longValue()) : Optional.empty();
        }

        /** A u32 field (ids, versions, part numbers): a whole JSON number in range. */
        long u32(String field) {
            if (!(scalars.get(field) instanceof Number n)) {
                throw missing(field);
            }
            double d = n.doubleValue();
            if (d < 0 || d > 0xFFFF_FFFFL || d != Math.rint(d)) {
                throw new Malformed("invalid value for `" + field + "`: " + n);
            }
            return (long) d;
        }

        Timestamp timestamp(String field) {
            String wire = text(field);
            try {
                return Timestamp.fromWire(wire);
            } catch (IllegalArgumentException e) {
                throw new Malformed("invalid timestamp " + wire + " in `" + field + "`");
            }
        }

        /** A value field; missing reads as {@code null} (§2.6). */
        EncodedValue value(String field) {
            return values.getOrDefault(field, EncodedValue.NULL);
        }

        Optional<EncodedValue> optionalValue(String field) {
            return Optional.ofNullable(values.get(field));
        }

        Fields object(String field) {
            if (scalars.get(field) instanceof Fields f) {
                return f;
            }
            throw missing(field);
        }

        List<Fields> objects(String field) {
            if (!(scalars.get(field) instanceof List<?> items)) {
                throw missing(field);
            }
            List<Fields> objects = new ArrayList<>(items.size());
            for (Object item : items) {
                if (!(item instanceof Fields f)) {
                    throw new Malformed("`" + field + "` must hold objects");
                }
                objects.add(f);
            }
            return objects;
        }

        /** {@code logLines}: missing reads as none. */
        List<String> logLines() {
            if (!(scalars.get("logLines") instanceof List<?> items)) {
                return List.of();
            }
            List<String> lines = new ArrayList<>(items.size());
            for (Object item : items) {
                lines.add(String.valueOf(item));
            }
            return lines;
        }

        private static Malformed missing(String field) {
            return new Malformed("missing field `" + field + "`");
        }
    }
}
