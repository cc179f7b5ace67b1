package dev.jconvex.values;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.util.RecyclerPool;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON wire codec of Convex values (wire-protocol §3, values §1.1), on Jackson.
 *
 * <p>{@code convex_encoded_json} ({@link #toJson}, {@link #fromJson}, {@link #write}, {@link #parse}):
 * null, booleans, strings, arrays and objects as themselves; float64 as a JSON number in Convex's
 * text ({@link WireNumbers}) except NaN,
 * ±Infinity and -0, which are {@code {"$float": base64(8 bytes LE)}}; int64 as
 * {@code {"$integer": base64(8 bytes LE two's complement)}}; bytes as {@code {"$bytes": base64}}.
 * Every plain JSON number decodes as float64. Objects are emitted with fields in sorted order.
 *
 * <p>The clean {@code json} format ({@link #toCleanJson}, output only, wire-protocol §3.2): int64 as
 * a decimal string, NaN/±Infinity as strings, bytes as a base64 string.
 */
public final class ConvexJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER =
            newObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonFactory FACTORY = MAPPER.getFactory();
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder B64_DECODE = Base64.getDecoder();

    private ConvexJson() {}

    /**
     * A new Jackson mapper on {@link #newJsonFactory}: doubles written as Convex writes them, buffers
     * recycled by {@link CarrierAwarePool}.
     */
    public static ObjectMapper newObjectMapper() {
        return new ObjectMapper(newJsonFactory());
    }

    /**
     * A new Jackson factory for JSON that leaves the server: every double its generators write is
     * in Convex's text ({@link WireNumbers#format}: {@code 10.0}, {@code 1796393271594.3892},
     * {@code 1e21}), and its buffers are recycled by {@link CarrierAwarePool}: per thread on platform
     * threads, through one shared pool on virtual threads.
     */
    public static JsonFactory newJsonFactory() {
        return JsonFactory.builder()
                .recyclerPool(new CarrierAwarePool())
                .addDecorator(WireNumbers.DECORATOR)
                .build();
    }

    /**
     * Jackson's buffer recycling for a process that parses both on long-lived platform threads
     * (Undertow's I/O threads, which parse every HTTP request body) and on virtual threads (one per
     * call, where a thread-local cache is empty every time). A platform thread keeps its buffers in
     * Jackson's thread-local pool, which costs nothing to reach; a virtual thread takes them from
     * Jackson's shared deque, whose two atomic operations per parse were 4% of the server's CPU per
     * {@code mutable:get} when the I/O threads used it too. A recycler goes back to the pool it
     * came from: Jackson links it to that pool on acquisition.
     */
    private static final class CarrierAwarePool implements RecyclerPool<BufferRecycler> {
        private static final long serialVersionUID = 1L;
        private static final RecyclerPool<BufferRecycler> PER_THREAD = JsonRecyclerPools.threadLocalPool();
        private static final RecyclerPool<BufferRecycler> SHARED = JsonRecyclerPools.sharedConcurrentDequePool();

        private static RecyclerPool<BufferRecycler> forCurrentThread() {
            return Thread.currentThread().isVirtual() ? SHARED : PER_THREAD;
        }

        @Override
        public BufferRecycler acquireAndLinkPooled() {
            return forCurrentThread().acquireAndLinkPooled();
        }

        @Override
        public BufferRecycler acquirePooled() {
            return forCurrentThread().acquirePooled();
        }

        @Override
        public void releasePooled(BufferRecycler recycler) {
            forCurrentThread().releasePooled(recycler);
        }
    }

    /** The convex_encoded_json tree of {@code v}. */
    public static JsonNode toJson(ConvexValue v) {
        return switch (v) {
            case ConvexValue.Null n -> NODES.nullNode();
            case ConvexValue.Int64 i -> special("$integer", B64.encodeToString(le(i.value())));
            case ConvexValue.Float64 f -> {
                double d = f.value();
                yield needsFloatEncoding(d)
                        ? special("$float", B64.encodeToString(le(Double.doubleToRawLongBits(d))))
                        : NODES.numberNode(d);
            }
            case ConvexValue.Bool b -> NODES.booleanNode(b.value());
            case ConvexValue.Str s -> NODES.textNode(s.value());
            case ConvexValue.Bytes b -> special("$bytes", B64.encodeToString(ConvexValue.Bytes.raw(b)));
            case ConvexValue.Array a -> {
                ArrayNode arr = NODES.arrayNode(a.size());
                for (ConvexValue e : a.values()) {
                    arr.add(toJson(e));
                }
                yield arr;
            }
            case ConvexValue.Obj o -> {
                Fields f = (Fields) o.fields();
                ObjectNode obj = NODES.objectNode();
                for (int i = 0; i < f.names.length; i++) {
                    obj.set(f.names[i], toJson(f.values[i]));
                }
                yield obj;
            }
        };
    }

    /** The convex_encoded_json text of {@code v}, written without building a tree. */
    public static String write(ConvexValue v) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes the convex_encoded_json of {@code v} to {@code g}. */
    public static void write(JsonGenerator g, ConvexValue v) throws IOException {
        switch (v) {
            case ConvexValue.Null n -> g.writeNull();
            case ConvexValue.Int64 i -> writeSpecial(g, "$integer", B64.encodeToString(le(i.value())));
            case ConvexValue.Float64 f -> {
                double d = f.value();
                if (needsFloatEncoding(d)) {
                    writeSpecial(g, "$float", B64.encodeToString(le(Double.doubleToRawLongBits(d))));
                } else {
                    g.writeNumber(WireNumbers.format(d));
                }
            }
            case ConvexValue.Bool b -> g.writeBoolean(b.value());
            case ConvexValue.Str s -> g.writeString(s.value());
            case ConvexValue.Bytes b -> writeSpecial(g, "$bytes", B64.encodeToString(ConvexValue.Bytes.raw(b)));
            case ConvexValue.Array a -> {
                g.writeStartArray(a, a.size());
                for (ConvexValue e : a.values()) {
                    write(g, e);
                }
                g.writeEndArray();
            }
            case ConvexValue.Obj o -> {
                Fields f = (Fields) o.fields();
                g.writeStartObject();
                for (int i = 0; i < f.names.length; i++) {
                    g.writeFieldName(f.names[i]);
                    write(g, f.values[i]);
                }
                g.writeEndObject();
            }
        }
    }

    /**
     * Parses convex_encoded_json text: exactly one JSON value, decoded and limit-checked as
     * {@link #fromJson} does. (A one-pass token-stream decoder was measured no faster than Jackson's
     * tree plus this conversion, see docs/schema-benchmarks.md, so there is one decoding path.)
     *
     * @throws ConvexException {@code BadJsonBody} if the text is not one JSON value; otherwise as
     *     {@link #fromJson}
     */
    public static ConvexValue parse(String json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ConvexException(ErrorCode.BadJsonBody, "Invalid JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || node.isMissingNode()) {
            throw new ConvexException(ErrorCode.BadJsonBody, "Invalid JSON: empty input");
        }
        return fromJson(node);
    }

    /**
     * Decodes a convex_encoded_json tree (values §1.1, §1.3, §1.6), with the backend's error texts.
     *
     * <p>The result obeys every value limit ({@link ValueSize#checkValue}): the checks run while the
     * value is built, in the backend's order, so the first violation reported is the backend's.
     *
     * @throws ConvexException {@code InvalidConvexValue} for a malformed special object or an invalid
     *     field name; {@code ArrayTooLong}, {@code TooManyFieldsError}, {@code TooNestedError} or
     *     {@code ValueTooLargeError} for a value over a limit
     */
    public static ConvexValue fromJson(JsonNode node) {
        return fromJson(node, new ValueSize.Walk());
    }

    /**
     * Converts bottom-up like the backend (RS {@code json/mod.rs}): elements in order, object fields in
     * sorted order (name checked, then value), then each container's limits via {@link ValueSize}.
     * {@code w} receives the nesting of the result; its size is computed alongside.
     */
    private static ConvexValue fromJson(JsonNode node, ValueSize.Walk w) {
        w.nesting = 0;
        switch (node.getNodeType()) {
            case NULL -> {
                w.size = 1;
                return ConvexValue.NULL;
            }
            case BOOLEAN -> {
                w.size = 1;
                return ConvexValue.bool(node.booleanValue());
            }
            case NUMBER -> {
                w.size = 9;
                return new ConvexValue.Float64(node.doubleValue());
            }
            case STRING -> {
                ConvexValue.Str s = new ConvexValue.Str(node.textValue());
                w.size = ValueSize.size(s);
                ValueSize.checkSystemSize(w.size);
                return s;
            }
            case ARRAY -> {
                int n = node.size();
                ConvexValue[] values = new ConvexValue[n];
                long size = 2;
                int childNesting = 0;
                for (int i = 0; i < n; i++) {
                    values[i] = fromJson(node.get(i), w);
                    size += w.size;
                    childNesting = Math.max(childNesting, w.nesting);
                }
                w.nesting = ValueSize.checkArray(n, size, childNesting);
                w.size = size;
                return new ConvexValue.Array(Arrays.asList(values));
            }
            case OBJECT -> {
                return objectFromJson(node, w);
            }
            default -> throw invalid("Unexpected JSON value of type " + node.getNodeType());
        }
    }

    private static ConvexValue objectFromJson(JsonNode node, ValueSize.Walk w) {
        int n = node.size();
        if (n == 1) {
            Map.Entry<String, JsonNode> only = node.properties().iterator().next();
            String key = only.getKey();
            if (key.startsWith("$")) {
                ConvexValue special = specialFromJson(key, only.getValue());
                w.size = ValueSize.size(special);
                ValueSize.checkSystemSize(w.size);
                return special;
            }
        }
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(node.properties());
        entries.sort((a, b) -> Utf8.compare(a.getKey(), b.getKey()));
        String[] names = new String[n];
        ConvexValue[] values = new ConvexValue[n];
        long size = 2;
        int childNesting = 0;
        for (int i = 0; i < n; i++) {
            String name = entries.get(i).getKey();
            Optional<String> bad = FieldNames.backendError(name);
            if (bad.isPresent()) {
                throw invalid(bad.get());
            }
            names[i] = name;
            values[i] = fromJson(entries.get(i).getValue(), w);
            size += Utf8.length(name) + 1 + w.size;
            childNesting = Math.max(childNesting, w.nesting);
        }
        w.nesting = ValueSize.checkObject(n, size, childNesting);
        w.size = size;
        return new ConvexValue.Obj(Fields.ofSorted(names, values));
    }

    private static ConvexValue specialFromJson(String key, JsonNode value) {
        switch (key) {
            case "$integer" -> {
                byte[] b = base64Field(value);
                if (b.length != 8) {
                    throw invalid("Int64 must be exactly eight bytes");
                }
                return new ConvexValue.Int64(fromLe(b));
            }
            case "$float" -> {
                byte[] b = base64Field(value);
                if (b.length != 8) {
                    throw invalid("Float64 must be exactly eight bytes");
                }
                double d = Double.longBitsToDouble(fromLe(b));
                // Only normal and subnormal numbers other than -0 are refused; +0 is tolerated (RS json/mod.rs).
                if (d != 0 && Double.isFinite(d)) {
                    throw invalid("Float64 " + ValueDisplay.rustDisplay(d) + " should be encoded as a number");
                }
                return new ConvexValue.Float64(d);
            }
            case "$bytes" -> {
                return new ConvexValue.Bytes(base64Field(value));
            }
            default -> {
                Optional<String> bad = FieldNames.backendError(key);
                throw invalid(bad.orElse("Field name " + key + " starts with '$', which is reserved."));
            }
        }
    }

    /**
     * The base64 payload of a special object. Errors follow the backend: serde's "invalid type" when
     * the payload is not a string, the base64 crate's texts for bad input.
     */
    private static byte[] base64Field(JsonNode value) {
        if (!value.isTextual()) {
            throw invalid("invalid type: " + serdeUnexpected(value) + ", expected a string");
        }
        String text = value.textValue();
        try {
            return B64_DECODE.decode(text);
        } catch (IllegalArgumentException e) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                boolean ok = (c >= 'A' && c <= 'Z')
                        || (c >= 'a' && c <= 'z')
                        || (c >= '0' && c <= '9')
                        || c == '+'
                        || c == '/'
                        || (c == '=' && i >= text.length() - 2);
                if (!ok) {
                    throw invalid("Invalid byte " + (int) c + ", offset " + i + ".");
                }
            }
            throw invalid("Encoded text cannot have a 6-bit remainder.");
        }
    }

    private static String serdeUnexpected(JsonNode value) {
        return switch (value.getNodeType()) {
            case NULL -> "null";
            case BOOLEAN -> "boolean `" + value.booleanValue() + "`";
            case NUMBER ->
                value.isIntegralNumber()
                        ? "integer `" + value.asText() + "`"
                        : "floating point `" + ValueDisplay.rustDebug(value.doubleValue()) + "`";
            case ARRAY -> "sequence";
            case OBJECT -> "map";
            default -> value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** The clean {@code json} export of {@code v} (wire-protocol §3.2). */
    public static JsonNode toCleanJson(ConvexValue v) {
        return switch (v) {
            case ConvexValue.Null n -> NODES.nullNode();
            case ConvexValue.Int64 i -> NODES.textNode(Long.toString(i.value()));
            case ConvexValue.Float64 f -> {
                double d = f.value();
                if (Double.isNaN(d)) {
                    yield NODES.textNode("NaN");
                } else if (Double.isInfinite(d)) {
                    yield NODES.textNode(d > 0 ? "Infinity" : "-Infinity");
                }
                yield NODES.numberNode(d);
            }
            case ConvexValue.Bool b -> NODES.booleanNode(b.value());
            case ConvexValue.Str s -> NODES.textNode(s.value());
            case ConvexValue.Bytes b -> NODES.textNode(B64.encodeToString(ConvexValue.Bytes.raw(b)));
            case ConvexValue.Array a -> {
                ArrayNode arr = NODES.arrayNode(a.size());
                for (ConvexValue e : a.values()) {
                    arr.add(toCleanJson(e));
                }
                yield arr;
            }
            case ConvexValue.Obj o -> {
                Fields f = (Fields) o.fields();
                ObjectNode obj = NODES.objectNode();
                for (int i = 0; i < f.names.length; i++) {
                    obj.set(f.names[i], toCleanJson(f.values[i]));
                }
                yield obj;
            }
        };
    }

    /** Writes any Jackson tree as compact JSON text. */
    public static String writeTree(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** NaN, ±Infinity and -0 cannot be JSON numbers and use {@code $float} (§1.1). */
    private static boolean needsFloatEncoding(double d) {
        return !Double.isFinite(d) || Double.doubleToRawLongBits(d) == Long.MIN_VALUE;
    }

    private static JsonNode special(String key, String base64) {
        ObjectNode o = NODES.objectNode();
        o.put(key, base64);
        return o;
    }

    private static void writeSpecial(JsonGenerator g, String key, String base64) throws IOException {
        g.writeStartObject();
        g.writeStringField(key, base64);
        g.writeEndObject();
    }

    private static byte[] le(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    private static long fromLe(byte[] b) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return v;
    }

    private static ConvexException invalid(String message) {
        return new ConvexException(ErrorCode.InvalidConvexValue, message);
    }
}
