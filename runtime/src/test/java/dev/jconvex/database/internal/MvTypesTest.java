package dev.jconvex.database.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jconvex.values.ConvexValue;
import dev.jconvex.values.DocumentId;
import dev.jconvex.values.KeyEncoding;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.StringDataType;
import org.junit.jupiter.api.Test;

class MvTypesTest {

    @Test
    void anIndexEntry_storesNoIdWhenTheKeyEndsWithIt_andGivesItBack() {
        Random random = new Random(7);
        for (int i = 0; i < 1000; i++) {
            String id = DocumentId.generate(10001, random, 20_000).encode();
            byte[] key = KeyEncoding.encodeIndexKey(
                    List.of(ConvexValue.str("ns\u0010" + i), ConvexValue.float64(random.nextDouble())),
                    random.nextDouble() * 1e12,
                    id);
            assertThat(MvTypes.IndexValue.valueFor(key, id)).isEmpty();
            assertThat(MvTypes.IndexValue.idOf(key, "")).isEqualTo(id);
        }
    }

    @Test
    void anIdTheKeyDoesNotEndWith_isStoredInFull() {
        String odd = "Not-An-Id";
        byte[] key = KeyEncoding.encodeIndexKey(List.of(ConvexValue.str("x")), 1.0, odd);
        assertThat(MvTypes.IndexValue.valueFor(key, odd)).isEqualTo(odd);
        assertThat(MvTypes.IndexValue.idOf(key, odd)).isEqualTo(odd);

        byte[] other = KeyEncoding.encodeIndexKey(List.of(ConvexValue.str("x")), 1.0, "abc");
        assertThat(MvTypes.IndexValue.valueFor(other, "abd")).isEqualTo("abd");
    }

    @Test
    void indexValues_readAndWriteStringDataTypesFormat_soOlderStoresReadUnchanged() {
        WriteBuffer old = new WriteBuffer(64);
        StringDataType.INSTANCE.write(old, "k57abc");
        assertThat(MvTypes.IndexValue.INSTANCE.read(old.getBuffer().flip())).isEqualTo("k57abc");

        WriteBuffer now = new WriteBuffer(64);
        MvTypes.IndexValue.INSTANCE.write(now, MvTypes.IndexValue.IN_KEY);
        ByteBuffer written = now.getBuffer().flip();
        assertThat(written.remaining()).isEqualTo(1);
        assertThat(StringDataType.INSTANCE.read(written)).isEmpty();
        assertThat(MvTypes.IndexValue.INSTANCE.getMemory(MvTypes.IndexValue.IN_KEY))
                .isZero();
    }
}
