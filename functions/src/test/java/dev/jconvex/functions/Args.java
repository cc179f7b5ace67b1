package dev.jconvex.functions;

import static dev.jconvex.values.ConvexValue.float64;
import static dev.jconvex.values.ConvexValue.str;

import dev.jconvex.values.ConvexValue;
import dev.jconvex.values.ConvexValue.Obj;
import java.util.LinkedHashMap;
import java.util.Map;

/** Function arguments for the mutable-store tests and benchmarks, written as name/value pairs. */
final class Args {
    private Args() {}

    /**
     * An object of name/value pairs in order: a {@code String} value becomes a Convex string, a
     * {@code Double} a float64, a {@link ConvexValue} stays as it is.
     */
    static Obj args(Object... pairs) {
        Map<String, ConvexValue> fields = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            Object value = pairs[i + 1];
            fields.put(
                    (String) pairs[i],
                    value instanceof String s ? str(s) : value instanceof Double d ? float64(d) : (ConvexValue) value);
        }
        return ConvexValue.obj(fields);
    }
}
