package dev.jconvex.functions.js;

import com.ibm.icu.text.Collator;
import com.ibm.icu.util.ULocale;
import com.ibm.icu.util.VersionInfo;
import dev.jconvex.execution.JsException;
import dev.jconvex.values.ConvexValue;
import dev.jconvex.values.JsRender;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleBiFunction;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The JavaScript semantics that the seed module ({@code mutable.ts}) relies on, applied to Convex
 * values, so that the Java port returns what the seed returns on Convex.
 *
 * <p>A JavaScript value here is a {@link ConvexValue} or Java {@code null} for {@code undefined}. A
 * JavaScript {@code number} is a {@link ConvexValue.Float64}, a {@code bigint} an {@link
 * ConvexValue.Int64}, an {@code ArrayBuffer} a {@link ConvexValue.Bytes}; strings, booleans, {@code
 * null}, arrays and plain objects map to their namesakes.
 *
 * <p>Each method names the ECMAScript operation it reproduces (ECMA-262, 2024): {@code ||}
 * (ToBoolean), {@code +} (ApplyStringOrNumericBinaryOperator with ToPrimitive), {@code -} (ToNumeric),
 * {@code <} (IsLessThan), {@code Number::toString}, {@code StringToNumber}, {@code
 * Array.prototype.slice}, {@code Array.prototype.sort} (stable, a comparator returning a number),
 * {@code String.prototype.localeCompare} (ICU root collation, as V8/Node with ICU) and {@code
 * String.prototype.startsWith}.
 *
 * <p>Two results of these operators are not Convex values: a {@code bigint} outside int64 and an
 * array holding {@code undefined}. The seed stores them right away with {@code db.patch}, where
 * Convex's serializer rejects them; the methods here throw that serializer's plain error instead
 * ({@link JsException}), with the same text.
 */
public final class Js {

    private Js() {}

    /** The text of the TypeError V8 throws when {@code +} or {@code -} mixes a bigint with a number. */
    public static final String MIX_BIGINT_MESSAGE = "Cannot mix BigInt and other types, use explicit conversions";

    private static final BigInteger MIN_INT64 = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger MAX_INT64 = BigInteger.valueOf(Long.MAX_VALUE);

    /** ICU's root collator: what V8's {@code localeCompare} uses for the root/English locale. */
    private static final Collator ROOT_COLLATOR =
            Collator.getInstance(ULocale.ROOT).freeze();

    // ━━ Truthiness and || ━━

    /** ToBoolean: false for {@code undefined}, null, false, ±0, NaN and "", true otherwise (bigint 0n is false). */
    public static boolean truthy(@Nullable ConvexValue value) {
        if (value == null) {
            return false;
        }
        return switch (value) {
            case ConvexValue.Null n -> false;
            case ConvexValue.Bool b -> b.value();
            case ConvexValue.Float64 f -> !(f.value() == 0.0 || Double.isNaN(f.value()));
            case ConvexValue.Int64 i -> i.value() != 0L;
            case ConvexValue.Str s -> !s.value().isEmpty();
            case ConvexValue.Bytes bytes -> true;
            case ConvexValue.Array array -> true;
            case ConvexValue.Obj obj -> true;
        };
    }

    /** {@code a || b}: {@code a} when truthy, else {@code b}. */
    public static ConvexValue or(@Nullable ConvexValue a, ConvexValue b) {
        return a != null && truthy(a) ? a : b;
    }

    /** {@code s ? s : fallback} for an optional string ({@code args.sortBy || "key"}). */
    public static String or(@Nullable String a, String b) {
        return a != null && !a.isEmpty() ? a : b;
    }

    // ━━ Primitives: ToPrimitive, ToString, ToNumeric ━━

    /** A JavaScript primitive, the result of ToPrimitive. */
    private sealed interface Prim {}

    private record PUndefined() implements Prim {}

    private record PNull() implements Prim {}

    private record PBool(boolean value) implements Prim {}

    private record PNumber(double value) implements Prim {}

    private record PBigInt(BigInteger value) implements Prim {}

    private record PString(String value) implements Prim {}

    /**
     * ToPrimitive with no hint: arrays become {@code join(",")}, plain objects {@code "[object
     * Object]"}, ArrayBuffers {@code "[object ArrayBuffer]"} (their {@code toString}, since {@code
     * valueOf} returns the object itself).
     */
    private static Prim toPrimitive(@Nullable ConvexValue value) {
        if (value == null) {
            return new PUndefined();
        }
        return switch (value) {
            case ConvexValue.Null n -> new PNull();
            case ConvexValue.Bool b -> new PBool(b.value());
            case ConvexValue.Float64 f -> new PNumber(f.value());
            case ConvexValue.Int64 i -> new PBigInt(BigInteger.valueOf(i.value()));
            case ConvexValue.Str s -> new PString(s.value());
            case ConvexValue.Bytes bytes -> new PString("[object ArrayBuffer]");
            case ConvexValue.Array array -> new PString(join(array));
            case ConvexValue.Obj obj -> new PString("[object Object]");
        };
    }

    /** {@code Array.prototype.join(",")}: null and undefined elements become empty strings. */
    private static String join(ConvexValue.Array array) {
        StringBuilder out = new StringBuilder();
        List<ConvexValue> values = array.values();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            ConvexValue element = values.get(i);
            if (element != null && !(element instanceof ConvexValue.Null)) {
                out.append(toJsString(element));
            }
        }
        return out.toString();
    }

    private static String primToString(Prim prim) {
        return switch (prim) {
            case PUndefined u -> "undefined";
            case PNull n -> "null";
            case PBool b -> Boolean.toString(b.value());
            case PNumber n -> numberToString(n.value());
            case PBigInt b -> b.value().toString();
            case PString s -> s.value();
        };
    }

    /** ToString of any value, as {@code String(value)} or template interpolation gives it. */
    public static String toJsString(@Nullable ConvexValue value) {
        return primToString(toPrimitive(value));
    }

    /** ToNumeric of a primitive: a {@link PNumber} or a {@link PBigInt}. */
    private static Prim toNumeric(Prim prim) {
        return switch (prim) {
            case PUndefined u -> new PNumber(Double.NaN);
            case PNull n -> new PNumber(0);
            case PBool b -> new PNumber(b.value() ? 1 : 0);
            case PNumber n -> n;
            case PBigInt b -> b;
            case PString s -> new PNumber(stringToNumber(s.value()));
        };
    }

    /** ToNumber of a value that is not a bigint (a bigint throws V8's TypeError). */
    public static double toNumber(@Nullable ConvexValue value) {
        return switch (toNumeric(toPrimitive(value))) {
            case PNumber n -> n.value();
            case PBigInt b -> throw JsException.typeError("Cannot convert a BigInt value to a number");
            default -> throw new IllegalStateException("ToNumeric returned a non-numeric");
        };
    }

    // ━━ Operators ━━

    /**
     * {@code a + b}: string concatenation when either operand is (or converts by ToPrimitive to) a
     * string, else numeric addition; a bigint with a number throws V8's TypeError.
     */
    public static ConvexValue add(@Nullable ConvexValue a, @Nullable ConvexValue b) {
        Prim left = toPrimitive(a);
        Prim right = toPrimitive(b);
        if (left instanceof PString || right instanceof PString) {
            return ConvexValue.str(primToString(left) + primToString(right));
        }
        return arithmetic(toNumeric(left), toNumeric(right), true);
    }

    /** {@code a - b}: both operands ToNumeric (strings by StringToNumber, arrays through their join). */
    public static ConvexValue subtract(@Nullable ConvexValue a, @Nullable ConvexValue b) {
        return arithmetic(toNumeric(toPrimitive(a)), toNumeric(toPrimitive(b)), false);
    }

    private static ConvexValue arithmetic(Prim left, Prim right, boolean add) {
        if (left instanceof PNumber l && right instanceof PNumber r) {
            return ConvexValue.float64(add ? l.value() + r.value() : l.value() - r.value());
        }
        if (left instanceof PBigInt l && right instanceof PBigInt r) {
            return int64(add ? l.value().add(r.value()) : l.value().subtract(r.value()));
        }
        throw JsException.typeError(MIX_BIGINT_MESSAGE);
    }

    /**
     * A bigint result as a Convex int64; outside int64, the error Convex's serializer ({@code
     * convexToJson}) raises when the value is written.
     */
    private static ConvexValue int64(BigInteger value) {
        if (value.compareTo(MIN_INT64) < 0 || value.compareTo(MAX_INT64) > 0) {
            throw new JsException("BigInt " + value + " does not fit into a 64-bit signed integer.");
        }
        return ConvexValue.int64(value.longValueExact());
    }

    /**
     * {@code a < b} (IsLessThan): strings compare by UTF-16 code units, everything else by ToNumeric,
     * bigints and numbers exactly; NaN makes it false.
     */
    public static boolean lessThan(@Nullable ConvexValue a, @Nullable ConvexValue b) {
        Prim left = toPrimitive(a);
        Prim right = toPrimitive(b);
        if (left instanceof PString l && right instanceof PString r) {
            return l.value().compareTo(r.value()) < 0;
        }
        Prim ln = left instanceof PString ls && right instanceof PBigInt
                ? stringToBigIntOrNaN(ls.value())
                : toNumeric(left);
        Prim rn = right instanceof PString rs && left instanceof PBigInt
                ? stringToBigIntOrNaN(rs.value())
                : toNumeric(right);
        BigDecimal l = exact(ln);
        BigDecimal r = exact(rn);
        if (l == null || r == null) {
            // NaN on either side; infinities are handled by exact() returning null only for NaN.
            return infinityLess(ln, rn);
        }
        return l.compareTo(r) < 0;
    }

    /** {@code a > b}: {@code b < a}. */
    public static boolean greaterThan(@Nullable ConvexValue a, @Nullable ConvexValue b) {
        return lessThan(b, a);
    }

    private static Prim stringToBigIntOrNaN(String s) {
        String t = trimJsWhitespace(s);
        if (t.isEmpty()) {
            return new PBigInt(BigInteger.ZERO);
        }
        if (!t.matches("[+-]?[0-9]+")) {
            return new PNumber(Double.NaN);
        }
        return new PBigInt(new BigInteger(t));
    }

    /** The exact value of a finite number or bigint; null for NaN and infinities. */
    private static @Nullable BigDecimal exact(Prim numeric) {
        return switch (numeric) {
            case PNumber n when Double.isFinite(n.value()) -> new BigDecimal(n.value());
            case PBigInt b -> new BigDecimal(b.value());
            default -> null;
        };
    }

    private static boolean infinityLess(Prim left, Prim right) {
        double l = left instanceof PNumber n ? n.value() : 0;
        double r = right instanceof PNumber n ? n.value() : 0;
        if (Double.isNaN(l) || Double.isNaN(r)) {
            return false;
        }
        // One side is infinite (the other may be a bigint, whose size is finite).
        if (left instanceof PNumber && Double.isInfinite(l)) {
            return l < 0 && !(right instanceof PNumber && r == Double.NEGATIVE_INFINITY);
        }
        return r > 0;
    }

    // ━━ Number::toString and StringToNumber ━━

    /**
     * {@code Number::toString(x)} (ECMA-262 §6.1.6.1.20): the shortest digits that round-trip, in
     * plain notation for exponents in [-7, 21), else {@code d.ddde±n}; {@code -0} is {@code "0"}.
     */
    public static String numberToString(double x) {
        return JsRender.number(x);
    }

    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(?:Infinity|(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?)");
    private static final Pattern HEX = Pattern.compile("0[xX][0-9a-fA-F]+");
    private static final Pattern OCTAL = Pattern.compile("0[oO][0-7]+");
    private static final Pattern BINARY = Pattern.compile("0[bB][01]+");

    /**
     * StringToNumber (ECMA-262 §7.1.4.1.1): trims JavaScript white space and line terminators; empty
     * is 0; {@code 0x}/{@code 0o}/{@code 0b} integers (unsigned); decimal literals with optional sign,
     * fraction and exponent; {@code Infinity}; anything else NaN.
     */
    public static double stringToNumber(String s) {
        String t = trimJsWhitespace(s);
        if (t.isEmpty()) {
            return 0;
        }
        if (HEX.matcher(t).matches()) {
            return new BigInteger(t.substring(2), 16).doubleValue();
        }
        if (OCTAL.matcher(t).matches()) {
            return new BigInteger(t.substring(2), 8).doubleValue();
        }
        if (BINARY.matcher(t).matches()) {
            return new BigInteger(t.substring(2), 2).doubleValue();
        }
        if (DECIMAL.matcher(t).matches()) {
            return Double.parseDouble(t);
        }
        return Double.NaN;
    }

    /** Strips ECMAScript WhiteSpace and LineTerminator code points from both ends. */
    static String trimJsWhitespace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isJsWhitespace(s.charAt(start))) {
            start++;
        }
        while (end > start && isJsWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isJsWhitespace(char c) {
        return switch (c) {
            case '\t',
                    '\n',
                    '\u000B',
                    '\f',
                    '\r',
                    ' ',
                    '\u00A0',
                    '\u1680',
                    '\u2028',
                    '\u2029',
                    '\u202F',
                    '\u205F',
                    '\u3000',
                    '\uFEFF' -> true;
            default -> c >= '\u2000' && c <= '\u200A';
        };
    }

    // ━━ Arrays ━━

    /**
     * {@code list.slice(start)} (ECMA-262 §23.1.3.28): {@code start} by ToIntegerOrInfinity (NaN is 0,
     * fractions truncate toward zero), a negative start counts from the end, both clamp to the list.
     */
    public static <T> List<T> slice(List<T> list, double start) {
        return slice(list, start, Double.POSITIVE_INFINITY);
    }

    /** {@code list.slice(start, end)}, with {@code end} converted like {@code start}. */
    public static <T> List<T> slice(List<T> list, double start, double end) {
        int length = list.size();
        int from = relativeIndex(start, length);
        int to = relativeIndex(end, length);
        return to <= from ? List.of() : List.copyOf(list.subList(from, to));
    }

    private static int relativeIndex(double position, int length) {
        double relative = toIntegerOrInfinity(position);
        if (relative < 0) {
            return (int) Math.max(length + relative, 0);
        }
        return (int) Math.min(relative, length);
    }

    /** ToIntegerOrInfinity of a number: NaN and ±0 are 0, else truncated toward zero. */
    public static double toIntegerOrInfinity(double number) {
        if (Double.isNaN(number) || number == 0) {
            return 0;
        }
        if (Double.isInfinite(number)) {
            return number;
        }
        return number < 0 ? Math.ceil(number) : Math.floor(number);
    }

    /**
     * A stable sort by a JavaScript comparator that returns a number: negative puts {@code a} first,
     * positive {@code b}, zero (also -0) and NaN keep their order, as V8's {@code Array.prototype.sort}.
     */
    public static <T> List<T> sort(List<T> list, ToDoubleBiFunction<T, T> comparator) {
        List<T> sorted = new ArrayList<>(list);
        Comparator<T> javaComparator = (a, b) -> {
            double result = comparator.applyAsDouble(a, b);
            return result < 0 ? -1 : result > 0 ? 1 : 0;
        };
        sorted.sort(javaComparator); // List.sort is a stable merge sort (TimSort)
        return sorted;
    }

    // ━━ Strings ━━

    /** {@code a.localeCompare(b)}: ICU root collation (tertiary strength), -1, 0 or 1. */
    public static int localeCompare(String a, String b) {
        return Integer.signum(ROOT_COLLATOR.compare(a, b));
    }

    /**
     * The sort key of {@code s} under the collator of {@link #localeCompare}: for any strings a and b,
     * {@code Arrays.compareUnsigned(collationKey(a), collationKey(b))} has the sign of {@code
     * localeCompare(a, b)}, and the keys are equal exactly when it is 0 (ICU sort keys, which end
     * with a 0 byte and hold no other). What an index stores to read entries in {@code localeCompare}
     * order.
     */
    public static byte[] collationKey(String s) {
        return ROOT_COLLATOR.getCollationKey(s).toByteArray();
    }

    /**
     * Identifies what {@link #collationKey} computes: the ICU version and the collator's version
     * (rules and UCA data). An index of collation keys stored under another version must be rebuilt.
     */
    public static String collationVersion() {
        return "icu4j-" + VersionInfo.ICU_VERSION + "/root-" + ROOT_COLLATOR.getVersion();
    }

    /** {@code s.startsWith(prefix)}: compares UTF-16 code units. */
    public static boolean startsWith(String s, String prefix) {
        return s.startsWith(prefix);
    }

    // ━━ Storing: what Convex's serializer rejects ━━

    /**
     * The plain error Convex's serializer ({@code convexToJson}) raises when a write holds {@code
     * undefined} where no undefined may be, such as an array element: {@code path} locates it (e.g.
     * {@code .value[2]}) and {@code original} is the written object, rendered as Convex renders it
     * (see {@link JsonForError}). The original is a tree of {@link ConvexValue}s, Java lists and maps
     * (in JavaScript field order), with Java {@code null} for {@code undefined}.
     */
    public static JsException undefinedIsNotAValidConvexValue(String path, Map<String, ?> original) {
        return new JsException("undefined is not a valid Convex value (present at path "
                + path
                + " in original object "
                + JsonForError.stringify(original)
                + "). To learn about Convex's supported types, see https://docs.convex.dev/using/types.");
    }
}
