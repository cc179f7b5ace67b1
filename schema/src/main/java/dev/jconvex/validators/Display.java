package dev.jconvex.validators;

import dev.jconvex.values.ConvexValue;
import java.math.BigDecimal;
import java.util.Map;

/** The backend's Display of validators in messages (values §5.1, RS {@code schemas/validator.rs}). */
final class Display {

    private Display() {}

    static String display(Validator validator) {
        StringBuilder sb = new StringBuilder();
        append(sb, validator);
        return sb.toString();
    }

    private static void append(StringBuilder sb, Validator validator) {
        switch (validator) {
            case Validator.StringV s -> sb.append("v.string()");
            case Validator.Float64V f -> sb.append("v.float64()");
            case Validator.Int64V i -> sb.append("v.int64()");
            case Validator.BooleanV b -> sb.append("v.boolean()");
            case Validator.NullV n -> sb.append("v.null()");
            case Validator.BytesV b -> sb.append("v.bytes()");
            case Validator.AnyV a -> sb.append("v.any()");
            case Validator.LiteralV l ->
                sb.append("v.literal(").append(literal(l.value())).append(')');
            case Validator.IdV id -> sb.append("v.id(\"").append(id.tableName()).append("\")");
            case Validator.ArrayV a -> {
                sb.append("v.array(");
                append(sb, a.element());
                sb.append(')');
            }
            case Validator.ObjectV o -> {
                sb.append("v.object({");
                boolean first = true;
                for (Map.Entry<String, Validator> e : o.fields().entrySet()) {
                    if (!first) {
                        sb.append(", ");
                    }
                    first = false;
                    sb.append(e.getKey()).append(": ");
                    append(sb, e.getValue());
                }
                sb.append("})");
            }
            case Validator.RecordV r -> {
                sb.append("v.record(");
                append(sb, r.keys());
                sb.append(", ");
                append(sb, r.values());
                sb.append(')');
            }
            case Validator.UnionV u -> {
                sb.append("v.union(");
                for (int i = 0; i < u.members().size(); i++) {
                    if (i > 0) {
                        sb.append(", ");
                    }
                    append(sb, u.members().get(i));
                }
                sb.append(')');
            }
            case Validator.OptionalV o -> {
                sb.append("v.optional(");
                append(sb, o.inner());
                sb.append(')');
            }
        }
    }

    /**
     * A literal as the backend prints it: strings and booleans as JSON, finite floats as serde_json
     * writes them ({@code 5.0}), int64 as {@code <bigint>}, non-finite floats as {@code <number>}.
     */
    static String literal(ConvexValue value) {
        return switch (value) {
            case ConvexValue.Str s -> jsonString(s.value());
            case ConvexValue.Bool b -> Boolean.toString(b.value());
            case ConvexValue.Int64 i -> "<bigint>";
            case ConvexValue.Float64 f -> Double.isFinite(f.value()) ? serdeNumber(f.value()) : "<number>";
            default -> value.toString();
        };
    }

    /**
     * serde_json's text of a finite f64 (the ryu crate): shortest digits; plain notation when the
     * decimal point falls within 16 digits left or 5 digits right, integral values ending in
     * {@code .0}; otherwise {@code 1e16}, {@code 1.5e-7}.
     */
    static String serdeNumber(double d) {
        if (d == 0) {
            return Double.doubleToRawLongBits(d) < 0 ? "-0.0" : "0.0";
        }
        String sign = d < 0 ? "-" : "";
        BigDecimal exact = dev.jconvex.values.ValueDisplay.shortestDecimal(Math.abs(d));
        String digits = exact.unscaledValue().toString();
        int len = digits.length();
        int kk = len - exact.scale(); // value = 0.digits * 10^kk
        StringBuilder sb = new StringBuilder(sign);
        if (len <= kk && kk <= 16) {
            sb.append(digits).repeat('0', kk - len).append(".0");
        } else if (0 < kk && kk <= 16) {
            sb.append(digits, 0, kk).append('.').append(digits, kk, len);
        } else if (-5 < kk && kk <= 0) {
            sb.append("0.").repeat('0', -kk).append(digits);
        } else {
            sb.append(digits.charAt(0));
            if (len > 1) {
                sb.append('.').append(digits, 1, len);
            }
            sb.append('e').append(kk - 1);
        }
        return sb.toString();
    }

    /** A JSON string literal as serde_json writes it. */
    static String jsonString(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
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
        return sb.append('"').toString();
    }
}
