package dev.jconvex.execution.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jconvex.execution.JsException;
import dev.jconvex.values.ConvexError;
import dev.jconvex.values.ConvexValue;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Console rendering as Convex's {@code object-inspect} call produces it (wire-protocol §1.8). */
class JsFormatTest {

    @Test
    void consoleMessage_quotesStringsAndJoinsWithSpaces() {
        assertThat(JsFormat.consoleMessage("hello", 3)).isEqualTo("'hello' 3");
    }

    @Test
    void strings_escapeQuotesBackslashesAndControls() {
        assertThat(JsFormat.inspect("it's \\ \n\t\u0001")).isEqualTo("'it\\'s \\\\ \\n\\t\\x01'");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "3.0, 3",
        "0.1, 0.1",
        "-2.5, -2.5",
        "1e21, 1e+21",
        "123456789012345680000, 123456789012345680000",
        "1e-7, 1e-7",
        "0.000001, 0.000001",
        "1.5e300, 1.5e+300",
        "NaN, NaN",
        "Infinity, Infinity",
        "-Infinity, -Infinity",
        "5e-324, 5e-324",
        "7e-323, 7e-323",
        "-35849263.899, -35849263.899",
        "5.3876272295315975e+172, 5.3876272295315975e+172",
    })
    void numbers_printAsJavaScriptDoes(double value, String expected) {
        assertThat(JsFormat.inspect(value)).isEqualTo(expected);
        assertThat(JsFormat.inspect(ConvexValue.float64(value))).isEqualTo(expected);
    }

    @Test
    void numberToString_matchesNode_onRecordedVectors() throws java.io.IOException {
        try (var in = JsFormatTest.class.getResourceAsStream("node20-number-strings.txt")) {
            List<String> lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.startsWith("#"))
                    .toList();
            assertThat(lines).hasSizeGreaterThan(1000);
            for (String line : lines) {
                String[] parts = line.split(" ");
                double d = Double.longBitsToDouble(Long.parseUnsignedLong(parts[0], 16));
                assertThat(JsFormat.numberToString(d)).as(parts[0]).isEqualTo(parts[1]);
            }
        }
    }

    @Test
    void negativeZero_printsWithSign() {
        assertThat(JsFormat.inspect(-0.0)).isEqualTo("-0");
        assertThat(JsFormat.numberToString(-0.0)).isEqualTo("0");
    }

    @Test
    void bigints_haveAnNSuffix() {
        assertThat(JsFormat.inspect(ConvexValue.int64(-5))).isEqualTo("-5n");
        assertThat(JsFormat.inspect(BigInteger.TEN)).isEqualTo("10n");
    }

    @Test
    void scalars_nullUndefinedBooleansBytes() {
        assertThat(JsFormat.consoleMessage(ConvexValue.NULL, null, true, ConvexValue.bool(false)))
                .isEqualTo("null undefined true false");
        assertThat(JsFormat.inspect(ConvexValue.bytes(new byte[] {1}))).isEqualTo("ArrayBuffer [ArrayBuffer] {}");
    }

    @Test
    void arrays_areOneLineWhenTheirElementsAre() {
        assertThat(JsFormat.inspect(List.of(1, "a", List.of()))).isEqualTo("[ 1, 'a', [] ]");
        assertThat(JsFormat.inspect(ConvexValue.array(ConvexValue.int64(1)))).isEqualTo("[ 1n ]");
    }

    @Test
    void objects_areIndentedByTwoSpacesPerLevel() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("b", "x");
        Map<String, Object> outer = new LinkedHashMap<>();
        outer.put("a", 1);
        outer.put("nested", inner);
        outer.put("first-name", "q");
        outer.put("empty", Map.of());

        assertThat(JsFormat.inspect(outer))
                .isEqualTo("{\n  a: 1,\n  nested: {\n    b: 'x'\n  },\n  'first-name': 'q',\n  empty: {}\n}");
    }

    @Test
    void arrays_ofObjects_breakLines() {
        assertThat(JsFormat.inspect(List.of(Map.of("a", 1)))).isEqualTo("[\n  {\n    a: 1\n  }\n]");
    }

    @Test
    void deepValues_areCutAtDepthFive() {
        Object deep = List.of(List.of(List.of(List.of(List.of(List.of(1))))));
        assertThat(JsFormat.inspect(deep)).isEqualTo("[ [ [ [ [ [Array] ] ] ] ] ]");
    }

    @Test
    void longStrings_areTruncatedAfter32768Characters() {
        String s = "x".repeat(32770);
        assertThat(JsFormat.inspect(s)).isEqualTo("'" + "x".repeat(32768) + "'... 2 more characters");
    }

    @Test
    void errors_printAsJavaScriptErrors() {
        assertThat(JsFormat.inspect(new IllegalStateException("boom"))).isEqualTo("[Error: boom]");
        assertThat(JsFormat.inspect(JsException.typeError("t"))).isEqualTo("[TypeError: t]");
        assertThat(JsFormat.inspect(new ConvexError("c"))).isEqualTo("[ConvexError: c]");
    }

    @Test
    void javaArrays_printAsArrays() {
        assertThat(JsFormat.inspect(new Object[] {"a", null})).isEqualTo("[ 'a', undefined ]");
        assertThat(JsFormat.consoleMessage()).isEmpty();
    }
}
