package dev.jconvex.values;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonGeneratorDecorator;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * The text of a float64 as Convex's backend writes it into JSON: Rust's serde_json, which formats
 * every finite {@code f64} with the {@code ryu} crate ({@code ryu::Buffer::format_finite}, layout in
 * ryu's {@code src/pretty/mod.rs} {@code format64}).
 *
 * <p>The digits are the shortest decimal that reads back as the same double (closest to it when
 * several are that short). With {@code D} those digits ({@code n} of them, no trailing zero) and
 * {@code kk} the position of the decimal point ({@code 10^(kk-1) <= |x| < 10^kk}):
 *
 * <ul>
 *   <li>an integral value with {@code kk <= 16}: the digits, zeros, {@code .0} ({@code 10.0},
 *       {@code 1000000000000000.0}, {@code 9007199254740992.0});
 *   <li>a fraction with {@code 0 < kk <= 16}: plain ({@code 1796393271594.3892});
 *   <li>{@code -5 < kk <= 0}: {@code 0.} and zeros ({@code 0.1}, {@code 0.00001});
 *   <li>otherwise exponent notation, lower-case {@code e}, no {@code +}, no {@code .0} for one digit
 *       ({@code 1e16}, {@code 1e21}, {@code 1e-6}, {@code 1.5e-7}, {@code 5e-324},
 *       {@code 1.7976931348623157e308}).
 * </ul>
 *
 * Zero is {@code 0.0} and {@code -0.0} (the value codec never writes -0 as a number: it is a
 * {@code $float}, §1.1). NaN and ±Infinity have no JSON text; serde_json writes {@code null}, and
 * Convex encodes them as {@code $float} before they reach it.
 *
 * <p>How: since JDK 19 {@link Double#toString} picks the same shortest digits, except when a single
 * digit suffices, where it prints the closest two-digit decimal. For a normal double the rounding
 * interval is about 2<sup>-53</sup> of its value, so the only two-digit decimal in it is the one
 * digit followed by 0, and stripping trailing zeros gives the shortest digits; only subnormals (where
 * Java prints {@code 4.9E-324} for {@code 5e-324}) take the exact {@link
 * ValueDisplay#shortestDecimal}. This class then lays the digits out as ryu does.
 */
public final class WireNumbers {

    /** Largest {@code kk} written without an exponent (ryu {@code format64}). */
    private static final int MAX_PLAIN_POINT = 16;
    /** {@code kk} must be greater than this to be written as {@code 0.000ddd}. */
    private static final int MIN_PLAIN_POINT = -5;

    private WireNumbers() {}

    /**
     * The serde_json text of a finite double.
     *
     * @throws IllegalArgumentException if {@code d} is NaN or infinite
     */
    public static String format(double d) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("a JSON number must be finite, got " + d);
        }
        boolean negative = Double.doubleToRawLongBits(d) < 0;
        double abs = Math.abs(d);
        if (abs == 0) {
            return negative ? "-0.0" : "0.0";
        }
        StringBuilder out = new StringBuilder(26);
        if (negative) {
            out.append('-');
        }
        if (abs < Double.MIN_NORMAL) {
            BigDecimal shortest = ValueDisplay.shortestDecimal(abs);
            String digits = shortest.unscaledValue().toString();
            layout(out, digits, 0, digits.length(), digits.length() - shortest.scale());
        } else {
            layoutJava(out, Double.toString(abs));
        }
        return out.toString();
    }

    /**
     * Lays out Java's text of a positive double ({@code 123.45}, {@code 0.00123},
     * {@code 1.7963932715943892E12}): finds its digits and decimal point, drops leading and trailing
     * zeros.
     */
    private static void layoutJava(StringBuilder out, String java) {
        int e = java.indexOf('E');
        int mantissaEnd = e < 0 ? java.length() : e;
        int exponent = e < 0 ? 0 : Integer.parseInt(java, e + 1, java.length(), 10);
        int dot = java.indexOf('.');
        char[] digits = new char[mantissaEnd - 1];
        java.getChars(0, dot, digits, 0);
        java.getChars(dot + 1, mantissaEnd, digits, dot);
        int point = dot + exponent;
        int start = 0;
        while (digits[start] == '0') {
            start++;
            point--;
        }
        int end = digits.length;
        while (digits[end - 1] == '0') {
            end--;
        }
        layout(out, new String(digits), start, end, point);
    }

    /**
     * Appends {@code digits[start, end)} (no leading or trailing zero), whose value is
     * {@code 0.digits × 10^point}, in ryu's layout.
     */
    private static void layout(StringBuilder out, String digits, int start, int end, int point) {
        int n = end - start;
        int k = point - n;
        if (k >= 0 && point <= MAX_PLAIN_POINT) {
            out.append(digits, start, end).repeat('0', k).append(".0");
        } else if (point > 0 && point <= MAX_PLAIN_POINT) {
            out.append(digits, start, start + point).append('.').append(digits, start + point, end);
        } else if (point > MIN_PLAIN_POINT && point <= 0) {
            out.append("0.").repeat('0', -point).append(digits, start, end);
        } else {
            out.append(digits.charAt(start));
            if (n > 1) {
                out.append('.').append(digits, start + 1, end);
            }
            out.append('e').append(point - 1);
        }
    }

    /**
     * A Jackson decorator that makes every {@code writeNumber(double)} of a generator write
     * {@link #format}: tree nodes, databind and streaming writes alike. Installed on
     * the factories of {@link ConvexJson#newJsonFactory} and {@link ConvexJson#newObjectMapper}, which
     * every JSON writer of the server uses.
     */
    static final JsonGeneratorDecorator DECORATOR = (factory, generator) -> new ServerNumbers(generator);

    private static final class ServerNumbers extends JsonGeneratorDelegate {
        ServerNumbers(JsonGenerator delegate) {
            // false: writeTree/writeObject run here, so numbers inside them come through this class too
            super(delegate, false);
        }

        @Override
        public void writeNumber(double d) throws IOException {
            if (Double.isFinite(d)) {
                delegate.writeNumber(format(d));
            } else {
                delegate.writeNumber(d);
            }
        }
    }
}
