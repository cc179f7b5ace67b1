package dev.jconvex.functions.js;

import static dev.jconvex.values.ConvexValue.float64;
import static dev.jconvex.values.ConvexValue.int64;
import static dev.jconvex.values.ConvexValue.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jconvex.execution.JsException;
import dev.jconvex.values.ConvexValue;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each family of JavaScript semantics the seed relies on. Expected values were produced by Node 20
 * (V8 with full ICU), e.g. {@code node -e 'console.log(String(1e21))'}.
 */
class JsTest {

    private static final ConvexValue UNDEFINED = null;

    private static ConvexValue arr(ConvexValue... values) {
        return ConvexValue.array(values);
    }

    private static ConvexValue obj(String key, ConvexValue value) {
        return ConvexValue.obj(Map.of(key, value));
    }

    @Nested
    class Truthiness {
        @Test
        void falsyValuesAreUndefinedNullFalseZerosNaNEmptyStringAndZeroBigint() {
            for (ConvexValue falsy : new ConvexValue[] {
                UNDEFINED,
                ConvexValue.NULL,
                ConvexValue.bool(false),
                float64(0),
                float64(-0.0),
                float64(Double.NaN),
                str(""),
                int64(0)
            }) {
                assertThat(Js.truthy(falsy)).as(String.valueOf(falsy)).isFalse();
            }
        }

        @Test
        void everythingElseIsTruthyIncludingEmptyContainersAndStringZero() {
            for (ConvexValue truthy : new ConvexValue[] {
                ConvexValue.bool(true),
                float64(-1),
                float64(Double.POSITIVE_INFINITY),
                str("0"),
                str(" "),
                int64(-1),
                arr(),
                ConvexValue.emptyObj(),
                ConvexValue.bytes(new byte[0])
            }) {
                assertThat(Js.truthy(truthy)).as(String.valueOf(truthy)).isTrue();
            }
        }

        @Test
        void orDefaultsEveryFalsyValue() {
            assertThat(Js.or(float64(-0.0), float64(0))).isEqualTo(float64(0));
            assertThat(Js.or(float64(Double.NaN), float64(1))).isEqualTo(float64(1));
            assertThat(Js.or(str(""), float64(1))).isEqualTo(float64(1));
            assertThat(Js.or(UNDEFINED, float64(1))).isEqualTo(float64(1));
            assertThat(Js.or(int64(0), float64(1))).isEqualTo(float64(1));
            assertThat(Js.or(str("x"), float64(1))).isEqualTo(str("x"));
            assertThat(Js.or("", "key")).isEqualTo("key");
            assertThat(Js.or((String) null, "asc")).isEqualTo("asc");
            assertThat(Js.or("desc", "asc")).isEqualTo("desc");
        }
    }

    @Nested
    class NumberToString {
        @ParameterizedTest
        @CsvSource({
            "1e21, 1e+21",
            "1e-7, 1e-7",
            "5, 5",
            "-0.0, 0",
            "0.1, 0.1",
            "123456789012345680000, 123456789012345680000",
            "1.5e-7, 1.5e-7",
            "0.000001, 0.000001",
            "4.9e-324, 5e-324",
            "1.7976931348623157e308, 1.7976931348623157e+308",
            "9007199254740992, 9007199254740992",
            "-1.25e-10, -1.25e-10",
            "100, 100",
            "0.30000000000000004, 0.30000000000000004",
            "4.35, 4.35",
            "1e100, 1e+100",
            "123e-20, 1.23e-18",
        })
        void matchesV8(double value, String expected) {
            assertThat(Js.numberToString(value)).isEqualTo(expected);
        }

        @Test
        void specialValues() {
            assertThat(Js.numberToString(Double.NaN)).isEqualTo("NaN");
            assertThat(Js.numberToString(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
            assertThat(Js.numberToString(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
            assertThat(Js.numberToString(1.0 / 3)).isEqualTo("0.3333333333333333");
        }
    }

    @Nested
    class StringToNumber {
        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                value = {
                    "' 12 '|12",
                    "0x1F|31",
                    "0X1f|31",
                    "''|0",
                    "'  '|0",
                    "1e3|1000",
                    "-0x10|NaN",
                    "0b101|5",
                    "0o17|15",
                    "1_000|NaN",
                    "Infinity|Infinity",
                    "-Infinity|-Infinity",
                    "infinity|NaN",
                    "+5|5",
                    ".5|0.5",
                    "5.|5",
                    "1e|NaN",
                    "abc|NaN",
                    "12px|NaN",
                    "NaN|NaN",
                    "0.1e-2|0.001",
                    "+.5e+1|5",
                    "1d|NaN",
                    "0x1p3|NaN",
                })
        void matchesV8(String input, String expected) {
            assertThat(Js.numberToString(Js.stringToNumber(input))).isEqualTo(expected);
        }

        @Test
        void trimsJavaScriptWhitespaceButNotMongolianVowelSeparator() {
            assertThat(Js.stringToNumber("\u00a0 7\n\uFEFF\u2028")).isEqualTo(7);
            assertThat(Js.stringToNumber("\u180e5")).isNaN();
        }

        @Test
        void minusZeroStringIsMinusZero() {
            assertThat(Double.doubleToRawLongBits(Js.stringToNumber("-0"))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        }
    }

    @Nested
    class Addition {
        @Test
        void numbersAdd() {
            assertThat(Js.add(float64(1.5), float64(1))).isEqualTo(float64(2.5));
            assertThat(Js.add(float64(0.1), float64(0.2))).isEqualTo(float64(0.30000000000000004));
        }

        @Test
        void stringOnEitherSideConcatenatesWithNumberToString() {
            assertThat(Js.add(str("a"), float64(1e21))).isEqualTo(str("a1e+21"));
            assertThat(Js.add(float64(5), str("x"))).isEqualTo(str("5x"));
            assertThat(Js.add(float64(-0.0), str(""))).isEqualTo(str("0"));
            assertThat(Js.add(str("a"), int64(1))).isEqualTo(str("a1"));
            assertThat(Js.add(str("a"), ConvexValue.NULL)).isEqualTo(str("anull"));
            assertThat(Js.add(str("a"), ConvexValue.bool(true))).isEqualTo(str("atrue"));
        }

        @Test
        void arraysAndObjectsBecomeStrings() {
            assertThat(Js.add(arr(float64(1), float64(2)), float64(1))).isEqualTo(str("1,21"));
            assertThat(Js.add(arr(), float64(1))).isEqualTo(str("1"));
            assertThat(Js.add(obj("a", float64(1)), float64(1))).isEqualTo(str("[object Object]1"));
            assertThat(Js.add(arr(float64(1), arr(float64(2), float64(3))), str("")))
                    .isEqualTo(str("1,2,3"));
            assertThat(Js.add(arr(ConvexValue.NULL, float64(1)), str(""))).isEqualTo(str(",1"));
            assertThat(Js.add(ConvexValue.bytes(new byte[] {1}), float64(1))).isEqualTo(str("[object ArrayBuffer]1"));
        }

        @Test
        void nullAndBooleansAddAsNumbers() {
            assertThat(Js.add(ConvexValue.NULL, float64(1))).isEqualTo(float64(1));
            assertThat(Js.add(ConvexValue.bool(true), float64(1))).isEqualTo(float64(2));
        }

        @Test
        void bigintsAddAsBigints() {
            assertThat(Js.add(int64(2), int64(3))).isEqualTo(int64(5));
        }

        @Test
        void bigintWithNumberIsTheTypeError() {
            assertThatThrownBy(() -> Js.add(int64(5), float64(1)))
                    .isInstanceOf(JsException.class)
                    .hasMessage("Cannot mix BigInt and other types, use explicit conversions");
            assertThatThrownBy(() -> Js.add(ConvexValue.bool(true), int64(1))).hasMessage(Js.MIX_BIGINT_MESSAGE);
            assertThatThrownBy(() -> Js.add(ConvexValue.NULL, int64(1))).hasMessage(Js.MIX_BIGINT_MESSAGE);
        }

        @Test
        void bigintOutsideInt64IsTheSerializerError() {
            assertThatThrownBy(() -> Js.add(int64(Long.MAX_VALUE), int64(1)))
                    .isInstanceOf(JsException.class)
                    .hasMessage("BigInt 9223372036854775808 does not fit into a 64-bit signed integer.");
        }
    }

    @Nested
    class Subtraction {
        @Test
        void stringsArraysNullAndBooleansConvertToNumbers() {
            assertThat(Js.subtract(str(" 0x10 "), float64(1))).isEqualTo(float64(15));
            assertThat(Js.subtract(str(""), float64(1))).isEqualTo(float64(-1));
            assertThat(Js.subtract(str("abc"), float64(1))).isEqualTo(float64(Double.NaN));
            assertThat(Js.subtract(arr(), float64(1))).isEqualTo(float64(-1));
            assertThat(Js.subtract(arr(float64(5)), float64(1))).isEqualTo(float64(4));
            assertThat(Js.subtract(arr(float64(1), float64(2)), float64(1))).isEqualTo(float64(Double.NaN));
            assertThat(Js.subtract(ConvexValue.NULL, float64(1))).isEqualTo(float64(-1));
            assertThat(Js.subtract(ConvexValue.bool(true), str("3"))).isEqualTo(float64(-2));
            assertThat(Js.subtract(obj("a", float64(1)), float64(1))).isEqualTo(float64(Double.NaN));
        }

        @Test
        void bigintsSubtractAndMixingThrows() {
            assertThat(Js.subtract(int64(2), int64(1))).isEqualTo(int64(1));
            assertThatThrownBy(() -> Js.subtract(str("5"), int64(1))).hasMessage(Js.MIX_BIGINT_MESSAGE);
            assertThatThrownBy(() -> Js.subtract(int64(Long.MIN_VALUE), int64(1)))
                    .hasMessage("BigInt -9223372036854775809 does not fit into a 64-bit signed integer.");
        }
    }

    @Nested
    class Comparison {
        @Test
        void numbersCompareAndNaNIsNeverLess() {
            assertThat(Js.lessThan(float64(1), float64(2))).isTrue();
            assertThat(Js.lessThan(float64(2), float64(2))).isFalse();
            assertThat(Js.lessThan(float64(-0.0), float64(0))).isFalse();
            assertThat(Js.lessThan(float64(Double.NaN), float64(2))).isFalse();
            assertThat(Js.lessThan(float64(2), float64(Double.NaN))).isFalse();
            assertThat(Js.greaterThan(float64(2), float64(Double.NEGATIVE_INFINITY)))
                    .isTrue();
            assertThat(Js.lessThan(float64(2), float64(Double.POSITIVE_INFINITY)))
                    .isTrue();
        }

        @Test
        void mixedTypesFollowIsLessThan() {
            assertThat(Js.lessThan(int64(1), float64(1.5))).isTrue();
            assertThat(Js.lessThan(int64(Long.MAX_VALUE), float64(Double.POSITIVE_INFINITY)))
                    .isTrue();
            assertThat(Js.lessThan(str("10"), str("9"))).isTrue();
            assertThat(Js.lessThan(str("10"), float64(9))).isFalse();
            assertThat(Js.lessThan(ConvexValue.NULL, float64(1))).isTrue();
            assertThat(Js.lessThan(UNDEFINED, float64(1))).isFalse();
        }
    }

    @Nested
    class Slice {
        private final List<Integer> five = List.of(1, 2, 3, 4, 5);

        @Test
        void startHandlesFractionsNegativesNaNAndInfinities() {
            assertThat(Js.slice(five, 1.5)).containsExactly(2, 3, 4, 5);
            assertThat(Js.slice(five, -2)).containsExactly(4, 5);
            assertThat(Js.slice(five, -1.5)).containsExactly(5);
            assertThat(Js.slice(five, Double.NEGATIVE_INFINITY)).containsExactly(1, 2, 3, 4, 5);
            assertThat(Js.slice(five, Double.POSITIVE_INFINITY)).isEmpty();
            assertThat(Js.slice(five, Double.NaN)).containsExactly(1, 2, 3, 4, 5);
            assertThat(Js.slice(five, 7)).isEmpty();
        }

        @Test
        void endHandlesFractionsNegativesAndInfinity() {
            assertThat(Js.slice(five, 0, -1.5)).containsExactly(1, 2, 3, 4);
            assertThat(Js.slice(five, 0, Double.POSITIVE_INFINITY)).containsExactly(1, 2, 3, 4, 5);
            assertThat(Js.slice(five, 0, 2.9)).containsExactly(1, 2);
            assertThat(Js.slice(five, 3, 1)).isEmpty();
            assertThat(Js.slice(five, 0, Double.NEGATIVE_INFINITY)).isEmpty();
        }
    }

    @Nested
    class LocaleCompare {
        @Test
        void agreesWithNodeOnEveryPairOfTrickyStrings() throws Exception {
            JsonNode fixture;
            try (InputStream in = JsTest.class.getResourceAsStream("/js/localeCompare-node20.json")) {
                fixture = new ObjectMapper().readTree(in);
            }
            List<String> words = new ArrayList<>();
            fixture.get("words").forEach(w -> words.add(w.asText()));
            JsonNode expected = fixture.get("cmp");
            List<String> mismatches = new ArrayList<>();
            int index = 0;
            for (String a : words) {
                for (String b : words) {
                    int node = Integer.signum(expected.get(index++).asInt());
                    if (Js.localeCompare(a, b) != node) {
                        mismatches.add(a + " vs " + b + ": node " + node);
                    }
                }
            }
            assertThat(words).hasSizeGreaterThan(50);
            assertThat(mismatches).isEmpty();
        }

        @Test
        void collationKeysOrderLikeLocaleCompareAndAreEqualExactlyOnTies() throws Exception {
            List<String> words = new ArrayList<>();
            try (InputStream in = JsTest.class.getResourceAsStream("/js/localeCompare-node20.json")) {
                new ObjectMapper().readTree(in).get("words").forEach(w -> words.add(w.asText()));
            }
            // ignorable code points tie with nothing: NUL, controls, soft hyphen, zero-width space
            words.addAll(List.of("a\u0000", "\u0000a", "a\u0001", "a\u00AD", "a\u200B", "a\uFEFF", "ab\u0000"));
            java.util.SplittableRandom random = new java.util.SplittableRandom(10);
            String alphabet = "aAbB\u00e9e\u0301 -_01\u0000\u00AD\uD83D\uDE00zZ\u00df";
            for (int i = 0; i < 400; i++) {
                StringBuilder w = new StringBuilder();
                for (int n = random.nextInt(5); n > 0; n--) {
                    w.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                words.add(w.toString());
            }
            List<String> mismatches = new ArrayList<>();
            int ties = 0;
            for (String a : words) {
                byte[] ka = Js.collationKey(a);
                for (String b : words) {
                    int byKey = Integer.signum(java.util.Arrays.compareUnsigned(ka, Js.collationKey(b)));
                    if (byKey != Js.localeCompare(a, b)) {
                        mismatches.add(a + " vs " + b);
                    }
                    ties += byKey == 0 && !a.equals(b) ? 1 : 0;
                }
            }
            assertThat(mismatches).isEmpty();
            assertThat(ties).as("distinct strings that tie").isGreaterThan(100);
            assertThat(Js.collationVersion()).startsWith("icu4j-").contains("/root-");
        }

        @Test
        void caseAndAccentsAreTertiaryAndSecondaryDifferences() {
            assertThat(Js.localeCompare("a", "B")).isNegative();
            assertThat(Js.localeCompare("a", "A")).isNegative();
            assertThat(Js.localeCompare("résumé", "resume")).isPositive();
            assertThat(Js.localeCompare("e\u0301", "\u00e9")).isZero();
            assertThat(Js.localeCompare("10", "2")).isNegative();
        }
    }

    @Nested
    class Sort {
        record Row(String key, int order) {}

        @Test
        void isStableAndDescendingByNegationKeepsTiesInOriginalOrder() {
            List<Row> rows = List.of(new Row("b", 0), new Row("a", 1), new Row("b", 2), new Row("a", 3));
            assertThat(Js.sort(rows, (x, y) -> Js.localeCompare(x.key(), y.key()) * -1))
                    .extracting(Row::order)
                    .containsExactly(0, 2, 1, 3);
            assertThat(Js.sort(rows, (x, y) -> Js.localeCompare(x.key(), y.key())))
                    .extracting(Row::order)
                    .containsExactly(1, 3, 0, 2);
        }

        @Test
        void zeroMinusZeroAndNaNComparisonsKeepOrder() {
            List<Row> rows = List.of(new Row("x", 0), new Row("y", 1), new Row("z", 2));
            assertThat(Js.sort(rows, (x, y) -> 0.0 * -1)).extracting(Row::order).containsExactly(0, 1, 2);
            assertThat(Js.sort(rows, (x, y) -> Double.NaN))
                    .extracting(Row::order)
                    .containsExactly(0, 1, 2);
        }
    }

    @Test
    void startsWithComparesCodeUnits() {
        assertThat(Js.startsWith("abc", "")).isTrue();
        assertThat(Js.startsWith("abc", "ab")).isTrue();
        assertThat(Js.startsWith("Abc", "a")).isFalse();
        assertThat(Js.startsWith("\uD83D\uDE00x", "\uD83D\uDE00")).isTrue();
    }

    @Test
    void undefinedInAnArrayIsTheSerializerErrorWithTheOriginalObject() {
        Map<String, Object> patch = new LinkedHashMap<>();
        List<Object> value = new ArrayList<>(List.of(float64(1), str("x")));
        value.add(null);
        patch.put("value", value);
        patch.put("updatedAt", float64(5003));
        assertThat(Js.undefinedIsNotAValidConvexValue(".value[2]", patch))
                .hasMessage("undefined is not a valid Convex value (present at path .value[2] in original object"
                        + " {\"value\":[1,\"x\",\"undefined\"],\"updatedAt\":5003}). To learn about Convex's supported"
                        + " types, see https://docs.convex.dev/using/types.");
    }

    @Test
    void errorRenderingFollowsJsonStringifyWithConvexReplacer() {
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put(
                "v",
                List.of(
                        int64(5),
                        float64(Double.NaN),
                        float64(-0.0),
                        ConvexValue.bytes(new byte[] {1}),
                        str("q\"\n\u0001"),
                        ConvexValue.NULL));
        assertThat(JsonForError.stringify(patch)).isEqualTo("{\"v\":[\"5n\",null,0,{},\"q\\\"\\n\\u0001\",null]}");
    }
}
