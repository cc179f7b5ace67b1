package dev.jconvex.values;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The backend's display of values inside messages (values §5.3). */
class ValueDisplayTest {

    @ParameterizedTest
    @CsvSource({
        "5.0, 5.0",
        "0.1, 0.1",
        "1e16, 1e16",
        "1.5e16, 1.5e16",
        "9999999999999998, 9999999999999998.0",
        "1e-7, 1e-7",
        "0.0001, 0.0001",
        "0.00001, 1e-5",
        "-2.5, -2.5",
        "123456.789, 123456.789",
        "5e-324, 5e-324",
        "1e-323, 1e-323",
        "1.7976931348623157e308, 1.7976931348623157e308"
    })
    void float64_usesRustDebugFormat(double value, String expected) {
        assertThat(ValueDisplay.display(ConvexValue.float64(value))).isEqualTo(expected);
    }

    @Test
    void float64_specialValues() {
        assertThat(ValueDisplay.display(ConvexValue.float64(Double.NaN))).isEqualTo("NaN");
        assertThat(ValueDisplay.display(ConvexValue.float64(Double.POSITIVE_INFINITY)))
                .isEqualTo("inf");
        assertThat(ValueDisplay.display(ConvexValue.float64(Double.NEGATIVE_INFINITY)))
                .isEqualTo("-inf");
        assertThat(ValueDisplay.display(ConvexValue.float64(-0.0))).isEqualTo("-0.0");
        assertThat(ValueDisplay.display(ConvexValue.float64(0.0))).isEqualTo("0.0");
    }

    @Test
    void scalars_displayPlainly() {
        assertThat(ValueDisplay.display(ConvexValue.NULL)).isEqualTo("null");
        assertThat(ValueDisplay.display(ConvexValue.int64(-5))).isEqualTo("-5");
        assertThat(ValueDisplay.display(ConvexValue.bool(true))).isEqualTo("true");
        assertThat(ValueDisplay.display(ConvexValue.bytes(new byte[] {1, 2, 3})))
                .isEqualTo("b\"AQID\"");
    }

    @Test
    void string_isRustDebugQuoted() {
        assertThat(ValueDisplay.display(ConvexValue.str("hi \"x\""))).isEqualTo("\"hi \\\"x\\\"\"");
        assertThat(ValueDisplay.display(ConvexValue.str("a\nb\t\\'"))).isEqualTo("\"a\\nb\\t\\\\'\"");
        assertThat(ValueDisplay.display(ConvexValue.str("\u0000\u001b\u00e9\ud83d\ude00")))
                .isEqualTo("\"\\0\\u{1b}\u00e9\ud83d\ude00\"");
    }

    @Test
    void containers_useCommaSpaceAndUnquotedSortedKeys() {
        ConvexValue v = ConvexValue.obj(Map.of(
                "b", ConvexValue.str("x"),
                "a", ConvexValue.array(ConvexValue.float64(1), ConvexValue.str("a"))));
        assertThat(ValueDisplay.display(v)).isEqualTo("{a: [1.0, \"a\"], b: \"x\"}");
        assertThat(v.toString()).isEqualTo("{a: [1.0, \"a\"], b: \"x\"}");
        assertThat(ValueDisplay.display(ConvexValue.array())).isEqualTo("[]");
        assertThat(ValueDisplay.display(ConvexValue.emptyObj())).isEqualTo("{}");
    }

    @Test
    void rustDisplay_neverUsesExponents() {
        assertThat(ValueDisplay.rustDisplay(1.0)).isEqualTo("1");
        assertThat(ValueDisplay.rustDisplay(1e20)).isEqualTo("100000000000000000000");
        assertThat(ValueDisplay.rustDisplay(1e-7)).isEqualTo("0.0000001");
        assertThat(ValueDisplay.rustDisplay(-0.0)).isEqualTo("-0");
    }

    @Test
    void rustDebugChar_quotesAndEscapes() {
        assertThat(ValueDisplay.rustDebugChar('-')).isEqualTo("'-'");
        assertThat(ValueDisplay.rustDebugChar('\n')).isEqualTo("'\\n'");
        assertThat(ValueDisplay.rustDebugChar('\'')).isEqualTo("'\\''");
        assertThat(ValueDisplay.rustDebugChar(0x7f)).isEqualTo("'\\u{7f}'");
        assertThat(ValueDisplay.rustDebugChar(0xe9)).isEqualTo("'\u00e9'");
    }
}
