package dev.jconvex.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jconvex.errors.ConvexException;
import org.junit.jupiter.api.Test;

/** The npm client's decoding texts of values §1.1 (convex-js {@code jsonToConvex}). */
class JsClientJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ConvexValue decode(String json) throws Exception {
        JsonNode node = MAPPER.readTree(json);
        return ConvexJson.fromJsonAsJsClient(node);
    }

    private static void assertRejected(String json, String message) {
        assertThatThrownBy(() -> decode(json))
                .isInstanceOf(ConvexException.class)
                .hasMessage(message);
    }

    @Test
    void fromJsonAsJsClient_rejectsIntegerOfWrongLength() {
        assertRejected("{\"$integer\":\"AQID\"}", "Received 3 bytes, expected 8 for $integer");
        assertRejected("{\"$float\":\"AQID\"}", "Received 3 bytes, expected 8 for $float");
    }

    @Test
    void fromJsonAsJsClient_rejectsFloatEncodedAsSpecialIncludingPositiveZero() throws Exception {
        assertRejected("{\"$float\":\"AAAAAAAA8D8=\"}", "Float 1 should be encoded as a number");
        assertRejected("{\"$float\":\"AAAAAAAAAAA=\"}", "Float 0 should be encoded as a number");
        assertThat(decode("{\"$float\":\"AAAAAAAAAIA=\"}")).isEqualTo(ConvexValue.float64(-0.0));
    }

    @Test
    void fromJsonAsJsClient_rejectsLegacySetAndMap() {
        assertRejected("{\"$set\":[]}", "Received a Set which is no longer supported as a Convex type.");
        assertRejected("{\"$map\":[]}", "Received a Map which is no longer supported as a Convex type.");
    }

    @Test
    void fromJsonAsJsClient_rejectsMalformedPayloads() {
        assertRejected("{\"$bytes\":5}", "Malformed $bytes field on [object Object]");
        assertRejected("{\"$integer\":\"AQI\"}", "Invalid string. Length must be a multiple of 4");
    }

    @Test
    void fromJsonAsJsClient_usesJsFieldNameTextsInPropertyOrder() {
        assertRejected("{\"b\":1,\"$x\":2}", "Field name $x starts with a '$', which is reserved.");
        assertRejected(
                "{\"\u00e9\":1,\"$x\":2}",
                "Field name \u00e9 has invalid character '\u00e9': Field names can only contain non-control ASCII"
                        + " characters");
    }

    @Test
    void fromJsonAsJsClient_acceptsUrlSafeBase64AndDecodesValues() throws Exception {
        assertThat(decode("{\"$bytes\":\"-_8=\"}")).isEqualTo(ConvexValue.bytes(new byte[] {(byte) 0xfb, (byte) 0xff}));
        assertThat(decode("{\"a\":[1,{\"$integer\":\"AQAAAAAAAAA=\"}]}"))
                .isEqualTo(ConvexJson.parse("{\"a\":[1,{\"$integer\":\"AQAAAAAAAAA=\"}]}"));
    }
}
