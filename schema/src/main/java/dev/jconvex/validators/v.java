package dev.jconvex.validators;

import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import dev.jconvex.values.ConvexValue;
import dev.jconvex.values.Identifiers;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builders of {@link Validator}s mirroring Convex's {@code v} (values §5.1). Where a Java keyword
 * collides, the name changes: {@code v.bool()} for {@code v.boolean()}, {@code v.nul()} for
 * {@code v.null()}.
 *
 * <p>Definition-time rules are enforced here with Convex's texts: object field names must be
 * identifiers (§1.3), record keys must be strings (§5.1, {@code InvalidRecordType}), float
 * literals must be finite ({@code UnsupportedFloatLiteral}).
 */
@SuppressWarnings("checkstyle:TypeName")
public final class v {

    private static final Validator.StringV STRING = new Validator.StringV();
    private static final Validator.Float64V FLOAT64 = new Validator.Float64V();
    private static final Validator.Int64V INT64 = new Validator.Int64V();
    private static final Validator.BooleanV BOOLEAN = new Validator.BooleanV();
    private static final Validator.NullV NULL = new Validator.NullV();
    private static final Validator.BytesV BYTES = new Validator.BytesV();
    private static final Validator.AnyV ANY = new Validator.AnyV();

    private v() {}

    /** {@code v.string()}. */
    public static Validator.StringV string() {
        return STRING;
    }

    /** {@code v.number()}: same as {@link #float64()}. */
    public static Validator.Float64V number() {
        return FLOAT64;
    }

    /** {@code v.float64()}. */
    public static Validator.Float64V float64() {
        return FLOAT64;
    }

    /** {@code v.int64()}. */
    public static Validator.Int64V int64() {
        return INT64;
    }

    /** {@code v.bigint()}: same as {@link #int64()}. */
    public static Validator.Int64V bigint() {
        return INT64;
    }

    /** {@code v.boolean()}. */
    public static Validator.BooleanV bool() {
        return BOOLEAN;
    }

    /** {@code v.null()}. */
    public static Validator.NullV nul() {
        return NULL;
    }

    /** {@code v.bytes()}. */
    public static Validator.BytesV bytes() {
        return BYTES;
    }

    /** {@code v.any()}. */
    public static Validator.AnyV any() {
        return ANY;
    }

    /** {@code v.optional(x)}: an object field that may be absent (not: may be null). */
    public static Validator.OptionalV optional(Validator inner) {
        return new Validator.OptionalV(inner);
    }

    /** {@code v.nullable(x)} = {@code v.union(x, v.null())}. */
    public static Validator.UnionV nullable(Validator inner) {
        return new Validator.UnionV(List.of(inner, NULL));
    }

    /** {@code v.union(a, b, ...)}. */
    public static Validator.UnionV union(Validator... members) {
        return new Validator.UnionV(Arrays.asList(members));
    }

    /** {@code v.literal("s")}. */
    public static Validator.LiteralV literal(String value) {
        return new Validator.LiteralV(ConvexValue.str(value));
    }

    /**
     * {@code v.literal(x)} for a number.
     *
     * @throws ConvexException {@code UnsupportedFloatLiteral} for NaN and infinities
     */
    public static Validator.LiteralV literal(double value) {
        if (!Double.isFinite(value)) {
            throw new ConvexException(
                    ErrorCode.UnsupportedFloatLiteral,
                    "Infinite or NaN values are not supported in literal validators.");
        }
        return new Validator.LiteralV(ConvexValue.float64(value));
    }

    /**
     * {@code v.literal(5n)}: an int64 literal. A Java {@code int} argument such as {@code literal(5)}
     * also lands here; write {@code literal(5.0)} for JavaScript's {@code v.literal(5)}.
     */
    public static Validator.LiteralV literal(long value) {
        return new Validator.LiteralV(ConvexValue.int64(value));
    }

    /** {@code v.literal(true)}. */
    public static Validator.LiteralV literal(boolean value) {
        return new Validator.LiteralV(ConvexValue.bool(value));
    }

    /** {@code v.array(e)}. */
    public static Validator.ArrayV array(Validator element) {
        return new Validator.ArrayV(element);
    }

    /**
     * {@code v.object({...})}; fields wrapped in {@link #optional} may be absent.
     *
     * @throws ConvexException {@code InvalidIdentifier} if a field name is not an identifier (§1.3)
     */
    public static Validator.ObjectV object(Map<String, ? extends Validator> fields) {
        for (String name : fields.keySet()) {
            Optional<String> bad = Identifiers.error(name);
            if (bad.isPresent()) {
                throw new ConvexException(ErrorCode.InvalidIdentifier, bad.get());
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Validator> f = (Map<String, Validator>) fields;
        return new Validator.ObjectV(f);
    }

    /**
     * {@code v.record(keys, values)}.
     *
     * @throws ConvexException {@code InvalidRecordType} if keys are not a subtype of string or the
     *     values are optional (§5.1)
     */
    public static Validator.RecordV record(Validator keys, Validator values) {
        checkRecordKeys(keys, keys);
        if (values instanceof Validator.OptionalV) {
            throw new ConvexException(ErrorCode.InvalidRecordType, "Records cannot have optional values");
        }
        return new Validator.RecordV(keys, values);
    }

    /** {@code v.id("table")}. */
    public static Validator.IdV id(String table) {
        return new Validator.IdV(table);
    }

    private static void checkRecordKeys(Validator whole, Validator k) {
        switch (k) {
            case Validator.StringV s -> {}
            case Validator.IdV i -> {}
            case Validator.UnionV u -> u.members().forEach(m -> checkRecordKeys(whole, m));
            case Validator.LiteralV l
            when l.value() instanceof ConvexValue.Str ->
                throw new ConvexException(ErrorCode.InvalidRecordType, "Records cannot have string literal keys");
            default ->
                throw new ConvexException(
                        ErrorCode.InvalidRecordType,
                        "Records can only have string keys. Your validator contains a record with key typed as `"
                                + whole.display() + "`, which is not a subtype of `v.string()`");
        }
    }

    /** The fields in sorted (UTF-8 byte) order, unmodifiable. */
    static Map<String, Validator> sortedCopy(Map<String, Validator> fields) {
        String[] names = fields.keySet().toArray(new String[0]);
        Arrays.sort(names, v::compareUtf8);
        LinkedHashMap<String, Validator> sorted = new LinkedHashMap<>();
        for (String n : names) {
            sorted.put(n, java.util.Objects.requireNonNull(fields.get(n), "validator of field " + n));
        }
        return java.util.Collections.unmodifiableMap(sorted);
    }

    static int compareUtf8(String a, String b) {
        return dev.jconvex.values.ValueOrder.compare(ConvexValue.str(a), ConvexValue.str(b));
    }
}
