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
}
