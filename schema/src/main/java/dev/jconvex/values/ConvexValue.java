package dev.jconvex.values;

import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A Convex value: one of the eight types of Convex's data model (spec values-and-validation §1.1).
 *
 * <p>Every variant is an immutable record. Containers copy their contents on construction (a
 * container that is already immutable is shared, not copied); objects keep their fields sorted by
 * the UTF-8 bytes of the field name, as Convex stores and emits them (§1.5). {@code undefined} is
 * not a value: an absent object field is simply missing, and Java {@code null} stands for it where
 * an API speaks of "undefined".
 *
 * <p>{@code equals} is Convex equality (§2.3): it agrees with {@link ValueOrder#compare}, so
 * {@code -0.0 != 0.0} and a NaN equals a NaN with the same bits. {@code toString} is Convex's
 * display form ({@link ValueDisplay}).
 *
 * <p>Limits (size, nesting, field names) are not checked on construction; see {@link ValueSize}.
 */
public sealed interface ConvexValue
        permits ConvexValue.Null,
                ConvexValue.Int64,
                ConvexValue.Float64,
                ConvexValue.Bool,
                ConvexValue.Str,
                ConvexValue.Bytes,
                ConvexValue.Array,
                ConvexValue.Obj {

    /** The one null value. */
    Null NULL = new Null();

    /** Convex's {@code null}. */
    static Null nul() {
        return NULL;
    }

    /** An int64 (JavaScript bigint). */
    static Int64 int64(long value) {
        return new Int64(value);
    }

    /** A float64 (JavaScript number). */
    static Float64 float64(double value) {
        return new Float64(value);
    }

    /** A boolean. */
    static Bool bool(boolean value) {
        return value ? Bool.TRUE : Bool.FALSE;
    }

    /** A string. */
    static Str str(String value) {
        return new Str(value);
    }

    /** A byte string holding a copy of {@code value}. */
    static Bytes bytes(byte[] value) {
        return new Bytes(value);
    }

    /** An array of {@code values} (no Java nulls: {@code undefined} is not an array element). */
    static Array array(List<? extends ConvexValue> values) {
        return new Array(List.copyOf(values));
    }

    /** An array of {@code values}. */
    static Array array(ConvexValue... values) {
        return new Array(List.of(values));
    }

    /** An object; fields whose value is Java null (undefined) are dropped, as Convex does (§1.2). */
    static Obj obj(Map<String, ? extends ConvexValue> fields) {
        @SuppressWarnings("unchecked")
        Map<String, ConvexValue> f = (Map<String, ConvexValue>) fields;
        return new Obj(f);
    }

    /** The empty object. */
    static Obj emptyObj() {
        return Obj.EMPTY;
    }

    /** Convex's {@code null}. */
    record Null() implements ConvexValue {
        @Override
        public String toString() {
            return "null";
        }
    }

    /** A signed 64-bit integer (JavaScript {@code bigint}). */
    record Int64(long value) implements ConvexValue {
        @Override
        public String toString() {
            return Long.toString(value);
        }
    }

    /**
     * An IEEE-754 double (JavaScript {@code number}); NaN, infinities and -0 are all values. Equality
     * compares the raw bits (§2.3): {@code -0.0 != 0.0}, NaNs are equal only with identical bits.
     */
    record Float64(double value) implements ConvexValue {
        @Override
        public boolean equals(Object o) {
            return o instanceof Float64 f && Double.doubleToRawLongBits(f.value) == Double.doubleToRawLongBits(value);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(Double.doubleToRawLongBits(value));
        }

        @Override
        public String toString() {
            return ValueDisplay.display(this);
        }
    }

    /** A boolean. */
    record Bool(boolean value) implements ConvexValue {
        public static final Bool TRUE = new Bool(true);
        public static final Bool FALSE = new Bool(false);

        @Override
        public String toString() {
            return Boolean.toString(value);
        }
    }

    /**
     * A string of Unicode scalar values (§1.1). A Java string with a lone surrogate cannot be
     * represented in UTF-8 and is rejected.
     */
    record Str(String value) implements ConvexValue {
        public Str {
            Objects.requireNonNull(value, "value");
            int bad = Utf8.loneSurrogate(value);
            if (bad >= 0) {
                throw new ConvexException(
                        ErrorCode.InvalidConvexValue,
                        "String contains a lone surrogate at index " + bad + ": strings must be valid Unicode");
            }
        }

        @Override
        public String toString() {
            return ValueDisplay.display(this);
        }
    }

    /**
     * A byte string (JavaScript {@code ArrayBuffer}). The array is copied in and out; equality and
     * hashing are by content.
     */
    record Bytes(byte[] value) implements ConvexValue {
        public Bytes {
            value = value.clone();
        }

        /** A copy of the bytes. */
        @Override
        public byte[] value() {
            return value.clone();
        }

        /** The number of bytes. */
        public int length() {
            return value.length;
        }

        /** The bytes without copying; callers in this package must not modify them. */
        static byte[] raw(Bytes b) {
            return b.value;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && Arrays.equals(b.value, value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return ValueDisplay.display(this);
        }
    }

    /** An ordered list of values (never containing Java null). */
    record Array(List<ConvexValue> values) implements ConvexValue {
        static final Array EMPTY = new Array(List.of());

        public Array {
            values = List.copyOf(values);
        }

        /** The number of elements. */
        public int size() {
            return values.size();
        }

        /** The element at {@code index}. */
        public ConvexValue get(int index) {
            return values.get(index);
        }

        @Override
        public String toString() {
            return ValueDisplay.display(this);
        }
    }

    /**
     * An object whose fields iterate in ascending UTF-8 byte order of their names (§1.5). The map is
     * immutable; entries with a Java null value (undefined) are dropped on construction.
     */
    record Obj(Map<String, ConvexValue> fields) implements ConvexValue {
        static final Obj EMPTY = new Obj(Fields.EMPTY);

        public Obj {
            fields = Fields.of(fields);
        }

        /** The value of {@code field}, or Java null if absent (JavaScript undefined). */
        public @Nullable ConvexValue get(String field) {
            return fields.get(field);
        }

        /** Whether {@code field} is present. */
        public boolean has(String field) {
            return fields.containsKey(field);
        }

        /** The number of fields. */
        public int size() {
            return fields.size();
        }

        /** A copy with {@code field} set to {@code value}; a Java null value removes the field. */
        public Obj with(String field, ConvexValue value) {
            Objects.requireNonNull(field, "field");
            if (value == null) {
                return without(field);
            }
            return new Obj(((Fields) fields).with(field, value));
        }

        /** A copy without {@code field} (this object if it has no such field). */
        public Obj without(String field) {
            Fields f = ((Fields) fields).without(field);
            return f == fields ? this : new Obj(f);
        }

        @Override
        public String toString() {
            return ValueDisplay.display(this);
        }
    }
}
