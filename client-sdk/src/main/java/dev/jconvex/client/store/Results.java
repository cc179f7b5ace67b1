package dev.jconvex.client.store;

import dev.jconvex.values.ConvexValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reading fields of the mutable module's results, with a clear error when the shape is unexpected. */
final class Results {
    private Results() {}

    static ConvexValue.Obj obj(ConvexValue v) {
        if (v instanceof ConvexValue.Obj o) {
            return o;
        }
        throw new IllegalStateException("Expected an object from the mutable module, got " + v);
    }

    static String string(ConvexValue.Obj o, String field) {
        if (o.get(field) instanceof ConvexValue.Str s) {
            return s.value();
        }
        throw unexpected(o, field, "a string");
    }

    static Optional<String> optionalString(ConvexValue.Obj o, String field) {
        return o.get(field) instanceof ConvexValue.Str s ? Optional.of(s.value()) : Optional.empty();
    }

    static double number(ConvexValue.Obj o, String field) {
        return switch (o.get(field)) {
            case ConvexValue.Float64 f -> f.value();
            case ConvexValue.Int64 i -> i.value();
            case null, default -> throw unexpected(o, field, "a number");
        };
    }

    static boolean bool(ConvexValue.Obj o, String field) {
        if (o.get(field) instanceof ConvexValue.Bool b) {
            return b.value();
        }
        throw unexpected(o, field, "a boolean");
    }

    static List<String> strings(ConvexValue.Obj o, String field) {
        List<String> out = new ArrayList<>();
        if (o.get(field) instanceof ConvexValue.Array a) {
            for (ConvexValue v : a.values()) {
                if (v instanceof ConvexValue.Str s) {
                    out.add(s.value());
                }
            }
        }
        return out;
    }

    private static IllegalStateException unexpected(ConvexValue.Obj o, String field, String what) {
        return new IllegalStateException("Expected field " + field + " to be " + what + " in " + o);
    }
}
