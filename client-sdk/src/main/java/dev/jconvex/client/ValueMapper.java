package dev.jconvex.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jconvex.values.ConvexValue;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Converts between Java objects and {@link ConvexValue}s, the way the JavaScript client converts JS
 * values.
 *
 * <p><b>Java to Convex</b> ({@link #toValue}):
 *
 * <ul>
 *   <li>{@code null} → {@code null}; a {@link ConvexValue} is used as is.
 *   <li>{@link String}, {@link Character}, enum constants (their name) → string; {@link Boolean} → boolean.
 *   <li><b>Every Java number ({@code int}, {@code long}, {@code double}, ...) → float64</b>, exactly as a
 *       JavaScript {@code number}: Convex only stores an int64 when it is asked for one. A {@code long}
 *       beyond ±2<sup>53</sup> cannot be a float64 exactly and is rejected; pass {@link
 *       ConvexValue#int64(long)} (or a {@link BigInteger}, which becomes an int64) to send a real int64.
 *   <li>{@code byte[]} → bytes; {@link Map} (string keys) → object; {@link Iterable} and Java arrays →
 *       array; {@link Optional}: empty → the field is left out (JavaScript {@code undefined}).
 *   <li>Records and other beans → an object, through Jackson ({@link ObjectMapper#valueToTree}), with the
 *       same number rule.
 * </ul>
 *
 * <p><b>Convex to Java</b> ({@link #fromValue}): the value is turned into plain JSON (int64 → JSON
 * integer, float64 → JSON number, bytes → binary) and bound by Jackson to the requested type, ignoring
 * properties the type does not declare (documents carry {@code _id} and {@code _creationTime}).
 */
public final class ValueMapper {

    private static final long MAX_SAFE_INTEGER = (1L << 53);

    private final ObjectMapper mapper;

    /** A mapper over {@code mapper}; it is copied and set not to fail on unknown properties. */
    public ValueMapper(ObjectMapper mapper) {
        this.mapper = mapper.copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    /** A mapper over a default Jackson {@link ObjectMapper} (with JDK 8 / records support built in). */
    public static ValueMapper standard() {
        return new ValueMapper(new ObjectMapper().findAndRegisterModules());
    }

    /** Function arguments: a map with string keys becomes an object (see the class rules). */
    public ConvexValue.Obj toArgs(Map<String, ?> args) {
        Objects.requireNonNull(args, "args (use Map.of() for no arguments)");
        return (ConvexValue.Obj) toValue(args);
    }

    /** Converts one Java value by the rules of this class. */
    public ConvexValue toValue(@Nullable Object value) {
        return switch (value) {
            case null -> ConvexValue.NULL;
            case ConvexValue v -> v;
            case String s -> ConvexValue.str(s);
            case Character c -> ConvexValue.str(c.toString());
            case Boolean b -> ConvexValue.bool(b);
            case BigInteger big -> ConvexValue.int64(big.longValueExact());
            case Long l -> ConvexValue.float64(exactDouble(l));
            case Number n -> ConvexValue.float64(n.doubleValue());
            case byte[] bytes -> ConvexValue.bytes(bytes);
            case Enum<?> e -> ConvexValue.str(e.name());
            case Optional<?> o -> toValue(o.orElse(null));
            case Map<?, ?> map -> toObj(map);
            case JsonNode node -> fromJsonTree(node);
            case Iterable<?> it -> toArray(it.iterator());
            case Object[] array -> toArray(List.of(array).iterator());
            default -> fromJsonTree(mapper.valueToTree(value));
        };
    }

    private static double exactDouble(long l) {
        if (l > MAX_SAFE_INTEGER || l < -MAX_SAFE_INTEGER) {
            throw new IllegalArgumentException("The long " + l
                    + " is beyond ±2^53 and would lose precision as a Convex float64 (Java numbers are sent"
                    + " as float64, like JavaScript numbers); pass ConvexValue.int64(" + l + ") for an int64");
        }
        return l;
    }

    private ConvexValue.Obj toObj(Map<?, ?> map) {
        Map<String, ConvexValue> fields = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException(
                        "Convex object keys must be strings, got " + e.getKey() + " in " + map);
            }
            if (e.getValue() instanceof Optional<?> o && o.isEmpty()) {
                continue;
            }
            fields.put(key, toValue(e.getValue()));
        }
        return ConvexValue.obj(fields);
    }

    private ConvexValue.Array toArray(Iterator<?> it) {
        List<ConvexValue> out = new ArrayList<>();
        while (it.hasNext()) {
            out.add(toValue(it.next()));
        }
        return ConvexValue.array(out);
    }

    private ConvexValue fromJsonTree(JsonNode node) {
        return switch (node.getNodeType()) {
            case NULL, MISSING -> ConvexValue.NULL;
            case BOOLEAN -> ConvexValue.bool(node.booleanValue());
            case STRING -> ConvexValue.str(node.textValue());
            case BINARY -> ConvexValue.bytes(binary(node));
            case NUMBER ->
                node.isIntegralNumber() && node.canConvertToLong()
                        ? ConvexValue.float64(exactDouble(node.longValue()))
                        : ConvexValue.float64(node.doubleValue());
            case ARRAY -> {
                List<ConvexValue> out = new ArrayList<>();
                node.forEach(n -> out.add(fromJsonTree(n)));
                yield ConvexValue.array(out);
            }
            case OBJECT -> {
                Map<String, ConvexValue> fields = new LinkedHashMap<>();
                node.properties().forEach(e -> fields.put(e.getKey(), fromJsonTree(e.getValue())));
                yield ConvexValue.obj(fields);
            }
            case POJO -> toValue(mapper.convertValue(node, Object.class));
        };
    }

    private static byte[] binary(JsonNode node) {
        try {
            return node.binaryValue();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("unreadable binary value", e);
        }
    }

    /** Binds {@code value} to {@code type} (see the class rules). {@code ConvexValue.class} returns it as is. */
    public <T> T fromValue(ConvexValue value, Class<T> type) {
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        return bind(value, mapper.constructType(type));
    }

    /** Binds {@code value} to a generic type, e.g. one from a Jackson {@code TypeReference}. */
    @SuppressWarnings("TypeParameterUnusedInFormals") // T is the caller's target type, named by the Type argument
    public <T> T fromValue(ConvexValue value, Type type) {
        return bind(value, mapper.constructType(type));
    }

    @SuppressWarnings("TypeParameterUnusedInFormals") // as fromValue
    private <T> T bind(ConvexValue value, JavaType type) {
        try {
            return mapper.treeToValue(toPlainJson(value), type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Cannot map the Convex value " + value + " to " + type.toCanonical() + ": " + e.getMessage(), e);
        }
    }

    /** The value as plain JSON for Jackson: int64 as an integer, float64 as a number, bytes as binary. */
    public static JsonNode toPlainJson(ConvexValue value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (value) {
            case ConvexValue.Null n -> f.nullNode();
            case ConvexValue.Int64 i -> f.numberNode(i.value());
            case ConvexValue.Float64 d -> f.numberNode(d.value());
            case ConvexValue.Bool b -> f.booleanNode(b.value());
            case ConvexValue.Str s -> f.textNode(s.value());
            case ConvexValue.Bytes b -> f.binaryNode(b.value());
            case ConvexValue.Array a -> {
                ArrayNode arr = f.arrayNode(a.size());
                a.values().forEach(v -> arr.add(toPlainJson(v)));
                yield arr;
            }
            case ConvexValue.Obj o -> {
                ObjectNode obj = f.objectNode();
                o.fields().forEach((k, v) -> obj.set(k, toPlainJson(v)));
                yield obj;
            }
        };
    }
}
