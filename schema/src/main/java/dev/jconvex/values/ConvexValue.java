package dev.jconvex.values;

import java.util.List;
import java.util.Map;

/**
 * A Convex value: one of the eight types of Convex's data model (spec values-and-validation §1.1).
 *
 * <p>Every variant is an immutable record. Containers copy their contents on construction; objects
 * keep their fields sorted by the UTF-8 bytes of the field name, as Convex stores and emits them.
 * {@code undefined} is not a value: an absent object field is simply missing.
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

    static Null nul() {
        return NULL;
    }

    static Int64 int64(long value) {
        return new Int64(value);
    }

    static Float64 float64(double value) {
        return new Float64(value);
    }

    static Bool bool(boolean value) {
        return value ? Bool.TRUE : Bool.FALSE;
    }

    static Str str(String value) {
        return new Str(value);
    }

    /** Convex's {@code null}. */
    record Null() implements ConvexValue {}

    /** A signed 64-bit integer (JavaScript {@code bigint}). */
    record Int64(long value) implements ConvexValue {}

    /** An IEEE-754 double (JavaScript {@code number}); NaN, infinities and -0 are all distinct values. */
    record Float64(double value) implements ConvexValue {}

    /** A boolean. */
    record Bool(boolean value) implements ConvexValue {
        public static final Bool TRUE = new Bool(true);
        public static final Bool FALSE = new Bool(false);
    }

    /** A string of Unicode scalar values. */
    record Str(String value) implements ConvexValue {}

    /** A byte string (JavaScript {@code ArrayBuffer}). */
    record Bytes(byte[] value) implements ConvexValue {}

    /** An ordered list of values. */
    record Array(List<ConvexValue> values) implements ConvexValue {}

    /** An object whose fields iterate in ascending UTF-8 byte order of their names. */
    record Obj(Map<String, ConvexValue> fields) implements ConvexValue {}
}
