package dev.jconvex.functions.js;

import dev.jconvex.values.ConvexValue;
import java.util.List;
import java.util.Map;

/**
 * Renders a value as Convex's {@code stringifyValueForError} does inside its error messages: {@code
 * JSON.stringify} with a replacer that turns {@code undefined} into the string {@code "undefined"}
 * and a bigint {@code n} into the string {@code "<n>n"}. As in {@code JSON.stringify}, non-finite
 * numbers print {@code null}, {@code -0} prints {@code 0} and an {@code ArrayBuffer} prints {@code {}}.
 */
final class JsonForError {

    private JsonForError() {}

    /** The rendering of a tree of {@link ConvexValue}s, lists and maps; Java null is undefined. */
    static String stringify(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        switch (value) {
            case null -> quote("undefined", out);
            case ConvexValue.Null n -> out.append("null");
            case ConvexValue.Bool b -> out.append(b.value());
            case ConvexValue.Float64 f ->
                out.append(Double.isFinite(f.value()) ? Js.numberToString(f.value()) : "null");
            case ConvexValue.Int64 i -> quote(i.value() + "n", out);
            case ConvexValue.Str s -> quote(s.value(), out);
            case ConvexValue.Bytes b -> out.append("{}");
            case ConvexValue.Array a -> write(a.values(), out);
            case ConvexValue.Obj o -> write(o.fields(), out);
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(list.get(i), out);
                }
                out.append(']');
            }
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> field : map.entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    quote((String) field.getKey(), out);
                    out.append(':');
                    write(field.getValue(), out);
                }
                out.append('}');
            }
            default -> throw new IllegalArgumentException("not a JavaScript value: " + value.getClass());
        }
    }

    /** JSON.stringify's QuoteJSONString: escapes quote, backslash, control characters and lone surrogates. */
    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
