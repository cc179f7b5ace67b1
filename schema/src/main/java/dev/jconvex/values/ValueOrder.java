package dev.jconvex.values;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The total order of Convex values (values §2), used by indexes, sorting and filter comparisons.
 *
 * <p>Across types: undefined &lt; null &lt; int64 &lt; float64 &lt; boolean &lt; string &lt; bytes &lt;
 * array &lt; object (§2.1). Within a type (§2.2): int64 numerically; float64 by IEEE totalOrder
 * (-NaN &lt; -Inf &lt; -0.0 &lt; +0.0 &lt; +Inf &lt; +NaN); false &lt; true; strings by UTF-8 bytes;
 * bytes unsigned lexicographically; arrays element-wise; objects by their sorted (name, value)
 * pairs. A proper prefix sorts first. Compare-equal is exactly {@link ConvexValue#equals}.
 */
public final class ValueOrder {

    /** {@link #compare} as a comparator. */
    public static final Comparator<ConvexValue> COMPARATOR = ValueOrder::compare;

    private ValueOrder() {}

    /** Compares two values by the total order of §2. */
    public static int compare(ConvexValue a, ConvexValue b) {
        if (a == b) {
            return 0;
        }
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        return switch (a) {
            case ConvexValue.Null n -> 0;
            case ConvexValue.Int64 x -> Long.compare(x.value(), ((ConvexValue.Int64) b).value());
            case ConvexValue.Float64 x -> compareFloat(x.value(), ((ConvexValue.Float64) b).value());
            case ConvexValue.Bool x -> Boolean.compare(x.value(), ((ConvexValue.Bool) b).value());
            case ConvexValue.Str x -> Utf8.compare(x.value(), ((ConvexValue.Str) b).value());
            case ConvexValue.Bytes x ->
                Arrays.compareUnsigned(ConvexValue.Bytes.raw(x), ConvexValue.Bytes.raw((ConvexValue.Bytes) b));
            case ConvexValue.Array x -> compareLists(x.values(), ((ConvexValue.Array) b).values());
            case ConvexValue.Obj x -> compareObjects((Fields) x.fields(), (Fields) ((ConvexValue.Obj) b).fields());
        };
    }

    /** Like {@link #compare}, with Java null as undefined, the smallest of all (§2.1, §6.4). */
    public static int compareWithUndefined(@Nullable ConvexValue a, @Nullable ConvexValue b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return compare(a, b);
    }

    /** Whether two values are equal under this order, with Java null as undefined (§2.3). */
    public static boolean equalWithUndefined(@Nullable ConvexValue a, @Nullable ConvexValue b) {
        return compareWithUndefined(a, b) == 0;
    }

    /** Compares tuples element-wise (Java null elements are undefined); a proper prefix sorts first. */
    public static int compareTuples(List<? extends ConvexValue> a, List<? extends ConvexValue> b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            int c = compareWithUndefined(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /**
     * IEEE-754 totalOrder (Rust {@code f64::total_cmp}, §2.2): flipping the magnitude bits of
     * negative numbers makes the signed comparison of the raw bits the total order.
     */
    static int compareFloat(double a, double b) {
        return Long.compare(floatKey(a), floatKey(b));
    }

    static long floatKey(double d) {
        long bits = Double.doubleToRawLongBits(d);
        return bits ^ ((bits >> 63) >>> 1);
    }

    private static int compareLists(List<ConvexValue> a, List<ConvexValue> b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            int c = compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static int compareObjects(Fields a, Fields b) {
        int n = Math.min(a.names.length, b.names.length);
        for (int i = 0; i < n; i++) {
            int c = Utf8.compare(a.names[i], b.names[i]);
            if (c != 0) {
                return c;
            }
            c = compare(a.values[i], b.values[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.names.length, b.names.length);
    }

    /** The cross-type rank of §2.1 (undefined would be 0). */
    static int rank(ConvexValue v) {
        return switch (v) {
            case ConvexValue.Null n -> 1;
            case ConvexValue.Int64 i -> 2;
            case ConvexValue.Float64 f -> 3;
            case ConvexValue.Bool b -> 4;
            case ConvexValue.Str s -> 5;
            case ConvexValue.Bytes b -> 6;
            case ConvexValue.Array a -> 7;
            case ConvexValue.Obj o -> 8;
        };
    }
}
