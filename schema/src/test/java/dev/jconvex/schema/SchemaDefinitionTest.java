package dev.jconvex.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import dev.jconvex.validators.TableResolver;
import dev.jconvex.validators.v;
import dev.jconvex.values.ConvexValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Table, index and schema definitions (values §1.4, §5.6, §6.1), texts asserted verbatim. */
class SchemaDefinitionTest {

    private static final TableDefinition MESSAGES =
            TableDefinition.define("messages", v.object(Map.of("author", v.string(), "body", v.string())));

    private static void assertDefinitionError(Runnable r, ErrorCode code, String message) {
        assertThatThrownBy(r::run)
                .isInstanceOf(ConvexException.class)
                .hasMessage(message)
                .extracting(e -> ((ConvexException) e).code())
                .isEqualTo(code);
    }

    @Test
    void check_reportsSchemaMismatchWithTheSpecText() {
        SchemaDefinition schema = SchemaDefinition.of(MESSAGES);
        ConvexValue.Obj doc = ConvexValue.obj(Map.of("author", ConvexValue.str("a")));
        assertThat(schema.check("messages", doc))
                .contains("Failed to insert or update a document in table \"messages\" because it does not match the"
                        + " schema: Object is missing the required field `body`. Consider wrapping the field"
                        + " validator in `v.optional(...)` if this is expected.\n\nObject: {author: \"a\"}\n"
                        + "Validator: v.object({author: v.string(), body: v.string()})");
    }

    @Test
    void checkExisting_reportsTheDocumentIdForASchemaPush() {
        SchemaDefinition schema = SchemaDefinition.of(MESSAGES);
        ConvexValue.Obj doc = ConvexValue.obj(Map.of("author", ConvexValue.str("a"), "body", ConvexValue.float64(1)));
        assertThat(schema.checkExisting("messages", "j5700000000000000000000000001qv0", doc, TableResolver.NONE))
                .contains(
                        "Document with ID \"j5700000000000000000000000001qv0\" in table \"messages\" does not match"
                                + " the schema: Value does not match validator.\nPath: .body\nValue: 1.0\nValidator: v.string()");
    }

    @Test
    void check_ofAUnionOfObjectsReportsGenericNoMatch() {
        TableDefinition shapes = TableDefinition.define(
                "shapes",
                v.union(
                        v.object(Map.of("kind", v.literal("circle"), "r", v.number())),
                        v.object(Map.of("kind", v.literal("square"), "side", v.number()))));
        ConvexValue.Obj doc = ConvexValue.obj(Map.of("kind", ConvexValue.str("circle")));
        assertThat(SchemaDefinition.of(shapes).check("shapes", doc))
                .contains("Failed to insert or update a document in table \"shapes\" because it does not match the"
                        + " schema: Value does not match validator.\n\nValue: {kind: \"circle\"}\nValidator:"
                        + " v.union(v.object({kind: v.literal(\"circle\"), r: v.float64()}), v.object({kind:"
                        + " v.literal(\"square\"), side: v.float64()}))");
    }

    @Test
    void check_ignoresTopLevelSystemFields() {
        SchemaDefinition schema = SchemaDefinition.of(MESSAGES);
        ConvexValue.Obj doc = ConvexValue.obj(Map.of(
                "author", ConvexValue.str("a"),
                "body", ConvexValue.str("b"),
                "_id", ConvexValue.str("j5700000000000000000000000001qv0"),
                "_creationTime", ConvexValue.float64(1)));
        assertThat(schema.check("messages", doc)).isEmpty();
    }

    @Test
    void check_skipsUnknownTablesAnyTablesAndDisabledValidation() {
        ConvexValue.Obj doc = ConvexValue.obj(Map.of("x", ConvexValue.NULL));
        assertThat(SchemaDefinition.of(MESSAGES).check("other", doc)).isEmpty();
        assertThat(SchemaDefinition.of(TableDefinition.define("t", v.any())).check("t", doc))
                .isEmpty();
        assertThat(SchemaDefinition.of(TableDefinition.defineAny("t")).check("t", doc))
                .isEmpty();
        assertThat(SchemaDefinition.of(List.of(MESSAGES), false).check("messages", doc))
                .isEmpty();
    }

    @Test
    void check_resolvesIdsThroughTheTableMapping() {
        TableDefinition posts = TableDefinition.define("posts", v.object(Map.of("author", v.id("users"))));
        ConvexValue.Obj doc = ConvexValue.obj(Map.of("author", ConvexValue.str("j5700000000000000000000000001qv0")));
        TableResolver users = n -> n == 10001 ? Optional.of("users") : Optional.empty();
        assertThat(SchemaDefinition.of(posts).check("posts", doc, users)).isEmpty();
        assertThat(SchemaDefinition.of(posts).check("posts", doc, TableResolver.NONE))
                .hasValueSatisfying(m -> assertThat(m).contains("Value does not match validator.\nPath: .author"));
    }

    @Test
    void define_acceptsTheSeedsMutableTableShape() {
        TableDefinition mutable = TableDefinition.define(
                        "mutable",
                        v.object(Map.of(
                                "namespace", v.string(),
                                "key", v.string(),
                                "value", v.any(),
                                "userId", v.optional(v.string()),
                                "tenantId", v.optional(v.string()),
                                "metadata", v.optional(v.any()),
                                "createdAt", v.number(),
                                "updatedAt", v.number())))
                .index("by_namespace_key", "namespace", "key")
                .index("by_namespace", "namespace")
                .index("by_tenantId", "tenantId")
                .index("by_tenant_namespace", "tenantId", "namespace")
                .index("by_tenant_namespace_key", "tenantId", "namespace", "key")
                .index("by_userId", "userId")
                .index("by_updated", "updatedAt");
        assertThat(mutable.indexes()).hasSize(7);
        assertThat(mutable.findIndex("by_namespace_key").orElseThrow().keyFields())
                .containsExactly("namespace", "key", "_creationTime");
    }

    @Test
    void define_rejectsInvalidTableNames() {
        assertDefinitionError(
                () -> TableDefinition.defineAny("bad-name"),
                ErrorCode.InvalidTableName,
                "Invalid table name: \"bad-name\". Identifiers must start with a letter and can only contain letters,"
                        + " digits, and underscores.");
        assertDefinitionError(
                () -> TableDefinition.defineAny("_users"),
                ErrorCode.TableNameReserved,
                "_users is a reserved table name.");
    }

    @Test
    void index_rejectsCreationTime() {
        assertDefinitionError(
                () -> MESSAGES.index("by_time", "_creationTime"),
                ErrorCode.IndexFieldsContainCreationTime,
                "`_creationTime` is automatically added to the end of each index. It should not be added explicitly"
                        + " in the index definition. See https://docs.convex.dev/using/indexes for more details.");
    }

    @Test
    void index_rejectsId() {
        assertDefinitionError(
                () -> MESSAGES.index("by_x", "_id"),
                ErrorCode.IndexFieldsContainId,
                "In table \"messages\": In index \"by_x\": `_id` is not a valid index field. To load documents by ID,"
                        + " use `db.get(id)`.");
    }

    @Test
    void index_rejectsOtherSystemFieldsAtAnyDepth() {
        assertDefinitionError(
                () -> MESSAGES.index("by_x", "a._b"),
                ErrorCode.IndexFieldNameReserved,
                "Reserved fields (starting with `_`) are not allowed in indexes.");
    }

    @Test
    void index_rejectsDuplicateFields() {
        assertDefinitionError(
                () -> MESSAGES.index("by_x", "author", "author"),
                ErrorCode.FieldsNotUniqueWithinIndex,
                "In table \"messages\": In index \"by_x\": Duplicate field author. Index fields must be unique within"
                        + " an index.");
    }

    @Test
    void index_allowsFifteenUserFieldsButNotSixteen() {
        String[] fifteen = new String[15];
        for (int i = 0; i < 15; i++) {
            fifteen[i] = "f" + i;
        }
        assertThat(MESSAGES.index("by_many", fifteen).indexes()).hasSize(1);
        String[] sixteen = java.util.Arrays.copyOf(fifteen, 16);
        sixteen[15] = "f15";
        assertDefinitionError(
                () -> MESSAGES.index("by_many", sixteen),
                ErrorCode.IndexTooManyFields,
                "Indexes may have up to 16 fields.");
    }

    @Test
    void index_rejectsReservedAndInvalidNames() {
        String reserved = "\" because the name is reserved. Indexes may not start with an underscore or be named"
                + " \"by_id\" or \"by_creation_time\".";
        assertDefinitionError(
                () -> MESSAGES.index("by_id", "author"),
                ErrorCode.IndexNameReserved,
                "In table \"messages\" cannot name an index \"by_id" + reserved);
        assertDefinitionError(
                () -> MESSAGES.index("by_creation_time", "author"),
                ErrorCode.IndexNameReserved,
                "In table \"messages\" cannot name an index \"by_creation_time" + reserved);
        assertDefinitionError(
                () -> MESSAGES.index("_by", "author"),
                ErrorCode.IndexNameReserved,
                "In table \"messages\" cannot name an index \"_by" + reserved);
        assertDefinitionError(
                () -> MESSAGES.index("by-x", "author"),
                ErrorCode.InvalidIdentifier,
                "In table \"messages\": Identifier by-x has invalid character '-': Identifiers can only contain"
                        + " alphanumeric characters or underscores");
    }

    @Test
    void index_rejectsDuplicateNamesEmptyIndexesAndRepeatedFieldLists() {
        assertDefinitionError(
                () -> MESSAGES.index("by_a", "author").index("by_a", "body"),
                ErrorCode.IndexNamesNotUnique,
                "Table \"messages\" has two or more definitions of index \"by_a\".");
        assertDefinitionError(
                () -> MESSAGES.index("by_a"),
                ErrorCode.EmptyIndex,
                "In table \"messages\" index \"by_a\" must have at least one field.");
        assertDefinitionError(
                () -> MESSAGES.index("by_b", "author").index("by_a", "author"),
                ErrorCode.IndexNotUnique,
                "In table \"messages\" index \"by_b\" and index \"by_a\" have the same fields. Indexes must be unique"
                        + " within a table.");
    }

    @Test
    void define_rejectsMoreThan64Indexes() {
        TableDefinition t = MESSAGES;
        for (int i = 0; i < 64; i++) {
            t = t.index("i" + i, "f" + i);
        }
        TableDefinition full = t;
        assertDefinitionError(
                () -> full.index("i64", "f64"),
                ErrorCode.TooManyIndexes,
                "Table \"messages\" cannot have more than 64 indexes.");
    }

    @Test
    void derivedIndex_isKeptApartFromTheUserIndexes_andNamedWithALeadingUnderscore() {
        DerivedIndexDefinition derived = new DerivedIndexDefinition("_by_author_length", "1", body -> List.of());
        TableDefinition table = MESSAGES.index("by_author", "author").derivedIndex(derived);
        assertThat(table.indexes()).extracting(IndexDefinition::name).containsExactly("by_author");
        assertThat(table.derivedIndexes()).containsExactly(derived);
        // adding a user index keeps the derived ones
        assertThat(table.index("by_body", "body").derivedIndexes()).containsExactly(derived);
        assertThatThrownBy(() -> new DerivedIndexDefinition("by_length", "1", body -> List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("starts with an underscore");
        assertThatThrownBy(() -> new DerivedIndexDefinition("_by-length", "1", body -> List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> table.derivedIndex(derived))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("table messages has two derived indexes named _by_author_length");
    }
}
