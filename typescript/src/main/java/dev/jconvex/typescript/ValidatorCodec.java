package dev.jconvex.typescript;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jconvex.schema.IndexDefinition;
import dev.jconvex.schema.TableDefinition;
import dev.jconvex.validators.Validator;
import dev.jconvex.validators.v;
import dev.jconvex.values.ConvexJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what a TypeScript module's metadata says about validators and the schema: a validator's
 * {@code Validator.json} (npm {@code convex/values}, as {@code exportArgs()} and {@code
 * exportReturns()} print it, e.g. {@code {"type":"object","value":{"a":{"fieldType":{"type":"string"},
 * "optional":false}}}}) becomes the runtime's {@link Validator}; the schema's {@code export()} JSON
 * becomes {@link TableDefinition}s. The inverse of the runtime's {@code admin.ValidatorJson}.
 */
final class ValidatorCodec {

    private ValidatorCodec() {}

    /**
     * The validator {@code json} describes.
     *
     * @throws IllegalArgumentException for a type this runtime does not know
     */
    static Validator validator(JsonNode json) {
        String type = text(json, "type");
        return switch (type) {
            case "string" -> v.string();
            case "number", "float64" -> v.number();
            case "bigint", "int64" -> v.int64();
            case "boolean" -> v.bool();
            case "null" -> v.nul();
            case "bytes" -> v.bytes();
            case "any" -> v.any();
            case "literal" -> new Validator.LiteralV(ConvexJson.fromJson(json.get("value")));
            case "id" -> v.id(text(json, "tableName"));
            case "array" -> v.array(validator(json.get("value")));
            case "object" -> {
                Map<String, Validator> fields = new LinkedHashMap<>();
                json.get("value").properties().forEach(e -> fields.put(e.getKey(), field(e.getValue())));
                yield v.object(fields);
            }
            case "record" -> v.record(validator(json.get("keys")), field(json.get("values")));
            case "union" -> {
                List<Validator> members = new ArrayList<>();
                json.get("value").forEach(member -> members.add(validator(member)));
                yield new Validator.UnionV(members);
            }
            default -> throw new IllegalArgumentException("unknown validator type \"" + type + "\" in " + json);
        };
    }

    private static Validator field(JsonNode field) {
        Validator type = validator(field.get("fieldType"));
        return field.path("optional").asBoolean(false) ? v.optional(type) : type;
    }

    /** The tables of a schema's {@code export()} JSON, with their document validators and indexes. */
    static List<TableDefinition> tables(JsonNode schema) {
        boolean validate = schema.path("schemaValidation").asBoolean(true);
        List<TableDefinition> tables = new ArrayList<>();
        for (JsonNode table : schema.path("tables")) {
            String name = text(table, "tableName");
            if (!table.path("searchIndexes").isEmpty()
                    || !table.path("vectorIndexes").isEmpty()) {
                throw new IllegalArgumentException(
                        "table " + name + " declares search or vector indexes, which jconvex does not support yet");
            }
            List<IndexDefinition> indexes = new ArrayList<>();
            for (JsonNode index : table.path("indexes")) {
                List<String> fields = new ArrayList<>();
                index.path("fields").forEach(f -> fields.add(f.asText()));
                indexes.add(new IndexDefinition(text(index, "indexDescriptor"), fields));
            }
            Optional<Validator> document = validate && table.hasNonNull("documentType")
                    ? Optional.of(validator(table.get("documentType")))
                    : Optional.empty();
            tables.add(new TableDefinition(name, document, indexes));
        }
        return tables;
    }

    private static String text(JsonNode json, String field) {
        JsonNode node = json == null ? null : json.get(field);
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException("expected a string \"" + field + "\" in " + json);
        }
        return node.asText();
    }
}
