package dev.jconvex.schema;

import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import dev.jconvex.values.Identifiers;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A user index: a name and the indexed field paths (dotted paths into nested objects allowed).
 * {@code _creationTime} and then {@code _id} are appended implicitly as the last key columns (spec
 * values §6.1).
 *
 * <p>Construction validates the definition with Convex's texts (§1.4, §6.1): the name is an
 * identifier not starting with {@code _} and not reserved ({@code by_id}, {@code by_creation_time});
 * fields are unique, not system fields, at most 15 (16 with {@code _creationTime}).
 */
public record IndexDefinition(String name, List<String> fields) {

    /** The most fields in an index, including the implicit {@code _creationTime}. */
    public static final int MAX_FIELDS = 16;

    /** Validates and copies. */
    public IndexDefinition {
        fields = List.copyOf(fields);
        Optional<String> bad = Identifiers.error(name);
        if (bad.isPresent()) {
            throw new ConvexException(ErrorCode.InvalidIdentifier, bad.get());
        }
        if (name.startsWith("_")) {
            throw new ConvexException(
                    ErrorCode.InvalidIndexDefinition, "Index name " + name + " cannot start with '_'.");
        }
        if (name.equals("by_id") || name.equals("by_creation_time")) {
            throw new ConvexException(ErrorCode.InvalidIndexDefinition, "Index name " + name + " is reserved.");
        }
        Set<String> seen = new HashSet<>();
        for (String field : fields) {
            if (field.equals("_creationTime")) {
                throw new ConvexException(
                        ErrorCode.IndexFieldsContainCreationTime,
                        "`_creationTime` is automatically added to the end of each index. It should not be added"
                                + " explicitly in the index definition. See https://docs.convex.dev/using/indexes"
                                + " for more details.");
            }
            if (field.equals("_id")) {
                throw new ConvexException(
                        ErrorCode.IndexFieldsContainId,
                        "`_id` is not a valid index field. To load documents by ID, use `db.get(id)`.");
            }
            if (field.startsWith("_")) {
                throw new ConvexException(
                        ErrorCode.InvalidIndexDefinition,
                        "Reserved fields (starting with `_`) are not allowed in indexes.");
            }
            if (!seen.add(field)) {
                throw new ConvexException(
                        ErrorCode.InvalidIndexDefinition,
                        "Duplicate field " + field + ". Index fields must be unique within an index.");
            }
        }
        if (fields.size() + 1 > MAX_FIELDS) {
            throw new ConvexException(ErrorCode.InvalidIndexDefinition, "Indexes may have up to 16 fields.");
        }
    }

    /** The key columns before {@code _id}: the user fields then {@code _creationTime} (§6.1). */
    public List<String> keyFields() {
        String[] all = fields.toArray(new String[fields.size() + 1]);
        all[fields.size()] = "_creationTime";
        return List.of(all);
    }
}
