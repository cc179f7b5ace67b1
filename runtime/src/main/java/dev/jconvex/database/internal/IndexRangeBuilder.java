package dev.jconvex.database.internal;

import dev.jconvex.database.IndexRange;
import dev.jconvex.errors.ErrorCode;
import dev.jconvex.values.ConvexValue;
import dev.jconvex.values.KeyEncoding;
import dev.jconvex.values.ValueDisplay;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Collects a {@code withIndex} range ({@code q.eq(...).gte(...).lt(...)}) and compiles it to one
 * interval of index keys (spec values-and-validation §6.3): the {@code eq} fields must be exactly a
 * prefix of the index fields, in any call order, and the one range field (if any) the field right
 * after them.
 */
final class IndexRangeBuilder implements IndexRange {

    private record Bound(String field, String op, @Nullable ConvexValue value) {}

    /** The expressions in call order; split and checked by {@link #compile} as Convex does. */
    private final List<Bound> expressions = new ArrayList<>();

    private Map<String, ConvexValue> eqs = Map.of();
    private @Nullable Bound lower;
    private @Nullable Bound upper;

    @Override
    public IndexRange eq(String field, @Nullable ConvexValue value) {
        expressions.add(new Bound(field, "==", value));
        return this;
    }

    @Override
    public IndexRange gt(String field, @Nullable ConvexValue value) {
        expressions.add(new Bound(field, ">", value));
        return this;
    }

    @Override
    public IndexRange gte(String field, @Nullable ConvexValue value) {
        expressions.add(new Bound(field, ">=", value));
        return this;
    }

    @Override
    public IndexRange lt(String field, @Nullable ConvexValue value) {
        expressions.add(new Bound(field, "<", value));
        return this;
    }

    @Override
    public IndexRange lte(String field, @Nullable ConvexValue value) {
        expressions.add(new Bound(field, "<=", value));
        return this;
    }

    /**
     * Splits the expressions into equalities and one inequality field (spec §6.3): a second
     * equality on a field reports the value already there; a second lower or upper bound reports
     * the new one; bounds on two fields, then an equality on the bounded field, are errors.
     */
    private void split(String indexName) {
        eqs = new LinkedHashMap<>();
        lower = null;
        upper = null;
        String rangeField = null;
        for (Bound e : expressions) {
            if (e.op().equals("==")) {
                if (eqs.containsKey(e.field())) {
                    throw alreadyDefined("equality", e.field(), "==", eqs.get(e.field()));
                }
                eqs.put(e.field(), e.value());
                continue;
            }
            boolean isUpper = e.op().startsWith("<");
            if ((isUpper ? upper : lower) != null) {
                throw alreadyDefined(isUpper ? "upper" : "lower", e.field(), e.op(), e.value());
            }
            if (rangeField != null && !rangeField.equals(e.field())) {
                throw Errors.of(
                        ErrorCode.BoundsOnMultipleFields,
                        "Upper and lower bounds in `range` can only be applied to a single index field. This query"
                                + " against index " + indexName + " attempted to set a range bound on both \""
                                + rangeField + "\" and \"" + e.field() + "\". Consider using `filter` instead. See"
                                + " https://docs.convex.dev/using/indexes for more info.");
            }
            rangeField = e.field();
            if (isUpper) {
                upper = e;
            } else {
                lower = e;
            }
        }
        if (rangeField != null && eqs.containsKey(rangeField)) {
            throw alreadyDefined("inequality", rangeField, "==", eqs.get(rangeField));
        }
    }

    private static RuntimeException alreadyDefined(String kind, String field, String op, @Nullable ConvexValue value) {
        return Errors.of(
                ErrorCode.AlreadyDefinedBound,
                "Already defined " + kind + " bound in index range. Can't add \"" + field + "\" " + op + " "
                        + (value == null ? "undefined" : ValueDisplay.display(value)) + ".");
    }

    /** A compiled range: [lo, hi) of index keys ({@code hi} null = unbounded) and a description. */
    record Compiled(byte[] lo, byte[] hi, java.util.function.Supplier<String> describe) {
        /** The range as text (built on demand: only pagination cursors need it). */
        String description() {
            return describe.get();
        }
    }

    Compiled compile(TableInfo table, IndexInfo index) {
        String indexNameForSplit = table.name() + "." + index.name();
        split(indexNameForSplit);
        String indexName = table.name() + "." + index.name();
        List<String> fields = index.keyFields();
        List<String> shown = fields.subList(0, fields.size() - 1); // _id is not listed (§6.3)
        String rangeField = lower != null ? lower.field() : upper != null ? upper.field() : null;
        List<String> mentioned = new ArrayList<>(eqs.keySet());
        if (rangeField != null) {
            mentioned.add(rangeField);
        }
        for (String f : mentioned) {
            if (!fields.contains(f)) {
                throw Errors.of(
                        ErrorCode.FieldNotInIndex,
                        "The index range included a comparison with \"" + f + "\", but " + indexName + " with fields "
                                + quoted(shown) + " doesn't index this field. For more information see"
                                + " https://docs.convex.dev/using/indexes.");
            }
        }
        List<String> queryFields = new ArrayList<>(eqs.keySet());
        queryFields.sort((a, b) -> Integer.compare(fields.indexOf(a), fields.indexOf(b)));
        if (rangeField != null) {
            queryFields.add(rangeField);
        }
        for (int i = 0; i < queryFields.size(); i++) {
            if (!queryFields.get(i).equals(fields.get(i))) {
                throw Errors.of(
                        ErrorCode.InvalidIndexRange,
                        "Tried to query index " + indexName + " but the query didn't use the index fields in order.\n"
                                + "Index fields: " + quoted(shown) + "\nQuery fields: " + quoted(queryFields)
                                + "\nFirst incorrect field: \"" + queryFields.get(i) + "\"\nFor more information see"
                                + " https://docs.convex.dev/using/indexes.");
            }
        }
        List<ConvexValue> prefixValues = new ArrayList<>();
        for (int i = 0; i < eqs.size(); i++) {
            prefixValues.add(eqs.get(fields.get(i)));
        }
        // [tuple, tupleRangeEnd(tuple)) holds exactly the keys whose leading values equal the tuple's
        // (not a byte prefix: the key of "a\u0000" starts with the bytes of "a")
        byte[] prefix = KeyEncoding.encodeTuple(prefixValues);
        byte[] lo = prefix;
        byte[] hi = KeyEncoding.tupleRangeEnd(prefix);
        if (lower != null) {
            byte[] bound = withValue(prefixValues, lower.value());
            lo = lower.op().equals(">=") ? bound : KeyEncoding.tupleRangeEnd(bound);
        }
        if (upper != null) {
            byte[] bound = withValue(prefixValues, upper.value());
            hi = upper.op().equals("<") ? bound : KeyEncoding.tupleRangeEnd(bound);
        }
        var lowerBound = lower;
        var upperBound = upper;
        var equalities = new LinkedHashMap<>(eqs);
        return new Compiled(
                lo,
                hi,
                () -> equalities.entrySet().stream()
                                .map(e -> e.getKey() + "==" + e.getValue())
                                .collect(Collectors.joining(","))
                        + (lowerBound == null ? "" : "," + lowerBound)
                        + (upperBound == null ? "" : "," + upperBound));
    }

    private static byte[] withValue(List<ConvexValue> prefix, @Nullable ConvexValue value) {
        List<ConvexValue> values = new ArrayList<>(prefix);
        values.add(value);
        return KeyEncoding.encodeTuple(values);
    }

    private static String quoted(List<String> fields) {
        return fields.stream().map(f -> "\"" + f + "\"").collect(Collectors.joining(", ", "[", "]"));
    }
}
