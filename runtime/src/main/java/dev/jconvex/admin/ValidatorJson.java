package dev.jconvex.admin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jconvex.validators.Validator;
import dev.jconvex.values.ConvexJson;

/**
 * A validator as the JSON Convex's function analysis reports it (npm {@code convex/values}
 * {@code Validator.json}): {@code {"type":"object","value":{"a":{"fieldType":{"type":"string"},"optional":false}}}}.
 * This is the {@code args}/{@code returns} text of {@code npx convex function-spec}.
 */
final class ValidatorJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ValidatorJson() {}

    static ObjectNode of(Validator validator) {
        ObjectNode node = NODES.objectNode();
        switch (validator) {
            case Validator.StringV s -> node.put("type", "string");
            case Validator.Float64V f -> node.put("type", "number");
            case Validator.Int64V i -> node.put("type", "bigint");
            case Validator.BooleanV b -> node.put("type", "boolean");
            case Validator.NullV n -> node.put("type", "null");
            case Validator.BytesV b -> node.put("type", "bytes");
            case Validator.AnyV a -> node.put("type", "any");
            case Validator.LiteralV literal -> {
                node.put("type", "literal");
                node.set("value", ConvexJson.toJson(literal.value()));
            }
            case Validator.IdV id -> {
                node.put("type", "id");
                node.put("tableName", id.tableName());
            }
            case Validator.ArrayV array -> {
                node.put("type", "array");
                node.set("value", of(array.element()));
            }
            case Validator.ObjectV object -> {
                node.put("type", "object");
                ObjectNode fields = node.putObject("value");
                object.fields().forEach((name, field) -> fields.set(name, field(field)));
            }
            case Validator.RecordV record -> {
                node.put("type", "record");
                node.set("keys", of(record.keys()));
                node.set("values", field(record.values()));
            }
            case Validator.UnionV union -> {
                node.put("type", "union");
                var members = node.putArray("value");
                union.members().forEach(member -> members.add(of(member)));
            }
            // Only meaningful as an object field; alone, the inner validator.
            case Validator.OptionalV optional -> {
                return of(optional.inner());
            }
        }
        return node;
    }

    private static ObjectNode field(Validator validator) {
        ObjectNode node = NODES.objectNode();
        boolean optional = validator instanceof Validator.OptionalV;
        node.set("fieldType", of(optional ? ((Validator.OptionalV) validator).inner() : validator));
        node.put("optional", optional);
        return node;
    }
}
