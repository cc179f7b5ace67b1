package dev.jconvex.values;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sort-key bytes of values §2.4, byte for byte. */
class KeyEncodingTest {

    private static String hex(ConvexValue v) {
        return HexFormat.of().formatHex(KeyEncoding.encode(v));
    }

    @ParameterizedTest
    @CsvSource({
        "0, 08",
        "1, 0901",
        "127, 097f",
        "128, 0a0080",
        "-1, 07ff",
        "-128, 0780",
        "-129, 06ff7f",
        "32768, 0b00008000",
        "-2147483649, 04ffffffff7fffffff",
        "9223372036854775807, 0c7fffffffffffffff"
    })
    void int64_usesNarrowestSignedWidthTag(long value, String expected) {
        assertThat(hex(ConvexValue.int64(value))).isEqualTo(expected);
    }

    @Test
    void float64_flipsSignBitOrAllBits() {
        assertThat(hex(ConvexValue.float64(0.0))).isEqualTo("0d8000000000000000");
        assertThat(hex(ConvexValue.float64(-0.0))).isEqualTo("0d7fffffffffffffff");
        assertThat(hex(ConvexValue.float64(1.0))).isEqualTo("0dbff0000000000000");
        assertThat(hex(ConvexValue.float64(-1.0))).isEqualTo("0d400fffffffffffff");
    }

    @Test
    void scalarsAndStrings_useTheirTags() {
        assertThat(hex(ConvexValue.NULL)).isEqualTo("03");
        assertThat(hex(ConvexValue.bool(false))).isEqualTo("0e");
        assertThat(hex(ConvexValue.bool(true))).isEqualTo("0f");
        assertThat(hex(ConvexValue.str("a\u0000b"))).isEqualTo("106100ff6200");
        assertThat(hex(ConvexValue.str("\u00e9"))).isEqualTo("10c3a900");
        assertThat(hex(ConvexValue.bytes(new byte[] {0, 1}))).isEqualTo("1100ff0100");
    }

    @Test
    void containers_areTerminated_andEmptyFieldNameIsEscaped() {
        assertThat(hex(ConvexValue.array(ConvexValue.NULL))).isEqualTo("120300");
        assertThat(hex(ConvexValue.obj(Map.of("a", ConvexValue.NULL)))).isEqualTo("1561000300");
        assertThat(hex(ConvexValue.obj(Map.of("", ConvexValue.NULL)))).isEqualTo("1500ff0300");
        assertThat(hex(ConvexValue.emptyObj())).isEqualTo("1500");
    }

    @Test
    void tuple_encodesUndefinedAsOne() {
        List<ConvexValue> t = new ArrayList<>();
        t.add(null);
        t.add(ConvexValue.NULL);
        assertThat(HexFormat.of().formatHex(KeyEncoding.encodeTuple(t))).isEqualTo("0103");
    }

    @Test
    void undefined_sortsBeforeNull() {
        List<ConvexValue> undefined = new ArrayList<>();
        undefined.add(null);
        assertThat(java.util.Arrays.compareUnsigned(
                        KeyEncoding.encodeTuple(undefined), KeyEncoding.encodeTuple(List.of(ConvexValue.NULL))))
                .isNegative();
        assertThat(ValueOrder.compareWithUndefined(null, ConvexValue.NULL)).isNegative();
    }

    @Test
    void prefixSuccessor_incrementsAfterDroppingTrailingFF() {
        assertThat(KeyEncoding.prefixSuccessor(new byte[] {0x10, 0x61})).containsExactly(0x10, 0x62);
        assertThat(KeyEncoding.prefixSuccessor(new byte[] {0x10, (byte) 0xFF})).containsExactly(0x11);
        assertThat(KeyEncoding.prefixSuccessor(new byte[] {(byte) 0xFF})).isNull();
        assertThat(KeyEncoding.prefixSuccessor(new byte[0])).isNull();
    }

    @Test
    void tupleRangeEnd_holdsLongerTuples_butNotLongerLastValues() {
        byte[] a = KeyEncoding.encodeTuple(List.of(ConvexValue.str("a")));
        byte[] end = KeyEncoding.tupleRangeEnd(a);
        assertThat(end).containsExactly(0x10, 0x61, 0x00, 0xFF);
        byte[] aThenOne = KeyEncoding.encodeTuple(List.of(ConvexValue.str("a"), ConvexValue.float64(1)));
        byte[] aNul = KeyEncoding.encodeTuple(List.of(ConvexValue.str("a\u0000")));
        assertThat(java.util.Arrays.compareUnsigned(aThenOne, end)).isNegative();
        assertThat(java.util.Arrays.compareUnsigned(aNul, end)).isNotNegative();
        // the byte-prefix successor would have held "a\u0000" too
        assertThat(java.util.Arrays.compareUnsigned(aNul, KeyEncoding.prefixSuccessor(a)))
                .isNegative();
    }
}
