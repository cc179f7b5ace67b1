package dev.jconvex.validators;

import dev.jconvex.values.ConvexValue;
import dev.jconvex.values.DocumentId;
import dev.jconvex.values.ValueDisplay;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The validation algorithm (values §5.2) and its messages (§5.4).
 *
 * <p>Design: the check recurses and returns the first {@link Failure}; on the way out each level
 * adds its path segment ({@code .field}, {@code [i]}, {@code .keys()}, {@code .values()}), so the
 * message is rendered once, at the top, with the full path. Successful validation allocates
 * nothing.
 */
final class Validation {

    private Validation() {}

    static Optional<ValidationError> validate(Validator validator, ConvexValue value, TableResolver tables) {
        Failure f = check(validator, value, tables);
        return f == null ? Optional.empty() : Optional.of(new ValidationError(f.render()));
    }

    /** A failure at some position; {@code path} holds segments innermost first. */
    private abstract static class Failure {
        final List<String> path = new ArrayList<>(4);

        Failure at(String segment) {
            path.add(segment);
            return this;
        }

        String context() {
            if (path.isEmpty()) {
                return "";
            }
            StringBuilder sb = new StringBuilder("Path: ");
            for (int i = path.size() - 1; i >= 0; i--) {
                sb.append(path.get(i));
            }
            return sb.toString();
        }

        abstract String render();
    }

    private static Failure missingField(String field, ConvexValue.Obj object, Validator.ObjectV validator) {
        return new Failure() {
            @Override
            String render() {
                return "Object is missing the required field `" + field
                        + "`. Consider wrapping the field validator in `v.optional(...)` if this is expected.\n"
                        + context() + "\nObject: " + ValueDisplay.display(object) + "\nValidator: "
                        + validator.display();
            }
        };
    }

    private static Failure extraField(String field, ConvexValue.Obj object, Validator.ObjectV validator) {
        return new Failure() {
            @Override
            String render() {
                return "Object contains extra field `" + field + "` that is not in the validator.\n" + context()
                        + "\nObject: " + ValueDisplay.display(object) + "\nValidator: " + validator.display();
            }
        };
    }

    private static Failure noMatch(ConvexValue value, Validator validator) {
        return new Failure() {
            @Override
            String render() {
                return "Value does not match validator.\n" + context() + "\nValue: " + ValueDisplay.display(value)
                        + "\nValidator: " + validator.display();
            }
        };
    }

    private static Failure literalMismatch(ConvexValue value, ConvexValue literal) {
        return new Failure() {
            @Override
            String render() {
                return "`" + ValueDisplay.display(value) + "` does not match literal validator `v.literal("
                        + Display.literal(literal) + ")`." + context();
            }
        };
    }

    private static Failure idFromOtherTable(String id, String foundTable, String expected) {
        return new Failure() {
            @Override
            String render() {
                String from = foundTable.startsWith("_") ? "a system table" : "table `" + foundTable + "`";
                return "Found ID \"" + id + "\" from " + from
                        + ", which does not match the table name in validator `v.id(\"" + expected + "\")`."
                        + context();
            }
        };
    }

    private static @Nullable Failure check(Validator validator, ConvexValue value, TableResolver tables) {
        return switch (validator) {
            case Validator.StringV s -> value instanceof ConvexValue.Str ? null : noMatch(value, validator);
            case Validator.Float64V f -> value instanceof ConvexValue.Float64 ? null : noMatch(value, validator);
            case Validator.Int64V i -> value instanceof ConvexValue.Int64 ? null : noMatch(value, validator);
            case Validator.BooleanV b -> value instanceof ConvexValue.Bool ? null : noMatch(value, validator);
            case Validator.NullV n -> value instanceof ConvexValue.Null ? null : noMatch(value, validator);
            case Validator.BytesV b -> value instanceof ConvexValue.Bytes ? null : noMatch(value, validator);
            case Validator.AnyV a -> null;
            case Validator.LiteralV l -> l.value().equals(value) ? null : literalMismatch(value, l.value());
            case Validator.IdV id -> checkId(id, value, tables);
            case Validator.OptionalV o -> check(o.inner(), value, tables);
            case Validator.ArrayV a -> {
                if (!(value instanceof ConvexValue.Array arr)) {
                    yield noMatch(value, validator);
                }
                List<ConvexValue> values = arr.values();
                for (int i = 0; i < values.size(); i++) {
                    Failure f = check(a.element(), values.get(i), tables);
                    if (f != null) {
                        yield f.at("[" + i + "]");
                    }
                }
                yield null;
            }
            case Validator.ObjectV o -> checkObject(o, value, tables);
            case Validator.RecordV r -> {
                if (!(value instanceof ConvexValue.Obj obj)) {
                    yield noMatch(value, validator);
                }
                for (Map.Entry<String, ConvexValue> e : obj.fields().entrySet()) {
                    Failure f = check(r.keys(), ConvexValue.str(e.getKey()), tables);
                    if (f != null) {
                        yield f.at(".keys()");
                    }
                    f = check(r.values(), e.getValue(), tables);
                    if (f != null) {
                        yield f.at(".values()");
                    }
                }
                yield null;
            }
            case Validator.UnionV u -> {
                if (u.members().size() == 1) {
                    yield check(u.members().get(0), value, tables);
                }
                for (Validator m : u.members()) {
                    if (check(m, value, tables) == null) {
                        yield null;
                    }
                }
                yield noMatch(value, validator);
            }
        };
    }

    private static @Nullable Failure checkObject(Validator.ObjectV o, ConvexValue value, TableResolver tables) {
        if (!(value instanceof ConvexValue.Obj obj)) {
            return noMatch(value, o);
        }
        for (Map.Entry<String, Validator> field : o.fields().entrySet()) {
            String name = field.getKey();
            ConvexValue fieldValue = obj.get(name);
            Validator fieldValidator = field.getValue();
            if (fieldValue != null) {
                Failure f = check(fieldValidator, fieldValue, tables);
                if (f != null) {
                    return f.at("." + name);
                }
            } else if (!(fieldValidator instanceof Validator.OptionalV)) {
                return missingField(name, obj, o);
            }
        }
        if (obj.size() > o.fields().size()
                || !o.fields().keySet().containsAll(obj.fields().keySet())) {
            for (String name : obj.fields().keySet()) {
                if (!o.fields().containsKey(name)) {
                    return extraField(name, obj, o);
                }
            }
        }
        return null;
    }

    private static @Nullable Failure checkId(Validator.IdV id, ConvexValue value, TableResolver tables) {
        if (!(value instanceof ConvexValue.Str s)) {
            return noMatch(value, id);
        }
        Optional<DocumentId> decoded = DocumentId.tryDecode(s.value());
        if (decoded.isEmpty()) {
            return noMatch(value, id);
        }
        Optional<String> table = tables.tableName(decoded.get().tableNumber());
        if (table.isEmpty()) {
            return noMatch(value, id);
        }
        if (table.get().equals(id.tableName())) {
            return null;
        }
        return idFromOtherTable(s.value(), table.get(), id.tableName());
    }
}
