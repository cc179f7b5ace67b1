package dev.jconvex.validators;

import dev.jconvex.values.ConvexValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Convex validator ({@code v.*}, spec values-and-validation §5). Build them with {@link v}.
 *
 * <p>Each variant is an immutable record. {@link #validate} returns the first violation with Convex's
 * exact message (§5.4), {@link #display()} is the backend's rendering of the validator in messages,
 * e.g. {@code v.object({a: v.string(), b: v.optional(v.float64())})}.
 */
public sealed interface Validator
        permits Validator.StringV,
                Validator.Float64V,
                Validator.Int64V,
                Validator.BooleanV,
                Validator.NullV,
                Validator.BytesV,
                Validator.AnyV,
                Validator.LiteralV,
                Validator.IdV,
                Validator.ArrayV,
                Validator.ObjectV,
                Validator.RecordV,
                Validator.UnionV,
                Validator.OptionalV {

    /**
     * Checks a value. Returns the first violation with Convex's exact message (§5.4), or empty.
     *
     * @param tables resolves the table of an id for {@code v.id(table)}
     */
    default Optional<ValidationError> validate(ConvexValue value, TableResolver tables) {
        return Validation.validate(this, value, tables);
    }

    /** Convex's rendering of this validator in error messages, e.g. {@code v.object({a: v.string()})}. */
    default String display() {
        return Display.display(this);
    }

    /** {@code v.string()}: any string. */
    record StringV() implements Validator {}

    /** {@code v.float64()} = {@code v.number()}: any float64, NaN, ±Inf and -0 included; not int64. */
    record Float64V() implements Validator {}

    /** {@code v.int64()} = {@code v.bigint()}: any int64; not float64. */
    record Int64V() implements Validator {}

    /** {@code v.boolean()}. */
    record BooleanV() implements Validator {}

    /** {@code v.null()}. */
    record NullV() implements Validator {}

    /** {@code v.bytes()}. */
    record BytesV() implements Validator {}

    /** {@code v.any()}: every value. */
    record AnyV() implements Validator {}

    /** {@code v.literal(x)}: a value equal to {@code value} under Convex equality (§2.3). */
    record LiteralV(ConvexValue value) implements Validator {}

    /** {@code v.id("t")}: the canonical id string of a document of table {@code tableName} (§4.6). */
    record IdV(String tableName) implements Validator {}

    /** {@code v.array(e)}: an array whose every element matches {@code element}. */
    record ArrayV(Validator element) implements Validator {}

    /**
     * {@code v.object({...})}: an object with exactly these fields (extra fields are rejected);
     * fields whose validator is {@link OptionalV} may be absent. The map iterates in sorted order.
     */
    record ObjectV(Map<String, Validator> fields) implements Validator {
        public ObjectV {
            fields = v.sortedCopy(fields);
        }
    }

    /** {@code v.record(k, val)}: an object whose every name matches {@code keys} and value {@code values}. */
    record RecordV(Validator keys, Validator values) implements Validator {}

    /** {@code v.union(a, b, ...)}: a value matching any member. */
    record UnionV(List<Validator> members) implements Validator {
        public UnionV {
            members = List.copyOf(members);
        }
    }

    /** {@code v.optional(x)}: as an object field, may be absent; elsewhere it is {@code x}. */
    record OptionalV(Validator inner) implements Validator {}
}
