package dev.jconvex.values;

import java.math.BigDecimal;

/**
 * JavaScript renderings that the value layer needs for Convex's own texts: {@code Number.toString}
 * and the {@code JSON.stringify}-based rendering of {@code ConvexError} data (wire-protocol §1.6 (b)).
 * {@link #number} is the project's one implementation of JavaScript's number-to-string; the
 * runtime's console and the functions' JavaScript semantics use it too.
 */
public final class JsRender {

    private JsRender() {}

    /**
     * JavaScript's {@code String(number)}: shortest round-trip digits, plain notation for 1e-7 &lt;
     * |x| &lt; 1e21, otherwise {@code 1.5e+21} / {@code 1e-7}; {@code -0} prints as {@code 0}.
     */
    public static String number(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return "0";
        }
        String sign = d < 0 ? "-" : "";
        BigDecimal exact = ValueDisplay.shortestDecimal(Math.abs(d));
        String digits = exact.unscaledValue().toString();
        int k = digits.length();
        int n = k - exact.scale(); // value = 0.digits * 10^n
        StringBuilder sb = new StringBuilder(sign);
        if (k <= n && n <= 21) {
            sb.append(digits).repeat('0', n - k);
        } else if (0 < n && n <= 21) {
            sb.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            sb.append("0.").repeat('0', -n).append(digits);
        } else {
            int e = n - 1;
            sb.append(digits.charAt(0));
            if (k > 1) {
                sb.append('.').append(digits, 1, k);
            }
            sb.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
        }
        return sb.toString();
    }

    /**
     * {@code JSON.stringify(value, replacer)} where the replacer turns bigints into {@code "123n"}
     * strings (convex-js {@code stringifyValueForError}). Non-finite numbers become {@code null}, an
     * ArrayBuffer {@code {}}.
     */
    static String stringifyForError(ConvexValue v) {
        StringBuilder sb = new StringBuilder();
        appendJson(sb, v);
        return sb.toString();
    }

    private static void appendJson(StringBuilder sb, ConvexValue v) {
        switch (v) {
            case ConvexValue.Null n -> sb.append("null");
            case ConvexValue.Int64 i -> sb.append('"').append(i.value()).append("n\"");
            case ConvexValue.Float64 f -> {
                double d = f.value();
                sb.append(Double.isFinite(d) ? number(d) : "null");
            }
            case ConvexValue.Bool b -> sb.append(b.value());
            case ConvexValue.Str s -> quote(sb, s.value());
            case ConvexValue.Bytes b -> sb.append("{}");
            case ConvexValue.Array a -> {
                sb.append('[');
                for (int i = 0; i < a.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    appendJson(sb, a.get(i));
                }
                sb.append(']');
            }
            case ConvexValue.Obj o -> {
                Fields f = (Fields) o.fields();
                sb.append('{');
                for (int i = 0; i < f.names.length; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    quote(sb, f.names[i]);
                    sb.append(':');
                    appendJson(sb, f.values[i]);
                }
                sb.append('}');
            }
        }
    }

    /** {@code JSON.stringify} of a string. */
    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
