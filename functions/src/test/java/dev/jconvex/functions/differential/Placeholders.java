package dev.jconvex.functions.differential;

import dev.jconvex.values.ConvexValue;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces what legitimately differs between two backends by placeholders: each document id by
 * {@code "<id:n>"}, n its order of first appearance in the sequence, and {@code _creationTime} by
 * {@code "<creationTime>"} (convex-test derives it from the millisecond clock, the Java runtime from
 * its own). {@code createdAt}/{@code updatedAt} stay exact: both sides run each op at the same
 * {@code Date.now()}.
 */
final class Placeholders {

    private final Map<String, Integer> ids = new HashMap<>();

    Outcome apply(Outcome outcome) {
        return switch (outcome) {
            case Outcome.Value v -> new Outcome.Value(apply(v.value()));
            case Outcome.ConvexErr e -> new Outcome.ConvexErr(apply(e.data()));
            case Outcome.PlainError p -> p;
            case Outcome.ValidationError v -> v;
        };
    }

    private ConvexValue apply(ConvexValue value) {
        return switch (value) {
            case ConvexValue.Array a -> {
                List<ConvexValue> out = a.values().stream().map(this::apply).toList();
                yield ConvexValue.array(out);
            }
            case ConvexValue.Obj o -> {
                Map<String, ConvexValue> out = new LinkedHashMap<>();
                o.fields().forEach((name, field) -> {
                    if (name.equals("_id") && field instanceof ConvexValue.Str id) {
                        out.put(name, ConvexValue.str("<id:" + ids.computeIfAbsent(id.value(), k -> ids.size()) + ">"));
                    } else if (name.equals("_creationTime")) {
                        out.put(name, ConvexValue.str("<creationTime>"));
                    } else {
                        out.put(name, apply(field));
                    }
                });
                yield ConvexValue.obj(out);
            }
            default -> value;
        };
    }
}
