package dev.jconvex.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DocumentIdTest {

    private static final byte[] INTERNAL = HexFormat.of().parseHex("0102030405060708090a0b0c0d0e4f61");

    @ParameterizedTest
    @CsvSource({
        "1, 040g40r40m30e209185gr38e9xghm4g",
        "10001, j57020g30g2gc1r81450p30d1s7p3y31",
        "16384, g20020820c20a1g7104gm2rc1m74yr8tj8",
        "4294967295, zzzzzzrf041061050r3gg28a1c60t3jfc4jb4"
    })
    void specVectors_encodeAndDecodeExactly(long table, String text) {
        DocumentId id = new DocumentId((int) table, INTERNAL);
        assertThat(id.encode()).isEqualTo(text);
        DocumentId decoded = DocumentId.decode(text);
        assertThat(Integer.toUnsignedLong(decoded.tableNumber())).isEqualTo(table);
        assertThat(decoded.internalId()).isEqualTo(INTERNAL);
        assertThat(decoded.encode()).isEqualTo(text);
    }

    @Test
    void specVectors_zeroAndOnesInternalIds() {
        assertThat(new DocumentId(10001, new byte[16]).encode()).isEqualTo("j5700000000000000000000000001qv0");
        byte[] ones = new byte[16];
        java.util.Arrays.fill(ones, (byte) 0xFF);
        assertThat(new DocumentId(10001, ones).encode()).isEqualTo("j57fzzzzzzzzzzzzzzzzzzzzzzzzzkyr");
        assertThat(DocumentId.decode("j57fzzzzzzzzzzzzzzzzzzzzzzzzzkyr").internalId())
                .isEqualTo(ones);
    }

    @Test
    void decode_rejectsChangedLastCharacterAsInvalidVersion() {
        assertThatThrownBy(() -> DocumentId.decode("j57020g30g2gc1r81450p30d1s7p3y32"))
                .isInstanceOf(ConvexException.class)
                .hasMessageStartingWith("Unable to decode ID: Invalid ID version ")
                .extracting(e -> ((ConvexException) e).code())
                .isEqualTo(ErrorCode.InvalidIdError);
    }

    @Test
    void decode_rejectsWrongLength() {
        assertThatThrownBy(() -> DocumentId.decode("abcde")).hasMessage("Unable to decode ID: Invalid ID length 5");
    }

    @Test
    void generate_roundTripsAndEndsWithDayBytes() {
        DocumentId id = DocumentId.generate(10001, new SplittableRandom(1), 0x4f61);
        assertThat(id.encode()).hasSize(32);
        assertThat(DocumentId.decode(id.encode())).isEqualTo(id);
        assertThat(id.internalId()[14]).isEqualTo((byte) 0x4f);
        assertThat(id.internalId()[15]).isEqualTo((byte) 0x61);
    }

    /** Crockford base32 of raw bytes (an independent encoder for building malformed ids). */
    private static String base32(byte[] bytes) {
        String alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
        StringBuilder sb = new StringBuilder();
        java.math.BigInteger all = new java.math.BigInteger(1, bytes);
        int bitsTotal = bytes.length * 8;
        int chars = (bitsTotal + 4) / 5;
        all = all.shiftLeft(chars * 5 - bitsTotal);
        for (int i = chars - 1; i >= 0; i--) {
            sb.append(alphabet.charAt(all.shiftRight(i * 5).intValue() & 31));
        }
        return sb.toString();
    }

    /** VInt bytes ‖ 16 internal bytes ‖ a correct little-endian Fletcher-16 footer. */
    private static String withFooter(int... prefix) {
        byte[] bytes = new byte[prefix.length + 16 + 2];
        for (int i = 0; i < prefix.length; i++) {
            bytes[i] = (byte) prefix[i];
        }
        int n = prefix.length + 16;
        int c0 = 0;
        int c1 = 0;
        for (int i = 0; i < n; i++) {
            c0 = (c0 + (bytes[i] & 0xFF)) & 0xFF;
            c1 = (c1 + c0) & 0xFF;
        }
        bytes[n] = (byte) c0;
        bytes[n + 1] = (byte) c1;
        return base32(bytes);
    }

    @Test
    void decode_rejectsLengthsOutside31To37() {
        assertThatThrownBy(() -> DocumentId.decode("0".repeat(30)))
                .hasMessage("Unable to decode ID: Invalid ID length 30");
        assertThatThrownBy(() -> DocumentId.decode("0".repeat(38)))
                .hasMessage("Unable to decode ID: Invalid ID length 38");
        assertThatThrownBy(() -> DocumentId.decode("")).hasMessage("Unable to decode ID: Invalid ID length 0");
    }

    @Test
    void decode_rejectsCharactersOutsideTheLowercaseAlphabet() {
        assertThatThrownBy(() -> DocumentId.decode("J57020g30g2gc1r81450p30d1s7p3y31"))
                .hasMessage("Unable to decode ID: ID wasn't valid base32");
        assertThatThrownBy(() -> DocumentId.decode("j57020g30g2gc1r81450p30d1s7p3yi1"))
                .hasMessage("Unable to decode ID: ID wasn't valid base32");
    }

    @Test
    void decode_rejectsWrongFooterWithBothValues() {
        assertThatThrownBy(() -> DocumentId.decode("j57020g30g2gc1r81450p30d1s7p3y32"))
                .hasMessage("Unable to decode ID: Invalid ID version 25336 (expected 25080)");
    }

    @Test
    void decode_rejectsNonZeroPaddingBits() {
        // The table-1 vector ends in 'g' (10000): its last three bits are padding. 'h' sets one.
        assertThatThrownBy(() -> DocumentId.decode("040g40r40m30e209185gr38e9xghm4h"))
                .hasMessage("Unable to decode ID: Invalid ID length 31");
    }

    @Test
    void decode_rejectsTableZero() {
        String zero = withFooter(0);
        assertThat(zero).hasSize(31);
        assertThatThrownBy(() -> DocumentId.decode(zero)).hasMessage("Unable to decode ID: Invalid table number");
    }

    @Test
    void decode_rejectsNonMinimalVInt() {
        String padded = withFooter(0x81, 0x00); // table 1 written in two bytes
        assertThat(padded).hasSize(32);
        assertThatThrownBy(() -> DocumentId.decode(padded)).hasMessage("Unable to decode ID: Invalid ID length 32");
    }

    @Test
    void decode_rejectsVIntLongerThanFiveBytes() {
        String tooLong = withFooter(0x80, 0x80, 0x80, 0x80, 0x80);
        assertThat(tooLong).hasSize(37);
        assertThatThrownBy(() -> DocumentId.decode(tooLong)).hasMessage("Unable to decode ID: Invalid table number");
    }

    @Test
    void decode_rejectsTrailingBytes() {
        String extra = withFooter(0x01) + "00";
        assertThatThrownBy(() -> DocumentId.decode(extra)).hasMessage("Unable to decode ID: Invalid ID length 33");
    }

    @Test
    void tryDecode_isEmptyForMalformedIds() {
        assertThat(DocumentId.tryDecode("nope")).isEmpty();
        assertThat(DocumentId.tryDecode("j57020g30g2gc1r81450p30d1s7p3y31")).isPresent();
    }
}
