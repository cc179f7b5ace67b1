package dev.jconvex.schema;

import dev.jconvex.validators.TableResolver;
import dev.jconvex.validators.Validator;
import dev.jconvex.values.ConvexValue;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code defineSchema({...}, {schemaValidation})}: the tables of a deployment and whether writes are
 * checked against their validators (values §5.6).
 */
public record SchemaDefinition(Map<String, TableDefinition> tables, boolean schemaValidation) {

    /** Copies; the map keys must be the table names. */
    public SchemaDefinition {
        LinkedHashMap<String, TableDefinition> copy = new LinkedHashMap<>();
        for (Map.Entry<String, TableDefinition> e : tables.entrySet()) {
            if (!e.getKey().equals(e.getValue().name())) {
                throw new IllegalArgumentException("table key " + e.getKey() + " differs from its definition's name "
                        + e.getValue().name());
            }
            copy.put(e.getKey(), e.getValue());
        }
        tables = java.util.Collections.unmodifiableMap(copy);
    }

    /** A schema of these tables with schema validation on (the default). */
    public static SchemaDefinition of(TableDefinition... tables) {
        return of(java.util.List.of(tables), true);
    }

    /** A schema of these tables. */
    public static SchemaDefinition of(Collection<TableDefinition> tables, boolean schemaValidation) {
        LinkedHashMap<String, TableDefinition> map = new LinkedHashMap<>();
        for (TableDefinition t : tables) {
            if (map.put(t.name(), t) != null) {
                throw new IllegalArgumentException("table " + t.name() + " defined twice");
            }
        }
        return new SchemaDefinition(map, schemaValidation);
    }

    /** The definition of {@code table}, if it is in the schema. */
    public Optional<TableDefinition> table(String table) {
        return Optional.ofNullable(tables.get(table));
    }

    /**
     * Checks a document about to be written to {@code table} (§5.6). Top-level {@code _} fields are
     * removed first; tables not in the schema, tables without a validator or defined with
     * {@code v.any()}, and schemas with validation off accept everything.
     *
     * @return {@code Failed to insert or update a document in table "{t}" because it does not match
     *     the schema: {msg}}, or empty when the document matches
     */
    public Optional<String> check(String table, ConvexValue.Obj document, TableResolver tables) {
        return violation(table, document, tables)
                .map(m -> "Failed to insert or update a document in table \"" + table
                        + "\" because it does not match the schema: " + m);
    }

    private Optional<String> violation(String table, ConvexValue.Obj document, TableResolver tables) {
        if (!schemaValidation) {
            return Optional.empty();
        }
        TableDefinition def = this.tables.get(table);
        if (def == null || def.documentValidator().isEmpty()) {
            return Optional.empty();
        }
        Validator validator = def.documentValidator().get();
        if (validator instanceof Validator.AnyV) {
            return Optional.empty();
        }
        return validator.validate(withoutSystemFields(document), tables).map(e -> e.message());
    }

    /**
     * Checks a document already stored in {@code table} against this schema, as when a new schema is
     * pushed (§5.6). Same rules as {@link #check(String, ConvexValue.Obj, TableResolver)}.
     *
     * @return {@code Document with ID "{id}" in table "{t}" does not match the schema: {msg}}, or
     *     empty when the document matches
     */
    public Optional<String> checkExisting(String table, String id, ConvexValue.Obj document, TableResolver tables) {
        return violation(table, document, tables)
                .map(m -> "Document with ID \"" + id + "\" in table \"" + table + "\" does not match the schema: " + m);
    }

    /** {@link #check(String, ConvexValue.Obj, TableResolver)} where no table resolves (no ids). */
    public Optional<String> check(String table, ConvexValue.Obj document) {
        return check(table, document, TableResolver.NONE);
    }

    /** The document without its top-level {@code _} fields (§5.6); itself if it has none. */
    private static ConvexValue.Obj withoutSystemFields(ConvexValue.Obj document) {
        ConvexValue.Obj result = document;
        for (String name : document.fields().keySet()) {
            if (name.startsWith("_")) {
                result = result.without(name);
            }
        }
        return result;
    }
}
