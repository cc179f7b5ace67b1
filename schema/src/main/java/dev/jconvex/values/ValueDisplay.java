package dev.jconvex.values;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Base64;

/**
 * Convex's display form of values inside error messages: the Rust {@code Display} of the backend's
 * {@code ConvexValue} (values §5.3).
 *
 * <p>null {@code null}; int64 plain digits ({@code 5}); float64 Rust {@code {:?}} ({@code 5.0},
 * {@code 1e16}, {@code 1e-7}, {@code NaN}, {@code inf}, {@code -0.0}); booleans; strings Rust
 * debug-quoted ({@code "hi \"x\""}); bytes {@code b"<base64>"}; arrays {@code [1.0, "a"]}; objects
 * {@code {a: 1.0, b: "x"}} with unquoted names in sorted order.
 */
public final class ValueDisplay {

    private ValueDisplay() {}

    /** The Rust display of {@code v}. */
    public static String display(ConvexValue v) {
        StringBuilder sb = new StringBuilder();
        append(sb, v);
        return sb.toString();
    }

    /** Appends the Rust display of {@code v} to {@code sb}. */
    public static void append(StringBuilder sb, ConvexValue v) {
        switch (v) {
            case ConvexValue.Null n -> sb.append("null");
            case ConvexValue.Int64 i -> sb.append(i.value());
            case ConvexValue.Float64 f -> sb.append(rustDebug(f.value()));
            case ConvexValue.Bool b -> sb.append(b.value());
            case ConvexValue.Str s -> appendRustDebugString(sb, s.value());
            case ConvexValue.Bytes b ->
                sb.append("b\"")
                        .append(Base64.getEncoder().encodeToString(ConvexValue.Bytes.raw(b)))
                        .append('"');
            case ConvexValue.Array a -> {
                sb.append('[');
                boolean first = true;
                for (ConvexValue e : a.values()) {
                    if (!first) {
                        sb.append(", ");
                    }
                    first = false;
                    append(sb, e);
                }
                sb.append(']');
            }
            case ConvexValue.Obj o -> {
                Fields f = (Fields) o.fields();
                sb.append('{');
                for (int i = 0; i < f.names.length; i++) {
                    if (i > 0) {
                        sb.append(", ");
                    }
                    sb.append(f.names[i]).append(": ");
                    append(sb, f.values[i]);
                }
                sb.append('}');
            }
        }
    }

    /**
     * Rust's {@code {:?}} of an f64: the shortest round-tripping digits; plain notation with a
     * trailing {@code .0} for integral values when 1e-4 &lt;= |x| &lt; 1e16 (or zero), else
     * {@code d.ddde±x} notation without a plus sign.
     */
    public static String rustDebug(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return Double.doubleToRawLongBits(d) < 0 ? "-0.0" : "0.0";
        }
        double abs = Math.abs(d);
        String sign = d < 0 ? "-" : "";
        // The shortest round-tripping digits, as Rust prints them.
        BigDecimal exact = shortestDecimal(abs);
        if (abs >= 1e-4 && abs < 1e16) {
            String plain = exact.toPlainString();
            return sign + (plain.indexOf('.') < 0 ? plain + ".0" : plain);
        }
        String digits = exact.unscaledValue().toString();
        int exponent = digits.length() - 1 - exact.scale();
        StringBuilder sb = new StringBuilder(sign).append(digits.charAt(0));
        if (digits.length() > 1) {
            sb.append('.').append(digits, 1, digits.length());
        }
        return sb.append('e').append(exponent).toString();
    }

    /**
     * Rust's {@code {}} (Display) of an f64: shortest round-tripping digits, always in plain
     * notation, no {@code .0} for integral values ({@code 1}, {@code 0.5}, {@code -0},
     * {@code 10000000000000000}, {@code 0.0000001}, {@code NaN}, {@code inf}).
     */
    public static String rustDisplay(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return Double.doubleToRawLongBits(d) < 0 ? "-0" : "0";
        }
        String plain = shortestDecimal(Math.abs(d)).toPlainString();
        return d < 0 ? "-" + plain : plain;
    }

    /**
     * The shortest decimal that rounds to {@code d} (finite, non-negative), closest to it when several
     * are shortest, without trailing zeros: the digits Rust, JavaScript and serde_json print.
     * {@link Double#toString} gives this except when one digit suffices, where it prints the closest
     * two-digit decimal ({@code 4.9E-324} for {@code 5e-324}), so that case is corrected here.
     */
    public static BigDecimal shortestDecimal(double d) {
        BigDecimal javas = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        if (javas.precision() != 2) {
            return javas;
        }
        BigDecimal down = javas.round(new MathContext(1, RoundingMode.FLOOR));
        BigDecimal up = javas.round(new MathContext(1, RoundingMode.CEILING));
        boolean downRoundTrips = Double.parseDouble(down.toString()) == d;
        boolean upRoundTrips = Double.parseDouble(up.toString()) == d;
        if (downRoundTrips && upRoundTrips) {
            BigDecimal exact = new BigDecimal(d);
            return exact.subtract(down).compareTo(up.subtract(exact)) <= 0
                    ? down.stripTrailingZeros()
                    : up.stripTrailingZeros();
        }
        if (downRoundTrips) {
            return down.stripTrailingZeros();
        }
        if (upRoundTrips) {
            return up.stripTrailingZeros();
        }
        return javas;
    }

    /** Rust's {@code {:?}} of a string: double-quoted with Rust's escapes. */
    public static String rustDebugString(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        appendRustDebugString(sb, s);
        return sb.toString();
    }

    static void appendRustDebugString(StringBuilder sb, String s) {
        sb.append('"');
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            appendRustEscaped(sb, cp, i == 0, false);
            i += Character.charCount(cp);
        }
        sb.append('"');
    }

    /** Rust's {@code {:?}} of a char: single-quoted with Rust's escapes, e.g. {@code '\n'}, {@code 'é'}. */
    public static String rustDebugChar(int codePoint) {
        StringBuilder sb = new StringBuilder("'");
        appendRustEscaped(sb, codePoint, true, true);
        return sb.append('\'').toString();
    }

    private static void appendRustEscaped(StringBuilder sb, int cp, boolean first, boolean inChar) {
        switch (cp) {
            case '\t' -> sb.append("\\t");
            case '\r' -> sb.append("\\r");
            case '\n' -> sb.append("\\n");
            case '\\' -> sb.append("\\\\");
            case 0 -> sb.append("\\0");
            case '"' -> sb.append(inChar ? "\"" : "\\\"");
            case '\'' -> sb.append(inChar ? "\\'" : "'");
            default -> {
                if (isPrintable(cp) && !(first && isGraphemeExtend(cp))) {
                    sb.appendCodePoint(cp);
                } else {
                    sb.append("\\u{").append(Integer.toHexString(cp)).append('}');
                }
            }
        }
    }

    /** Rust's notion of printable: not a control, format, surrogate, private-use, unassigned or non-space separator. */
    private static boolean isPrintable(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.SURROGATE,
                    Character.PRIVATE_USE,
                    Character.UNASSIGNED,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }

    private static boolean isGraphemeExtend(int cp) {
        int t = Character.getType(cp);
        return t == Character.NON_SPACING_MARK || t == Character.ENCLOSING_MARK;
    }
}
