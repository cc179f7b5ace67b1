package dev.jconvex.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sizes, limits and their texts (values §1.3, §1.4, §1.6, §3.3). */
class ValueLimitsTest {

    private static final String ID = "j5700000000000000000000000001qv0";

    private static ConvexValue.Obj document(Map<String, ConvexValue> user) {
        return ConvexValue.obj(user)
                .with("_id", ConvexValue.str(ID))
                .with("_creationTime", ConvexValue.float64(1.5e12));
    }

    private static void assertCode(Runnable r, ErrorCode code, String message) {
        assertThatThrownBy(r::run)
                .isInstanceOf(ConvexException.class)
                .hasMessage(message)
                .extracting(e -> ((ConvexException) e).code())
                .isEqualTo(code);
    }

    private static ConvexValue nested(int depth) {
        ConvexValue v = ConvexValue.NULL;
        for (int i = 0; i < depth; i++) {
            v = ConvexValue.array(v);
        }
        return v;
    }

    @Test
    void size_followsTheSpecFormula() {
        assertThat(ValueSize.size(ConvexValue.NULL)).isEqualTo(1);
        assertThat(ValueSize.size(ConvexValue.bool(true))).isEqualTo(1);
        assertThat(ValueSize.size(ConvexValue.int64(1))).isEqualTo(9);
        assertThat(ValueSize.size(ConvexValue.float64(1))).isEqualTo(9);
        assertThat(ValueSize.size(ConvexValue.str("h\u00e9\ud83d\ude00"))).isEqualTo(2 + 1 + 2 + 4);
        assertThat(ValueSize.size(ConvexValue.bytes(new byte[3]))).isEqualTo(5);
        assertThat(ValueSize.size(ConvexValue.array(ConvexValue.NULL))).isEqualTo(3);
    }

    @Test
    void size_ofEmptyUserDocumentIs63AndOfTextHi72() {
        assertThat(ValueSize.size(document(Map.of()))).isEqualTo(63);
        assertThat(ValueSize.size(document(Map.of("text", ConvexValue.str("hi")))))
                .isEqualTo(72);
    }

    @Test
    void nesting_countsContainers() {
        assertThat(ValueSize.nesting(ConvexValue.int64(1))).isZero();
        assertThat(ValueSize.nesting(ConvexValue.array())).isEqualTo(1);
        assertThat(ValueSize.nesting(ConvexValue.emptyObj())).isEqualTo(1);
        assertThat(ValueSize.nesting(nested(3))).isEqualTo(3);
    }

    @Test
    void checkValue_rejectsTooNested() {
        assertThatCode(() -> ValueSize.checkValue(nested(64))).doesNotThrowAnyException();
        assertCode(
                () -> ValueSize.checkValue(nested(65)),
                ErrorCode.TooNestedError,
                "Value is too nested (nested 65 levels deep > maximum nesting 64)");
    }

    @Test
    void checkValue_reportsTheFirstContainerOverTheLimitLikeTheBackendBuildingBottomUp() {
        assertCode(
                () -> ValueSize.checkValue(nested(70)),
                ErrorCode.TooNestedError,
                "Value is too nested (nested 65 levels deep > maximum nesting 64)");
    }

    @Test
    void parse_appliesTheValueLimits() {
        assertCode(
                () -> ConvexJson.parse("[".repeat(70) + "]".repeat(70)),
                ErrorCode.TooNestedError,
                "Value is too nested (nested 65 levels deep > maximum nesting 64)");
        assertThatCode(() -> ConvexJson.parse("[".repeat(64) + "]".repeat(64))).doesNotThrowAnyException();
    }

    @Test
    void checkValue_rejectsTooLongArrays() {
        List<ConvexValue> many = new ArrayList<>(Collections.nCopies(8193, ConvexValue.NULL));
        assertCode(
                () -> ValueSize.checkValue(ConvexValue.array(many)),
                ErrorCode.ArrayTooLong,
                "Array length is too long (8193 > maximum length 8192)");
        many.remove(0);
        assertThatCode(() -> ValueSize.checkValue(ConvexValue.array(many))).doesNotThrowAnyException();
    }

    @Test
    void checkValue_rejectsTooManyFields() {
        Map<String, ConvexValue> fields = new HashMap<>();
        for (int i = 0; i < 1025; i++) {
            fields.put("f" + i, ConvexValue.NULL);
        }
        assertCode(
                () -> ValueSize.checkValue(ConvexValue.obj(fields)),
                ErrorCode.TooManyFieldsError,
                "Object has too many fields (1025 > maximum number 1024)");
    }

    @Test
    void checkValue_rejectsInvalidFieldNamesAtAnyDepth() {
        ConvexValue v = ConvexValue.array(ConvexValue.obj(Map.of("$x", ConvexValue.NULL)));
        assertCode(
                () -> ValueSize.checkValue(v),
                ErrorCode.InvalidConvexValue,
                "Field name $x starts with '$', which is reserved.");
    }

    @Test
    void checkValue_rejectsValuesOver32MiB() {
        ConvexValue big = ConvexValue.bytes(new byte[1 << 25]);
        assertCode(
                () -> ValueSize.checkValue(big),
                ErrorCode.ValueTooLargeError,
                "Value is too large (32.00 MiB > maximum size 32 MiB)");
    }

    @Test
    void checkDocument_rejectsDocumentsOver1MiBIncludingSystemFields() {
        // 63 bytes of empty document + "b" (1) + separator (1) + bytes (2 + n) = 1 MiB exactly.
        int n = (1 << 20) - 63 - 4;
        ConvexValue.Obj exact = document(Map.of("b", ConvexValue.bytes(new byte[n])));
        assertThat(ValueSize.size(exact)).isEqualTo(1 << 20);
        assertThatCode(() -> ValueSize.checkDocument(exact)).doesNotThrowAnyException();
        ConvexValue.Obj over = document(Map.of("b", ConvexValue.bytes(new byte[n + 1])));
        assertCode(
                () -> ValueSize.checkDocument(over),
                ErrorCode.ValueTooLargeError,
                "Value is too large (1.00 MiB > maximum size 1 MiB)");
        ConvexValue.Obj bigger = document(Map.of("b", ConvexValue.bytes(new byte[n + 12_000])));
        assertCode(
                () -> ValueSize.checkDocument(bigger),
                ErrorCode.ValueTooLargeError,
                "Value is too large (1.01 MiB > maximum size 1 MiB)");
    }

    @Test
    void checkDocument_rejectsNestingOver16() {
        ConvexValue.Obj ok = document(Map.of("a", nested(15)));
        assertThatCode(() -> ValueSize.checkDocument(ok)).doesNotThrowAnyException();
        ConvexValue.Obj deep = document(Map.of("a", nested(16)));
        assertCode(
                () -> ValueSize.checkDocument(deep),
                ErrorCode.InvalidDocumentError,
                "Document(value: " + deep + ") isn't a valid document: Document is too nested (nested 17 levels deep"
                        + " > maximum nesting 16)");
    }

    @Test
    void checkDocument_rejectsTopLevelUnderscoreFields() {
        ConvexValue.Obj doc = document(Map.of("_secret", ConvexValue.NULL, "_x", ConvexValue.NULL));
        assertCode(
                () -> ValueSize.checkDocument(doc),
                ErrorCode.InvalidDocumentError,
                "Document(value: " + doc + ") isn't a valid document: Field '_secret' starts with an underscore, which"
                        + " is only allowed for system fields like '_id'\n Field '_x' starts with an underscore, which"
                        + " is only allowed for system fields like '_id'");
    }

    @Test
    void checkDocument_allowsUnderscoreFieldsWhenNested() {
        ConvexValue.Obj doc = document(Map.of("a", ConvexValue.obj(Map.of("_b", ConvexValue.NULL))));
        assertThatCode(() -> ValueSize.checkDocument(doc)).doesNotThrowAnyException();
    }

    @Test
    void checkDocument_requiresValidSystemFields() {
        ConvexValue.Obj doc = ConvexValue.obj(Map.of("_creationTime", ConvexValue.float64(-0.0)));
        assertCode(
                () -> ValueSize.checkDocument(doc),
                ErrorCode.InvalidDocumentError,
                "Document(value: {_creationTime: -0.0}) isn't a valid document: The '_id' field is missing\n The"
                        + " '_creationTime' field should be a timestamp in milliseconds, is -0");
    }

    @Test
    void humanSize_matchesRustHumansize() {
        assertThat(ValueSize.humanSize(512)).isEqualTo("512 B");
        assertThat(ValueSize.humanSize(1024)).isEqualTo("1 KiB");
        assertThat(ValueSize.humanSize(1536)).isEqualTo("1.50 KiB");
        assertThat(ValueSize.humanSize(16 << 20)).isEqualTo("16 MiB");
    }

    @Test
    void fieldNames_jsTexts() {
        assertThat(FieldNames.jsError("$a")).contains("Field name $a starts with a '$', which is reserved.");
        assertThat(FieldNames.jsError("caf\u00e9"))
                .contains(
                        "Field name caf\u00e9 has invalid character '\u00e9': Field names can only contain non-control ASCII"
                                + " characters");
        assertThat(FieldNames.jsError("x".repeat(1025)))
                .contains("Field name " + "x".repeat(1025) + " exceeds maximum field name length 1024.");
        assertThat(FieldNames.jsError("")).isEmpty();
        assertThat(FieldNames.jsError("first-name")).isEmpty();
    }

    @Test
    void identifiers_backendTexts() {
        assertThat(Identifiers.error("")).contains("Identifier cannot be empty");
        assertThat(Identifiers.error("1abc"))
                .contains("Invalid first character '1' in 1abc: Identifiers must start with an alphabetic character or"
                        + " underscore");
        assertThat(Identifiers.error("a-b"))
                .contains(
                        "Identifier a-b has invalid character '-': Identifiers can only contain alphanumeric characters or"
                                + " underscores");
        assertThat(Identifiers.error("a".repeat(65))).contains("Identifier is too long (65 > maximum 64)");
        assertThat(Identifiers.error("___")).contains("Identifier ___ cannot have exclusively underscores");
        assertThat(Identifiers.error("_ok")).isEmpty();
        assertThat(Identifiers.error("a".repeat(64))).isEmpty();
    }
}
