package dev.jconvex.values;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Generators of Convex values for property tests: small domains (so that pairs often collide or
 * differ in one place) mixed with the whole domain and the edge cases of values §2 (NaN with any
 * payload and sign, ±0, ±Inf, int64 extremes and the width boundaries of the key encoding, empty
 * and astral-plane strings, NUL characters and bytes, empty and nested containers).
 *
 * <p>Values are built directly from jqwik's seeded {@link Random} ({@link Arbitraries#randomValue}):
 * jqwik's combinators cost about half a millisecond per nested value on this machine, too slow for
 * tens of thousands of values per property. Runs stay reproducible from jqwik's seed; failing
 * values are printed by the assertions.
 */
final class ValueArbitraries {

    private static final long[] INT_EDGES = {
        Long.MIN_VALUE,
        Long.MIN_VALUE + 1,
        Long.MAX_VALUE,
        Long.MAX_VALUE - 1,
        0L,
        -1L,
        1L,
        127L,
        128L,
        -128L,
        -129L,
        255L,
        256L,
        32767L,
        32768L,
        -32768L,
        -32769L,
        Integer.MAX_VALUE,
        Integer.MAX_VALUE + 1L,
        Integer.MIN_VALUE,
        Integer.MIN_VALUE - 1L
    };
    private static final double[] FLOAT_EDGES = {
        Double.NaN,
        Double.longBitsToDouble(0xFFF8_0000_0000_0000L),
        Double.longBitsToDouble(0x7FF0_0000_0000_0001L),
        Double.longBitsToDouble(0xFFFF_FFFF_FFFF_FFFFL),
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        0.0,
        -0.0,
        Double.MIN_VALUE,
        -Double.MIN_VALUE,
        Double.MAX_VALUE,
        -Double.MAX_VALUE,
        0.1,
        1e16,
        9007199254740993.0
    };
    private static final String[] STRING_EDGES = {"", "\ud83d\ude00", "\ud800\udc00", "\uffff", "a\ud83d\ude00", "a"};
    private static final char[] SMALL_CHARS = {'a', 'b', '\u0000', '\u00e9', '\uffff', '\ue000'};
    private static final String[] NAME_EDGES = {"", "a", "ab", "b", "A", "_id", "~"};

    private ValueArbitraries() {}

    /** Values nested up to 3 levels. */
    static Arbitrary<ConvexValue> values() {
        return Arbitraries.randomValue(r -> value(r, 3));
    }

    /** Tuples of up to 3 values (nested up to 1 level) where Java null (undefined) is common. */
    static Arbitrary<List<ConvexValue>> tuples() {
        return Arbitraries.randomValue(r -> {
            int n = r.nextInt(4);
            List<ConvexValue> t = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                t.add(r.nextInt(5) == 0 ? null : value(r, 1));
            }
            return t;
        });
    }

    static ConvexValue value(Random r, int depth) {
        int kind = r.nextInt(depth == 0 ? 15 : 19);
        if (kind < 1) {
            return ConvexValue.NULL;
        } else if (kind < 4) {
            return ConvexValue.int64(int64(r));
        } else if (kind < 8) {
            return ConvexValue.float64(float64(r));
        } else if (kind < 9) {
            return ConvexValue.bool(r.nextBoolean());
        } else if (kind < 13) {
            return ConvexValue.str(string(r));
        } else if (kind < 15) {
            return ConvexValue.bytes(bytes(r));
        } else if (kind < 17) {
            int n = r.nextInt(5);
            List<ConvexValue> elements = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                elements.add(value(r, depth - 1));
            }
            return ConvexValue.array(elements);
        } else {
            int n = r.nextInt(5);
            Map<String, ConvexValue> fields = new HashMap<>();
            for (int i = 0; i < n; i++) {
                fields.put(fieldName(r), value(r, depth - 1));
            }
            return ConvexValue.obj(fields);
        }
    }

    static long int64(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> r.nextLong();
            case 1 -> r.nextInt(7) - 3;
            default -> INT_EDGES[r.nextInt(INT_EDGES.length)];
        };
    }

    static double float64(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(40) - 20);
            case 1 -> r.nextInt(7) - 3;
            // Any bit pattern: NaNs with every payload and sign, subnormals, ...
            case 2 -> Double.longBitsToDouble(r.nextLong());
            default -> FLOAT_EDGES[r.nextInt(FLOAT_EDGES.length)];
        };
    }

    static String string(Random r) {
        switch (r.nextInt(3)) {
            case 0: {
                int n = r.nextInt(4);
                StringBuilder sb = new StringBuilder(n);
                for (int i = 0; i < n; i++) {
                    sb.append(SMALL_CHARS[r.nextInt(SMALL_CHARS.length)]);
                }
                return sb.toString();
            }
            case 1: {
                int n = r.nextInt(6);
                StringBuilder sb = new StringBuilder();
                while (n > 0) {
                    // Half ASCII, half anywhere in Unicode (astral planes included), never a surrogate.
                    int cp = r.nextBoolean() ? r.nextInt(0x80) : r.nextInt(Character.MAX_CODE_POINT + 1);
                    if (cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE) {
                        sb.appendCodePoint(cp);
                        n--;
                    }
                }
                return sb.toString();
            }
            default:
                return STRING_EDGES[r.nextInt(STRING_EDGES.length)];
        }
    }

    static byte[] bytes(Random r) {
        int n = r.nextInt(7);
        byte[] b = new byte[n];
        if (r.nextBoolean()) {
            r.nextBytes(b);
        } else {
            for (int i = 0; i < n; i++) {
                b[i] = (byte) (r.nextInt(3) - 1);
            }
        }
        return b;
    }

    /** Valid field names (values §1.3): printable ASCII, not starting with '$'; empty included. */
    static String fieldName(Random r) {
        if (r.nextBoolean()) {
            return NAME_EDGES[r.nextInt(NAME_EDGES.length)];
        }
        int n = r.nextInt(5);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = (char) (' ' + r.nextInt(95));
            sb.append(i == 0 && c == '$' ? 'x' : c);
        }
        return sb.toString();
    }
}
