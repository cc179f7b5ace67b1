package dev.jconvex.database.internal;

import dev.jconvex.values.ConvexValue;
import java.util.LinkedHashMap;
import java.util.Map;

/** Short constructors for test documents. */
final class Values {
    private Values() {}

    /** An object from alternating names and values; a Java String value becomes a Convex string. */
    static ConvexValue.Obj obj(Object... kv) {
        Map<String, ConvexValue> fields = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            Object v = kv[i + 1];
            fields.put((String) kv[i], v instanceof String s ? ConvexValue.str(s) : (ConvexValue) v);
        }
        return ConvexValue.obj(fields);
    }

    static ConvexValue.Str str(String s) {
        return ConvexValue.str(s);
    }

    static ConvexValue.Float64 f(double d) {
        return ConvexValue.float64(d);
    }

    static ConvexValue.Int64 i(long n) {
        return ConvexValue.int64(n);
    }
}
