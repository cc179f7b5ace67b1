package dev.jconvex.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The convex_encoded_json and clean json codecs (wire-protocol §3, values §1.1, §1.3). */
class ConvexJsonTest {

    private static void assertRejected(String json, ErrorCode code, String message) {
        assertThatThrownBy(() -> ConvexJson.parse(json))
                .isInstanceOf(ConvexException.class)
                .hasMessage(message)
                .extracting(e -> ((ConvexException) e).code())
                .isEqualTo(code);
    }

    @Test
    void write_usesSpecialEncodingsFromSpec() {
        assertThat(ConvexJson.write(ConvexValue.int64(1))).isEqualTo("{\"$integer\":\"AQAAAAAAAAA=\"}");
        assertThat(ConvexJson.write(ConvexValue.int64(-1))).isEqualTo("{\"$integer\":\"//////////8=\"}");
        assertThat(ConvexJson.write(ConvexValue.float64(Double.NaN))).isEqualTo("{\"$float\":\"AAAAAAAA+H8=\"}");
        assertThat(ConvexJson.write(ConvexValue.float64(Double.POSITIVE_INFINITY)))
                .isEqualTo("{\"$float\":\"AAAAAAAA8H8=\"}");
        assertThat(ConvexJson.write(ConvexValue.float64(Double.NEGATIVE_INFINITY)))
                .isEqualTo("{\"$float\":\"AAAAAAAA8P8=\"}");
        assertThat(ConvexJson.write(ConvexValue.float64(-0.0))).isEqualTo("{\"$float\":\"AAAAAAAAAIA=\"}");
        assertThat(ConvexJson.write(ConvexValue.bytes(new byte[] {1, 2, 3}))).isEqualTo("{\"$bytes\":\"AQID\"}");
    }

    @Test
    void write_emitsObjectFieldsInUtf8Order() {
        ConvexValue v =
                ConvexValue.obj(Map.of("b", ConvexValue.nul(), "A", ConvexValue.nul(), "_id", ConvexValue.nul()));
        assertThat(ConvexJson.write(v)).isEqualTo("{\"A\":null,\"_id\":null,\"b\":null}");
    }

    @Test
    void parse_plainNumberIsFloat64() {
        assertThat(ConvexJson.parse("5")).isEqualTo(ConvexValue.float64(5.0));
        assertThat(ConvexJson.parse("[1, {\"$integer\":\"AQAAAAAAAAA=\"}]"))
                .isEqualTo(ConvexValue.array(ConvexValue.float64(1), ConvexValue.int64(1)));
    }

    @Test
    void parse_keepsNanPayloadAndNegativeZero() {
        ConvexValue nan = ConvexValue.float64(Double.longBitsToDouble(0x7FF0_0000_0000_0001L));
        assertThat(ConvexJson.parse(ConvexJson.write(nan))).isEqualTo(nan);
        assertThat(ConvexJson.parse("{\"$float\":\"AAAAAAAAAIA=\"}")).isEqualTo(ConvexValue.float64(-0.0));
    }

    @Test
    void fromJson_rejectsFloatEncodedAsSpecial() {
        assertRejected(
                "{\"$float\":\"AAAAAAAA8D8=\"}",
                ErrorCode.InvalidConvexValue,
                "Float64 1 should be encoded as a number");
        assertRejected(
                "{\"$float\":\"AAAAAAAA4D8=\"}",
                ErrorCode.InvalidConvexValue,
                "Float64 0.5 should be encoded as a number");
    }

    @Test
    void fromJson_acceptsPositiveZeroEncodedAsSpecialLikeTheBackend() {
        assertThat(ConvexJson.parse("{\"$float\":\"AAAAAAAAAAA=\"}")).isEqualTo(ConvexValue.float64(0.0));
    }

    @Test
    void fromJson_rejectsIntegerOfWrongLength() {
        assertRejected("{\"$integer\":\"AQID\"}", ErrorCode.InvalidConvexValue, "Int64 must be exactly eight bytes");
        assertRejected("{\"$float\":\"AQID\"}", ErrorCode.InvalidConvexValue, "Float64 must be exactly eight bytes");
    }

    @Test
    void fromJson_rejectsNonStringPayload() {
        assertRejected(
                "{\"$integer\":5}", ErrorCode.InvalidConvexValue, "invalid type: integer `5`, expected a string");
        assertRejected("{\"$bytes\":null}", ErrorCode.InvalidConvexValue, "invalid type: null, expected a string");
    }

    @Test
    void fromJson_rejectsBadBase64() {
        assertRejected("{\"$bytes\":\"A!==\"}", ErrorCode.InvalidConvexValue, "Invalid byte 33, offset 1.");
    }

    @Test
    void fromJson_rejectsDollarFieldNames() {
        assertRejected(
                "{\"$set\":[]}", ErrorCode.InvalidConvexValue, "Field name $set starts with '$', which is reserved.");
        assertRejected(
                "{\"a\":1,\"$b\":2}",
                ErrorCode.InvalidConvexValue,
                "Field name $b starts with '$', which is reserved.");
    }

    @Test
    void fromJson_rejectsNonAsciiFieldNamesWithTheBackendText() {
        assertRejected(
                "{\"caf\u00e9\":1}",
                ErrorCode.InvalidConvexValue,
                "Field name caf\u00e9 has invalid character '\u00e9': Field names can only contain non-control ASCII"
                        + " characters");
        assertRejected(
                "{\"a\\u0001\":1}",
                ErrorCode.InvalidConvexValue,
                "Field name a\u0001 has invalid character '\\u{1}': Field names can only contain non-control ASCII"
                        + " characters");
    }

    @Test
    void fromJson_rejectsTooLongFieldNames() {
        String name = "a".repeat(1025);
        assertRejected(
                "{\"" + name + "\":1}", ErrorCode.InvalidConvexValue, "Field name is too long (1025 > maximum 1024)");
    }

    @Test
    void fromJson_acceptsEmptyAndPunctuatedFieldNames() {
        assertThat(ConvexJson.parse("{\"\":1,\"first-name\":2,\"a.b\":3}").toString())
                .isEqualTo("{: 1.0, a.b: 3.0, first-name: 2.0}");
    }

    @Test
    void fromJson_rejectsOversizedContainers() {
        assertRejected(
                "[" + "0,".repeat(8192) + "0]",
                ErrorCode.ArrayTooLong,
                "Array length is too long (8193 > maximum length 8192)");
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i <= 1024; i++) {
            sb.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":0");
        }
        assertRejected(
                sb.append('}').toString(),
                ErrorCode.TooManyFieldsError,
                "Object has too many fields (1025 > maximum number 1024)");
    }

    @Test
    void parse_duplicateKeysKeepTheLastValue() {
        assertThat(ConvexJson.parse("{\"a\":1,\"b\":2,\"a\":3}"))
                .isEqualTo(ConvexValue.obj(Map.of("a", ConvexValue.float64(3), "b", ConvexValue.float64(2))));
    }

    @Test
    void parse_rejectsTrailingTokens() {
        assertThatThrownBy(() -> ConvexJson.parse("1 2"))
                .isInstanceOf(ConvexException.class)
                .extracting(e -> ((ConvexException) e).code())
                .isEqualTo(ErrorCode.BadJsonBody);
        assertThatThrownBy(() -> ConvexJson.parse("{\"$x\":1} 2"))
                .extracting(e -> ((ConvexException) e).code())
                .isEqualTo(ErrorCode.BadJsonBody);
    }

    @Test
    void parse_sortsLargeObjectsByUtf8Order() {
        StringBuilder json = new StringBuilder("{");
        for (int i = 40; i >= 0; i--) {
            json.append(i == 40 ? "" : ",")
                    .append("\"k")
                    .append(i)
                    .append("\":")
                    .append(i);
        }
        ConvexValue.Obj parsed =
                (ConvexValue.Obj) ConvexJson.parse(json.append('}').toString());
        assertThat(new java.util.ArrayList<>(parsed.fields().keySet()))
                .isSorted()
                .hasSize(41);
        assertThat(parsed.get("k7")).isEqualTo(ConvexValue.float64(7));
    }

    @Test
    void parse_rejectsInvalidJsonAsBadJsonBody() {
        assertThatThrownBy(() -> ConvexJson.parse("{"))
                .isInstanceOf(ConvexException.class)
                .extracting(e -> ((ConvexException) e).code())
                .isEqualTo(ErrorCode.BadJsonBody);
    }

    @Test
    void toCleanJson_usesStringsForInt64AndSpecials() {
        ConvexValue v = ConvexValue.obj(Map.of(
                "i", ConvexValue.int64(5),
                "n", ConvexValue.float64(Double.NaN),
                "p", ConvexValue.float64(Double.POSITIVE_INFINITY),
                "m", ConvexValue.float64(Double.NEGATIVE_INFINITY),
                "f", ConvexValue.float64(1.5),
                "b", ConvexValue.bytes(new byte[] {1, 2, 3})));
        assertThat(ConvexJson.writeTree(ConvexJson.toCleanJson(v)))
                .isEqualTo(
                        "{\"b\":\"AQID\",\"f\":1.5,\"i\":\"5\",\"m\":\"-Infinity\",\"n\":\"NaN\",\"p\":\"Infinity\"}");
    }
}
