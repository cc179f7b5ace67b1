package dev.jconvex.values;

import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;

/**
 * Convex's byte size and nesting depth of values, and the value and document limits of values §1.6,
 * with the backend's exact error texts.
 *
 * <p>Size: null and boolean 1; int64 and float64 9; string 2 + UTF-8 length; bytes 2 + length;
 * array 2 + Σ elements; object 2 + Σ (name bytes + 1 + value size). Nesting: scalars 0, a container
 * 1 + the deepest child.
 */
public final class ValueSize {

    /** Largest document in a user table, system fields included (§1.6). */
    public static final long MAX_USER_DOCUMENT_SIZE = 1L << 20;
    /** Largest value of any kind (§1.6). */
    public static final long MAX_VALUE_SIZE = 1L << 25;
    /** Longest array (§1.6). */
    public static final int MAX_ARRAY_LENGTH = 8192;
    /** Most fields in an object (§1.6). */
    public static final int MAX_OBJECT_FIELDS = 1024;
    /** Deepest nesting of any value (§1.6). */
    public static final int MAX_VALUE_NESTING = 64;
    /** Deepest nesting of a stored document, the document itself counting 1 (§1.6). */
    public static final int MAX_DOCUMENT_NESTING = 16;

    private ValueSize() {}

    /** The Convex size of {@code v} in bytes. */
    public static long size(ConvexValue v) {
        return switch (v) {
            case ConvexValue.Null n -> 1;
            case ConvexValue.Bool b -> 1;
            case ConvexValue.Int64 i -> 9;
            case ConvexValue.Float64 f -> 9;
            case ConvexValue.Str s -> 2 + Utf8.length(s.value());
            case ConvexValue.Bytes b -> 2 + b.length();
            case ConvexValue.Array a -> {
                List<ConvexValue> values = a.values();
                long total = 2;
                for (int i = 0, n = values.size(); i < n; i++) { // no iterator: this recursion is hot
                    total += size(values.get(i));
                }
                yield total;
            }
            case ConvexValue.Obj o -> {
                Fields f = (Fields) o.fields();
                int known = f.encodedSize;
                if (known >= 0) {
                    yield known;
                }
                long total = 2;
                for (int i = 0; i < f.names.length; i++) {
                    total += Utf8.length(f.names[i]) + 1 + size(f.values[i]);
                }
                if (total <= Integer.MAX_VALUE) {
                    f.encodedSize = (int) total;
                }
                yield total;
            }
        };
    }

    /** The nesting depth of {@code v}: 0 for scalars, 1 + the deepest child for containers. */
    public static int nesting(ConvexValue v) {
        return switch (v) {
            case ConvexValue.Array a -> {
                int max = 0;
                for (ConvexValue e : a.values()) {
                    max = Math.max(max, nesting(e));
                }
                yield 1 + max;
            }
            case ConvexValue.Obj o -> {
                int max = 0;
                for (ConvexValue e : ((Fields) o.fields()).values) {
                    max = Math.max(max, nesting(e));
                }
                yield 1 + max;
            }
            default -> 0;
        };
    }

    /**
     * Checks the limits every value obeys (§1.6), as the backend does while building a value bottom-up
     * (RS {@code ConvexArray}/{@code ConvexObject::try_from}): children first, in order (object fields
     * in sorted order, each name checked before its value), then for each container its length
     * ({@code ArrayTooLong}) or field count ({@code TooManyFieldsError}), its size ≤ 32 MiB
     * ({@code ValueTooLargeError}) and its nesting ≤ 64 ({@code TooNestedError}); field names use the
     * backend's wording ({@code InvalidConvexValue}). So the first violation reported is the
     * backend's, e.g. a value nested 70 deep fails at "nested 65 levels deep".
     *
     * <p>{@link ConvexJson#parse} and {@link ConvexJson#fromJson} already apply these checks.
     *
     * @throws ConvexException with the backend's text for the first violation
     */
    public static void checkValue(ConvexValue v) {
        walk(v, new Walk());
    }

    /**
     * Checks a user document as it will be stored, system fields included (§1.6, §3.1, §3.3): the
     * value limits ({@link #checkValue}); then, as one {@code InvalidDocumentError} listing every
     * violation, nesting ≤ 16, {@code _id} present and a string, {@code _creationTime} present and a
     * float64 in (0, 2^53), no other top-level {@code _} field; then size ≤ 1 MiB
     * ({@code ValueTooLargeError}). Whether {@code _id} matches the document's id is the caller's
     * check ({@code InvalidIdError}).
     *
     * @throws ConvexException with the backend's text for the first violation
     */
    public static void checkDocument(ConvexValue.Obj document) {
        // One walk yields the size and nesting that the document rules need.
        Walk w = new Walk();
        long size = walk(document, w);
        Optional<String> invalid = documentViolations(document, w.nesting);
        if (invalid.isPresent()) {
            throw new ConvexException(
                    ErrorCode.InvalidDocumentError,
                    "Document(value: " + ValueDisplay.display(document) + ") isn't a valid document: " + invalid.get());
        }
        if (size > MAX_USER_DOCUMENT_SIZE) {
            throw new ConvexException(ErrorCode.ValueTooLargeError, tooLargeMessage(size, MAX_USER_DOCUMENT_SIZE));
        }
    }

    /**
     * The document violations of §3.1/§3.3 in the backend's order (RS {@code document.rs
     * validate}), joined by newline and space, or empty: nesting, {@code _id} present and a string,
     * {@code _creationTime} present and a float64 in (0, 2^53), no other top-level {@code _} field.
     */
    static Optional<String> documentViolations(ConvexValue.Obj document, int depth) {
        StringBuilder sb = new StringBuilder();
        if (depth > MAX_DOCUMENT_NESTING) {
            append(
                    sb,
                    "Document is too nested (nested " + depth + " levels deep > maximum nesting " + MAX_DOCUMENT_NESTING
                            + ")");
        }
        ConvexValue id = document.get("_id");
        if (id == null) {
            append(sb, "The '_id' field is missing");
        } else if (!(id instanceof ConvexValue.Str)) {
            append(sb, "The '_id' field " + ValueDisplay.display(id) + " must be an Id");
        }
        ConvexValue creationTime = document.get("_creationTime");
        if (creationTime == null) {
            append(sb, "The '_creationTime' field is missing");
        } else if (creationTime instanceof ConvexValue.Float64 f) {
            double t = f.value();
            if (!(t > 0 && t < 9007199254740992.0)) {
                append(
                        sb,
                        "The '_creationTime' field should be a timestamp in milliseconds, is "
                                + ValueDisplay.rustDisplay(t));
            }
        } else {
            append(sb, "The '_creationTime' field should be a float, is " + ValueDisplay.display(creationTime));
        }
        for (String name : document.fields().keySet()) {
            if (name.startsWith("_") && !name.equals("_id") && !name.equals("_creationTime")) {
                append(
                        sb,
                        "Field '" + name + "' starts with an underscore, which is only allowed for system fields"
                                + " like '_id'");
            }
        }
        return sb.isEmpty() ? Optional.empty() : Optional.of(sb.toString());
    }

    private static void append(StringBuilder sb, String violation) {
        if (!sb.isEmpty()) {
            sb.append("\n ");
        }
        sb.append(violation);
    }

    /** {@code Value is too large ({size} > maximum size {limit})}, sizes in binary units (§1.6). */
    public static String tooLargeMessage(long size, long limit) {
        return "Value is too large (" + humanSize(size) + " > maximum size " + humanSize(limit) + ")";
    }

    /**
     * A byte count in binary units as the Rust {@code humansize} crate (2.x, {@code BINARY}) prints
     * it: divide by 1024 while ≥ 1024; no decimals when the result is integral ({@code 512 B},
     * {@code 1 MiB}), otherwise exactly two, rounded half-to-even ({@code 1.00 MiB}, {@code 1.01 MiB}).
     */
    public static String humanSize(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = 0;
        while (Math.abs(value) >= 1024) {
            value /= 1024;
            unit++;
        }
        String number = value == Math.rint(value)
                ? new BigDecimal(value).setScale(0, RoundingMode.HALF_EVEN).toPlainString()
                : new BigDecimal(value).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
        return number + " " + units[unit];
    }

    /** The nesting and size of the last node walked or decoded. */
    static final class Walk {
        int nesting;
        long size;
    }

    private static long walk(ConvexValue v, Walk w) {
        switch (v) {
            case ConvexValue.Array a -> {
                List<ConvexValue> values = a.values();
                long size = 2;
                int childNesting = 0;
                for (int i = 0, n = values.size(); i < n; i++) {
                    size += walk(values.get(i), w);
                    childNesting = Math.max(childNesting, w.nesting);
                }
                w.nesting = checkArray(values.size(), size, childNesting);
                return size;
            }
            case ConvexValue.Obj o -> {
                Fields f = (Fields) o.fields();
                long size = 2;
                int childNesting = 0;
                for (int i = 0; i < f.names.length; i++) {
                    String name = f.names[i];
                    Optional<String> bad = FieldNames.backendError(name);
                    if (bad.isPresent()) {
                        throw new ConvexException(ErrorCode.InvalidConvexValue, bad.get());
                    }
                    size += Utf8.length(name) + 1 + walk(f.values[i], w);
                    childNesting = Math.max(childNesting, w.nesting);
                }
                w.nesting = checkObject(f.names.length, size, childNesting);
                return size;
            }
            default -> {
                long size = size(v);
                checkSystemSize(size);
                w.nesting = 0;
                return size;
            }
        }
    }

    /** The container checks of an array of {@code length} elements; returns its nesting. */
    static int checkArray(int length, long size, int childNesting) {
        if (length > MAX_ARRAY_LENGTH) {
            throw new ConvexException(ErrorCode.ArrayTooLong, arrayTooLongMessage(length));
        }
        return checkContainer(size, childNesting);
    }

    /** The container checks of an object of {@code count} fields; returns its nesting. */
    static int checkObject(int count, long size, int childNesting) {
        if (count > MAX_OBJECT_FIELDS) {
            throw new ConvexException(ErrorCode.TooManyFieldsError, tooManyFieldsMessage(count));
        }
        return checkContainer(size, childNesting);
    }

    private static int checkContainer(long size, int childNesting) {
        checkSystemSize(size);
        int nesting = 1 + childNesting;
        if (nesting > MAX_VALUE_NESTING) {
            throw new ConvexException(
                    ErrorCode.TooNestedError,
                    "Value is too nested (nested " + nesting + " levels deep > maximum nesting " + MAX_VALUE_NESTING
                            + ")");
        }
        return nesting;
    }

    /** Any value, string or byte string over 32 MiB (RS {@code check_system_size}). */
    static void checkSystemSize(long size) {
        if (size > MAX_VALUE_SIZE) {
            throw new ConvexException(ErrorCode.ValueTooLargeError, tooLargeMessage(size, MAX_VALUE_SIZE));
        }
    }

    static String arrayTooLongMessage(int length) {
        return "Array length is too long (" + length + " > maximum length " + MAX_ARRAY_LENGTH + ")";
    }

    static String tooManyFieldsMessage(int count) {
        return "Object has too many fields (" + count + " > maximum number " + MAX_OBJECT_FIELDS + ")";
    }
}
