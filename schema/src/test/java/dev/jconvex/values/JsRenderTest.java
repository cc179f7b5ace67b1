package dev.jconvex.values;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** JavaScript's {@code String(number)}, used in ConvexError messages (wire-protocol §1.6 (b)). */
class JsRenderTest {

    @ParameterizedTest
    @CsvSource({
        "1, 1",
        "-1.5, -1.5",
        "0.1, 0.1",
        "1e21, 1e+21",
        "1.5e21, 1.5e+21",
        "1e20, 100000000000000000000",
        "123456789012345680000, 123456789012345680000",
        "0.000001, 0.000001",
        "1e-7, 1e-7",
        "1.25e-7, 1.25e-7",
        "-0.0, 0",
        "5e-324, 5e-324",
        "1.7976931348623157e308, 1.7976931348623157e+308"
    })
    void number_matchesJavaScript(double value, String expected) {
        assertThat(JsRender.number(value)).isEqualTo(expected);
    }
}
