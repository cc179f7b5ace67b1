package dev.jconvex.validators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import dev.jconvex.values.ConvexValue;
import dev.jconvex.values.DocumentId;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every validator message template of values §5.4, asserted verbatim. */
class ValidatorMessagesTest {

    private static final TableResolver TABLES = n -> switch (n) {
        case 10001 -> Optional.of("users");
        case 10002 -> Optional.of("messages");
        case 600 -> Optional.of("_storage");
        default -> Optional.empty();
    };

    private static String idIn(int table) {
        return new DocumentId(table, new byte[16]).encode();
    }

    private static String message(Validator validator, ConvexValue value) {
        return validator.validate(value, TABLES).orElseThrow().message();
    }

    private static ConvexValue.Obj obj(Object... kv) {
        java.util.LinkedHashMap<String, ConvexValue> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (ConvexValue) kv[i + 1]);
        }
        return ConvexValue.obj(m);
    }

    private static ConvexValue s(String s) {
        return ConvexValue.str(s);
    }

    private static ConvexValue f(double d) {
        return ConvexValue.float64(d);
    }

    @Test
    void object_missingRequiredField_atRootHasEmptyContextLine() {
        assertThat(message(v.object(Map.of("a", v.string())), obj()))
                .isEqualTo(
                        "Object is missing the required field `a`. Consider wrapping the field validator in"
                                + " `v.optional(...)` if this is expected.\n\nObject: {}\nValidator: v.object({a: v.string()})");
    }

    @Test
    void object_extraField_isReportedAfterRequiredFieldsCheck() {
        assertThat(message(v.object(Map.of("a", v.string())), obj("a", s("ok"), "x", f(1))))
                .isEqualTo(
                        "Object contains extra field `x` that is not in the validator.\n\nObject: {a: \"ok\", x: 1.0}"
                                + "\nValidator: v.object({a: v.string()})");
    }

    @Test
    void object_missingFieldWinsOverExtraField() {
        assertThat(message(
                        v.object(Map.of("key", v.string(), "namespace", v.string())),
                        obj("namespace", s("a"), "foo", f(1))))
                .startsWith("Object is missing the required field `key`.");
    }

    @Test
    void noMatch_reportsPathValueAndValidator() {
        assertThat(message(v.object(Map.of("a", v.string())), obj("a", f(5))))
                .isEqualTo("Value does not match validator.\nPath: .a\nValue: 5.0\nValidator: v.string()");
    }

    @Test
    void noMatch_atRootHasEmptyContextLine() {
        assertThat(message(v.string(), ConvexValue.NULL))
                .isEqualTo("Value does not match validator.\n\nValue: null\nValidator: v.string()");
    }

    @Test
    void path_accumulatesFieldsAndIndexes() {
        Validator items = v.object(Map.of("items", v.array(v.object(Map.of("price", v.number())))));
        ConvexValue value =
                obj("items", ConvexValue.array(obj("price", f(1)), obj("price", f(2)), obj("price", s("3"))));
        assertThat(message(items, value))
                .isEqualTo(
                        "Value does not match validator.\nPath: .items[2].price\nValue: \"3\"\nValidator: v.float64()");
    }

    @Test
    void nestedMissingField_showsTheInnerObjectAndPath() {
        Validator validator = v.object(Map.of("a", v.object(Map.of("b", v.string()))));
        assertThat(message(validator, obj("a", obj())))
                .isEqualTo("Object is missing the required field `b`. Consider wrapping the field validator in"
                        + " `v.optional(...)` if this is expected.\nPath: .a\nObject: {}\nValidator: v.object({b:"
                        + " v.string()})");
    }

    @Test
    void literal_mismatchHasItsOwnMessageWithPathAppendedDirectly() {
        assertThat(message(v.literal("y"), s("x")))
                .isEqualTo("`\"x\"` does not match literal validator `v.literal(\"y\")`.");
        assertThat(message(v.object(Map.of("k", v.literal("y"))), obj("k", f(1))))
                .isEqualTo("`1.0` does not match literal validator `v.literal(\"y\")`.Path: .k");
    }

    @Test
    void literal_displayFollowsTheBackend() {
        assertThat(v.literal(5.0).display()).isEqualTo("v.literal(5.0)");
        assertThat(v.literal(0.1).display()).isEqualTo("v.literal(0.1)");
        assertThat(v.literal(1e16).display()).isEqualTo("v.literal(1e16)");
        assertThat(v.literal(1e-7).display()).isEqualTo("v.literal(1e-7)");
        assertThat(v.literal(5L).display()).isEqualTo("v.literal(<bigint>)");
        assertThat(v.literal(true).display()).isEqualTo("v.literal(true)");
        assertThat(v.literal("a\"b").display()).isEqualTo("v.literal(\"a\\\"b\")");
    }

    @Test
    void literal_usesConvexEquality() {
        assertThat(v.literal(0.0).validate(f(-0.0), TABLES)).isPresent();
        assertThat(v.literal(1L).validate(f(1.0), TABLES)).isPresent();
        assertThat(v.literal(1L).validate(ConvexValue.int64(1), TABLES)).isEmpty();
    }

    @Test
    void literal_rejectsNonFiniteFloats() {
        assertThatThrownBy(() -> v.literal(Double.NaN))
                .isInstanceOf(ConvexException.class)
                .hasMessage("Infinite or NaN values are not supported in literal validators.")
                .extracting(e -> ((ConvexException) e).code())
                .isEqualTo(ErrorCode.UnsupportedFloatLiteral);
    }

    @Test
    void union_ofOneBehavesLikeItsMember() {
        assertThat(message(v.union(v.literal("a")), s("b")))
                .isEqualTo("`\"b\"` does not match literal validator `v.literal(\"a\")`.");
    }

    @Test
    void union_ofSeveralReportsGenericNoMatch() {
        assertThat(message(v.union(v.literal("a"), v.literal("b")), s("c")))
                .isEqualTo("Value does not match validator.\n\nValue: \"c\"\nValidator: v.union(v.literal(\"a\"),"
                        + " v.literal(\"b\"))");
        assertThat(message(v.union(), s("c")))
                .isEqualTo("Value does not match validator.\n\nValue: \"c\"\nValidator: v.union()");
    }

    @Test
    void nullable_isAUnionWithNull() {
        assertThat(v.nullable(v.string()).display()).isEqualTo("v.union(v.string(), v.null())");
        assertThat(v.nullable(v.string()).validate(ConvexValue.NULL, TABLES)).isEmpty();
    }

    @Test
    void optional_meansMayBeAbsentNotMayBeNull() {
        Validator validator = v.object(Map.of("a", v.optional(v.string())));
        assertThat(validator.validate(obj(), TABLES)).isEmpty();
        assertThat(message(validator, obj("a", ConvexValue.NULL)))
                .isEqualTo("Value does not match validator.\nPath: .a\nValue: null\nValidator: v.string()");
    }

    @Test
    void object_displayListsFieldsSortedWithOptionalWrappers() {
        Validator validator = v.object(Map.of("b", v.optional(v.float64()), "a", v.string()));
        assertThat(validator.display()).isEqualTo("v.object({a: v.string(), b: v.optional(v.float64())})");
    }

    @Test
    void display_ofEveryBuilder() {
        assertThat(v.number().display()).isEqualTo("v.float64()");
        assertThat(v.bigint().display()).isEqualTo("v.int64()");
        assertThat(v.bool().display()).isEqualTo("v.boolean()");
        assertThat(v.nul().display()).isEqualTo("v.null()");
        assertThat(v.bytes().display()).isEqualTo("v.bytes()");
        assertThat(v.any().display()).isEqualTo("v.any()");
        assertThat(v.id("users").display()).isEqualTo("v.id(\"users\")");
        assertThat(v.array(v.string()).display()).isEqualTo("v.array(v.string())");
        assertThat(v.record(v.string(), v.number()).display()).isEqualTo("v.record(v.string(), v.float64())");
        assertThat(v.object(Map.of()).display()).isEqualTo("v.object({})");
    }

    @Test
    void numbers_float64AndInt64AreDistinct() {
        assertThat(message(v.number(), ConvexValue.int64(5)))
                .isEqualTo("Value does not match validator.\n\nValue: 5\nValidator: v.float64()");
        assertThat(message(v.int64(), f(5)))
                .isEqualTo("Value does not match validator.\n\nValue: 5.0\nValidator: v.int64()");
        assertThat(v.number().validate(f(Double.NaN), TABLES)).isEmpty();
    }

    @Test
    void record_pathsUseKeysAndValues() {
        Validator validator = v.object(Map.of("r", v.record(v.id("users"), v.number())));
        assertThat(message(validator, obj("r", obj("notAnId", f(1)))))
                .isEqualTo("Value does not match validator.\nPath: .r.keys()\nValue: \"notAnId\"\nValidator:"
                        + " v.id(\"users\")");
        assertThat(message(v.record(v.string(), v.number()), obj("a", s("x"))))
                .isEqualTo("Value does not match validator.\nPath: .values()\nValue: \"x\"\nValidator: v.float64()");
    }

    @Test
    void record_rejectsNonStringKeysAtDefinition() {
        assertThatThrownBy(() -> v.record(v.number(), v.any()))
                .hasMessage("Records can only have string keys. Your validator contains a record with key typed as"
                        + " `v.float64()`, which is not a subtype of `v.string()`");
        assertThatThrownBy(() -> v.record(v.union(v.literal("a"), v.string()), v.any()))
                .hasMessage("Records cannot have string literal keys");
        assertThatThrownBy(() -> v.record(v.string(), v.optional(v.any())))
                .hasMessage("Records cannot have optional values")
                .extracting(e -> ((ConvexException) e).code())
                .isEqualTo(ErrorCode.InvalidRecordType);
    }

    @Test
    void id_acceptsIdsOfTheNamedTable() {
        assertThat(v.id("users").validate(s(idIn(10001)), TABLES)).isEmpty();
    }

    @Test
    void id_fromAnotherUserTableNamesBothTables() {
        String id = idIn(10002);
        assertThat(message(v.object(Map.of("userId", v.id("users"))), obj("userId", s(id))))
                .isEqualTo("Found ID \"" + id + "\" from table `messages`, which does not match the table name in"
                        + " validator `v.id(\"users\")`.Path: .userId");
    }

    @Test
    void id_fromASystemTableSaysSo() {
        String id = idIn(600);
        assertThat(message(v.id("users"), s(id)))
                .isEqualTo("Found ID \"" + id + "\" from a system table, which does not match the table name in"
                        + " validator `v.id(\"users\")`.");
    }

    @Test
    void id_malformedOrUnknownTableIsGenericNoMatch() {
        assertThat(message(v.id("users"), s("nope")))
                .isEqualTo("Value does not match validator.\n\nValue: \"nope\"\nValidator: v.id(\"users\")");
        assertThat(message(v.id("users"), s(idIn(777)))).startsWith("Value does not match validator.");
        assertThat(message(v.id("users"), f(1))).startsWith("Value does not match validator.");
    }

    @Test
    void object_rejectsFieldNamesThatAreNotIdentifiers() {
        assertThatThrownBy(() -> v.object(Map.of("first-name", v.string())))
                .hasMessage("Identifier first-name has invalid character '-': Identifiers can only contain alphanumeric"
                        + " characters or underscores");
    }
}
