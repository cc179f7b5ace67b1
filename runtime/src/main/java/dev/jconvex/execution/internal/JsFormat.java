package dev.jconvex.execution.internal;

import dev.jconvex.execution.JsException;
import dev.jconvex.values.ConvexValue;
import dev.jconvex.values.JsRender;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How JavaScript would print values, for the texts a Java handler produces where Convex's JS runtime
 * would: console lines ({@code object-inspect} with Convex's options, wire-protocol §1.8), {@code
 * Number#toString}.
 *
 * <p>Java arguments map to JavaScript as follows: {@link ConvexValue}s as their JS counterparts
 * (int64 is a {@code bigint}, bytes an {@code ArrayBuffer}); {@code String} and {@code Character} as
 * strings; other {@code Number}s as JS numbers ({@code BigInteger} as a {@code bigint}); {@code
 * Map}s as objects; collections and arrays as arrays; Java {@code null} as {@code undefined};
 * throwables as JS errors; anything else by its {@code toString()}.
 */
final class JsFormat {

    /** Convex's console options: {@code indent: 2}, default depth 5, {@code maxStringLength: 32768}. */
    private static final String INDENT = "  ";

    private static final int MAX_DEPTH = 5;
    private static final int MAX_STRING_LENGTH = 32768;

    private JsFormat() {}

    /** One console line's text: each argument inspected, joined by single spaces. */
    static String consoleMessage(Object... args) {
        List<String> parts = new ArrayList<>(args.length);
        for (Object arg : args) {
            parts.add(inspect(arg, 0));
        }
        return String.join(" ", parts);
    }

    /** {@code object-inspect(value, {indent: 2})}, as Convex's console renders each argument. */
    static String inspect(Object value) {
        return inspect(value, 0);
    }

    private static String inspect(Object value, int depth) {
        return switch (value) {
            case null -> "undefined";
            case ConvexValue v -> inspectValue(v, depth);
            case String s -> inspectString(s);
            case Character c -> inspectString(c.toString());
            case Boolean b -> b.toString();
            case BigInteger i -> i + "n";
            case BigDecimal d -> inspectNumber(d.doubleValue());
            case Number n -> inspectNumber(n.doubleValue());
            case Map<?, ?> map -> {
                List<Map.Entry<String, Object>> entries = new ArrayList<>();
                map.forEach((k, v) -> entries.add(Map.entry(String.valueOf(k), v)));
                yield inspectObject(entries, depth);
            }
            case Collection<?> c -> inspectArray(new ArrayList<>(c), depth);
            case Object[] array -> inspectArray(java.util.Arrays.asList(array), depth);
            case JsException e -> "[" + e.name() + ": " + e.getMessage() + "]";
            case dev.jconvex.values.ConvexError e -> "[ConvexError: " + e.getMessage() + "]";
            case Throwable t -> "[Error: " + t.getMessage() + "]";
            default -> value.toString();
        };
    }

    private static String inspectValue(ConvexValue value, int depth) {
        return switch (value) {
            case ConvexValue.Null n -> "null";
            case ConvexValue.Int64(long v) -> v + "n";
            case ConvexValue.Float64(double v) -> inspectNumber(v);
            case ConvexValue.Bool(boolean v) -> Boolean.toString(v);
            case ConvexValue.Str(String v) -> inspectString(v);
            case ConvexValue.Bytes b -> "ArrayBuffer [ArrayBuffer] {}";
            case ConvexValue.Array a -> inspectArray(a.values(), depth);
            case ConvexValue.Obj(Map<String, ConvexValue> fields) -> {
                List<Map.Entry<String, Object>> entries = new ArrayList<>();
                fields.forEach((k, v) -> entries.add(Map.entry(k, v)));
                yield inspectObject(entries, depth);
            }
        };
    }

    private static String inspectNumber(double v) {
        if (v == 0) {
            return 1 / v > 0 ? "0" : "-0";
        }
        return numberToString(v);
    }

    private static String inspectArray(List<?> elements, int depth) {
        if (elements.isEmpty()) {
            return "[]";
        }
        if (depth >= MAX_DEPTH) {
            return "[Array]";
        }
        List<String> xs = new ArrayList<>(elements.size());
        for (Object element : elements) {
            xs.add(inspect(element, depth + 1));
        }
        if (xs.stream().anyMatch(x -> x.indexOf('\n') >= 0)) {
            return "[" + indentedJoin(xs, depth) + "]";
        }
        return "[ " + String.join(", ", xs) + " ]";
    }

    private static String inspectObject(List<Map.Entry<String, Object>> entries, int depth) {
        if (depth >= MAX_DEPTH) {
            return "[Object]";
        }
        if (entries.isEmpty()) {
            return "{}";
        }
        List<String> ys = new ArrayList<>(entries.size());
        for (Map.Entry<String, Object> e : entries) {
            String key = e.getKey();
            String shownKey = needsQuotes(key) ? inspectString(key) : key;
            ys.add(shownKey + ": " + inspect(e.getValue(), depth + 1));
        }
        return "{" + indentedJoin(ys, depth) + "}";
    }

    /** object-inspect quotes a key that contains a character outside {@code [A-Za-z0-9_$]}. */
    private static boolean needsQuotes(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            if (!word && c != '$') {
                return true;
            }
        }
        return false;
    }

    private static String indentedJoin(List<String> xs, int depth) {
        String prev = INDENT.repeat(depth);
        String lineJoiner = "\n" + prev + INDENT;
        return lineJoiner + String.join("," + lineJoiner, xs) + "\n" + prev;
    }

    /** A string in single quotes with object-inspect's escapes, cut at 32768 UTF-16 units. */
    private static String inspectString(String s) {
        if (s.length() > MAX_STRING_LENGTH) {
            int remaining = s.length() - MAX_STRING_LENGTH;
            return inspectString(s.substring(0, MAX_STRING_LENGTH)) + "... " + remaining + " more character"
                    + (remaining > 1 ? "s" : "");
        }
        StringBuilder out = new StringBuilder(s.length() + 2).append('\'');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\'' -> out.append("\\'");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append("\\x")
                                .append(c < 0x10 ? "0" : "")
                                .append(Integer.toHexString(c).toUpperCase(Locale.ROOT));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('\'').toString();
    }

    /**
     * JavaScript's {@code Number.prototype.toString()} (ECMA-262 Number::toString): the shortest
     * round-tripping digits, in plain notation for exponents in [-7, 21), else {@code 1.5e+21}.
     * {@code -0} prints as {@code "0"}.
     */
    static String numberToString(double v) {
        return JsRender.number(v);
    }
}
