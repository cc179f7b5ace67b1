package dev.jconvex.values;

import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The order-preserving binary encoding of values and tuples of values used for index keys (values
 * §2.4, FoundationDB-tuple style).
 *
 * <p>Invariant: for any values a, b, {@code Arrays.compareUnsigned(encode(a), encode(b))} has the
 * sign of {@link ValueOrder#compare}(a, b); for tuples the byte order is the element-wise order,
 * with undefined (Java null) smallest. Every encoding is self-delimiting, so a tuple's encoding is
 * the concatenation of its elements' encodings.
 *
 * <p>Layout: undefined {@code 01}; null {@code 03}; int64 {@code 08±k} then the value big-endian
 * two's complement in the narrowest of 1, 2, 4 or 8 bytes that holds it as a signed number
 * (k = 1..4, + for positive, zero is the bare tag {@code 08}); float64 {@code 0D} then 8 bytes big-endian with all bits flipped when negative, else
 * only the sign bit; false {@code 0E}, true {@code 0F}; string {@code 10} and bytes {@code 11}, then
 * the bytes with each {@code 00} escaped as {@code 00 FF}, then {@code 00}; array {@code 12},
 * elements, {@code 00}; object {@code 15}, then per field the escaped name, {@code 00} (plus
 * {@code FF} for the empty name) and the value, then {@code 00}.
 */
public final class KeyEncoding {

    static final byte UNDEFINED = 0x01;
    static final byte NULL = 0x03;
    static final byte INT_ZERO = 0x08;
    static final byte FLOAT = 0x0D;
    static final byte FALSE = 0x0E;
    static final byte TRUE = 0x0F;
    static final byte STRING = 0x10;
    static final byte BYTES = 0x11;
    static final byte ARRAY = 0x12;
    static final byte OBJECT = 0x15;

    private KeyEncoding() {}

    /** The sort key of one value. */
    public static byte[] encode(ConvexValue v) {
        Sink s = new Sink(16);
        write(s, v);
        return s.toArray();
    }

    /** The sort key of a tuple; a Java null element is undefined (a missing field). */
    public static byte[] encodeTuple(List<? extends ConvexValue> values) {
        Sink s = new Sink(16 * Math.max(1, values.size()));
        for (ConvexValue v : values) {
            writeOrUndefined(s, v);
        }
        return s.toArray();
    }

    /**
     * The key of a document in a user index (values §6.1): the indexed field values (Java null =
     * missing), then {@code _creationTime}, then {@code _id} as a string.
     */
    public static byte[] encodeIndexKey(List<? extends ConvexValue> fieldValues, double creationTime, String id) {
        Sink s = new Sink(16 * fieldValues.size() + 9 + 2 + id.length());
        for (ConvexValue v : fieldValues) {
            writeOrUndefined(s, v);
        }
        writeFloat(s, creationTime);
        writeString(s, STRING, id);
        return s.toArray();
    }

    /**
     * The end of the range of tuples that begin with the tuple encoded as {@code prefix}: {@code
     * prefix ‖ FF}. Every tuple with more elements after those sorts below it (no element encoding
     * starts with {@code FF}), while a tuple whose last prefix element is merely longer sorts at or
     * above it: a string or bytes that continue with an escaped NUL ({@code 00 FF}), an object that
     * continues with an empty field name. So {@code [encodeTuple(p), tupleRangeEnd(encodeTuple(p)))}
     * is exactly the tuples whose first elements equal p, which {@link #prefixSuccessor} is not: its
     * range of ("a") also holds ("a\u0000").
     */
    public static byte[] tupleRangeEnd(byte[] prefix) {
        byte[] end = Arrays.copyOf(prefix, prefix.length + 1);
        end[prefix.length] = (byte) 0xFF;
        return end;
    }

    /**
     * The smallest byte string greater than every string that starts with {@code prefix}: the end of
     * a prefix range. Returns Java null when there is none (an empty or all-{@code FF} prefix): the
     * range is unbounded above.
     */
    public static byte @Nullable [] prefixSuccessor(byte[] prefix) {
        int end = prefix.length;
        while (end > 0 && prefix[end - 1] == (byte) 0xFF) {
            end--;
        }
        if (end == 0) {
            return null;
        }
        byte[] out = Arrays.copyOf(prefix, end);
        out[end - 1]++;
        return out;
    }

    private static void writeOrUndefined(Sink s, ConvexValue v) {
        if (v == null) {
            s.put(UNDEFINED);
        } else {
            write(s, v);
        }
    }

    private static void write(Sink s, ConvexValue v) {
        switch (v) {
            case ConvexValue.Null n -> s.put(NULL);
            case ConvexValue.Int64 i -> writeInt(s, i.value());
            case ConvexValue.Float64 f -> writeFloat(s, f.value());
            case ConvexValue.Bool b -> s.put(b.value() ? TRUE : FALSE);
            case ConvexValue.Str str -> writeString(s, STRING, str.value());
            case ConvexValue.Bytes b -> writeBytes(s, ConvexValue.Bytes.raw(b));
            case ConvexValue.Array a -> {
                s.put(ARRAY);
                for (ConvexValue e : a.values()) {
                    write(s, e);
                }
                s.put((byte) 0);
            }
            case ConvexValue.Obj o -> {
                Fields f = (Fields) o.fields();
                s.put(OBJECT);
                for (int i = 0; i < f.names.length; i++) {
                    String name = f.names[i];
                    writeEscapedUtf8(s, name);
                    s.put((byte) 0);
                    if (name.isEmpty()) {
                        s.put((byte) 0xFF);
                    }
                    write(s, f.values[i]);
                }
                s.put((byte) 0);
            }
        }
    }

    private static void writeInt(Sink s, long v) {
        if (v == 0) {
            s.put(INT_ZERO);
            return;
        }
        // Signed ranges, as the backend's write_tagged_int: the narrowest two's-complement width.
        int width = v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE
                ? 1
                : v >= Short.MIN_VALUE && v <= Short.MAX_VALUE
                        ? 2
                        : v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? 4 : 8;
        int k = width == 1 ? 1 : width == 2 ? 2 : width == 4 ? 3 : 4;
        s.put((byte) (v > 0 ? INT_ZERO + k : INT_ZERO - k));
        s.ensure(width);
        for (int shift = (width - 1) * 8; shift >= 0; shift -= 8) {
            s.buf[s.len++] = (byte) (v >>> shift);
        }
    }

    private static void writeFloat(Sink s, double d) {
        long bits = Double.doubleToRawLongBits(d);
        bits = bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
        s.put(FLOAT);
        s.ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            s.buf[s.len++] = (byte) (bits >>> shift);
        }
    }

    private static void writeBytes(Sink s, byte[] bytes) {
        s.put(BYTES);
        s.ensure(bytes.length + 1);
        for (byte b : bytes) {
            s.put(b);
            if (b == 0) {
                s.put((byte) 0xFF);
            }
        }
        s.put((byte) 0);
    }

    private static void writeString(Sink s, byte tag, String str) {
        s.put(tag);
        writeEscapedUtf8(s, str);
        s.put((byte) 0);
    }

    /** UTF-8 encodes {@code str} with each NUL byte escaped as {@code 00 FF}. */
    private static void writeEscapedUtf8(Sink s, String str) {
        int n = str.length();
        s.ensure(n + 1);
        for (int i = 0; i < n; i++) {
            char c = str.charAt(i);
            if (c < 0x80) {
                s.put((byte) c);
                if (c == 0) {
                    s.put((byte) 0xFF);
                }
            } else if (c < 0x800) {
                s.ensure(2);
                s.buf[s.len++] = (byte) (0xC0 | (c >> 6));
                s.buf[s.len++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n) {
                int cp = Character.toCodePoint(c, str.charAt(++i));
                s.ensure(4);
                s.buf[s.len++] = (byte) (0xF0 | (cp >> 18));
                s.buf[s.len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                s.buf[s.len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                s.buf[s.len++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                s.ensure(3);
                s.buf[s.len++] = (byte) (0xE0 | (c >> 12));
                s.buf[s.len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                s.buf[s.len++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    /** A growable byte buffer without the synchronization of ByteArrayOutputStream. */
    private static final class Sink {
        byte[] buf;
        int len;

        Sink(int capacity) {
            buf = new byte[capacity];
        }

        void ensure(int more) {
            if (len + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
            }
        }

        void put(byte b) {
            if (len == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2 + 1);
            }
            buf[len++] = b;
        }

        byte[] toArray() {
            return len == buf.length ? buf : Arrays.copyOf(buf, len);
        }
    }
}
