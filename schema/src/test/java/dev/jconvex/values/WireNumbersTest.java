package dev.jconvex.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Float64 text as Convex's backend writes it: serde_json through ryu's {@code format64} (layout in
 * {@code dtolnay/ryu src/pretty/mod.rs}: plain when the decimal point is at most 16 digits from the
 * start and more than -5, {@code .0} on integral values, otherwise {@code de±x}/{@code d.ddde±x}).
 * Each expected string below follows from those rules and the shortest round-trip digits.
 */
class WireNumbersTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                // zero and whole numbers: always a fraction
                "0.0                     | 0.0",
                "-0.0                    | -0.0",
                "1                       | 1.0",
                "10                      | 10.0",
                "-42                     | -42.0",
                "100                     | 100.0",
                // fractions
                "0.1                     | 0.1",
                "0.30000000000000004     | 0.30000000000000004",
                "1.5                     | 1.5",
                "123.456                 | 123.456",
                "1.7963932715943892E12   | 1796393271594.3892",
                "-1.7963932715943892E12  | -1796393271594.3892",
                "2251799813685248.5      | 2251799813685248.5",
                // the largest plain integers: the point 16 digits in
                "1e15                    | 1000000000000000.0",
                "9007199254740991        | 9007199254740991.0",
                "9007199254740992        | 9007199254740992.0",
                "9007199254740994        | 9007199254740994.0",
                "9999999999999998        | 9999999999999998.0",
                // 17 digits before the point: exponent
                "1e16                    | 1e16",
                "12345678901234568       | 1.2345678901234568e16",
                "9.223372036854776E18    | 9.223372036854776e18",
                "1e21                    | 1e21",
                "1e22                    | 1e22",
                "1e23                    | 1e23",
                "1.5e300                 | 1.5e300",
                "1.7976931348623157E308  | 1.7976931348623157e308",
                "-1.7976931348623157E308 | -1.7976931348623157e308",
                // small numbers: plain down to 0.0000d, then exponent
                "0.001                   | 0.001",
                "1e-4                    | 0.0001",
                "1e-5                    | 0.00001",
                "1.2345e-5               | 0.000012345",
                "1e-6                    | 1e-6",
                "1.5e-6                  | 1.5e-6",
                "1e-7                    | 1e-7",
                "-1e-7                   | -1e-7",
                "2.2250738585072014E-308 | 2.2250738585072014e-308",
                // subnormals, where Java's Double.toString prints two digits (4.9E-324, 9.9E-324)
                "4.9E-324                | 5e-324",
                "9.9E-324                | 1e-323",
            })
    void format_writesWhatSerdeJsonWrites(String input, String expected) {
        assertThat(WireNumbers.format(Double.parseDouble(input))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"NaN", "Infinity", "-Infinity"})
    void format_onNonFinite_throws(String input) {
        assertThatThrownBy(() -> WireNumbers.format(Double.parseDouble(input)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finite");
    }

    @Property(tries = 3000)
    void format_roundTripsWithTheShortestDigits(@ForAll("finiteDoubles") double d) {
        String text = WireNumbers.format(d);
        assertThat(Double.doubleToRawLongBits(Double.parseDouble(text))).isEqualTo(Double.doubleToRawLongBits(d));
        assertThat(text).containsAnyOf(".", "e");
        if (d != 0) {
            BigDecimal shortest = ValueDisplay.shortestDecimal(Math.abs(d));
            int point = shortest.precision() - shortest.scale();
            int exponent = text.indexOf('e');
            String mantissa = exponent < 0 ? text : text.substring(0, exponent);
            String digits = mantissa.replace("-", "").replace(".", "").replaceAll("^0+", "");
            assertThat(digits.replaceAll("0+$", ""))
                    .isEqualTo(shortest.unscaledValue().toString());
            assertThat(exponent >= 0).isEqualTo(point > 16 || point <= -5);
        }
    }

    @Provide
    Arbitrary<Double> finiteDoubles() {
        return Arbitraries.oneOf(
                        Arbitraries.longs().map(Double::longBitsToDouble),
                        Arbitraries.doubles(),
                        Arbitraries.longs().between(-(1L << 54), 1L << 54).map(l -> (double) l),
                        Arbitraries.integers().between(-330, 310).map(e -> Math.pow(10, e)))
                .filter(Double::isFinite);
    }

    @Test
    void encodedJson_writesFloatsInConvexText_inStreamsAndTrees() throws Exception {
        ConvexValue doc = ConvexValue.obj(Map.of(
                "_creationTime", ConvexValue.float64(1.7963932715943892E12),
                "n", ConvexValue.float64(10),
                "big", ConvexValue.float64(1e21)));
        String expected = "{\"_creationTime\":1796393271594.3892,\"big\":1e21,\"n\":10.0}";
        assertThat(ConvexJson.write(doc)).isEqualTo(expected);
        assertThat(ConvexJson.writeTree(ConvexJson.toJson(doc))).isEqualTo(expected);
        assertThat(ConvexJson.writeTree(ConvexJson.toCleanJson(doc))).isEqualTo(expected);
    }

    @Test
    void newObjectMapper_writesEveryDoubleInConvexText() throws Exception {
        ObjectMapper mapper = ConvexJson.newObjectMapper();
        var tree = JsonNodeFactory.instance.objectNode().put("a", 1e-7).put("b", 3.0);
        assertThat(mapper.writeValueAsString(tree)).isEqualTo("{\"a\":1e-7,\"b\":3.0}");
        assertThat(mapper.writeValueAsString(Map.of("x", 0.5e16))).isEqualTo("{\"x\":5000000000000000.0}");
    }
}
