package dev.jconvex.values;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConvexJsonTest {

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
}
