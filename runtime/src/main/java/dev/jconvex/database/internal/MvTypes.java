package dev.jconvex.database.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/** The MVStore data types of {@link MvPersistence}'s maps. */
final class MvTypes {
    private MvTypes() {}

    /**
     * Byte strings ordered as unsigned bytes: index keys ({@link dev.jconvex.values.KeyEncoding} is
     * order-preserving under exactly this comparison) and opaque values.
     */
    static final class UnsignedBytes extends BasicDataType<byte[]> {
        static final UnsignedBytes INSTANCE = new UnsignedBytes();

        @Override
        public int getMemory(byte[] value) {
            return 24 + value.length;
        }

        @Override
        public void write(WriteBuffer buff, byte[] value) {
            buff.putVarInt(value.length).put(value);
        }

        @Override
        public byte[] read(ByteBuffer buff) {
            byte[] value = new byte[DataUtils.readVarInt(buff)];
            buff.get(value);
            return value;
        }

        @Override
        public int compare(byte[] a, byte[] b) {
            return Arrays.compareUnsigned(a, b);
        }

        @Override
        public byte[][] createStorage(int size) {
            return new byte[size][];
        }
    }

    /**
     * Document versions. Pages in memory hold the {@link StoredDocument} objects themselves, so a
     * read of a cached page decodes nothing; the {@link Documents row format} is used only when a
     * page is written to or read from the file.
     */
    static final class DocumentType extends BasicDataType<StoredDocument> {
        static final DocumentType INSTANCE = new DocumentType();

        @Override
        public int getMemory(StoredDocument doc) {
            // the row bytes, and the value tree decoded from them (about as large again) once read
            return 96 + 2 * doc.id().length() + 2 * doc.encodedBody().length;
        }

        @Override
        public void write(WriteBuffer buff, StoredDocument doc) {
            byte[] id = doc.id().getBytes(StandardCharsets.UTF_8);
            byte[] body = doc.encodedBody();
            buff.putVarInt(id.length)
                    .put(id)
                    .putDouble(doc.creationTime())
                    .putVarInt(body.length)
                    .put(body);
        }

        @Override
        public StoredDocument read(ByteBuffer buff) {
            byte[] id = new byte[DataUtils.readVarInt(buff)];
            buff.get(id);
            double creationTime = buff.getDouble();
            byte[] body = new byte[DataUtils.readVarInt(buff)];
            buff.get(body);
            return StoredDocument.ofEncoded(new String(id, StandardCharsets.UTF_8), creationTime, body);
        }

        @Override
        public StoredDocument[] createStorage(int size) {
            return new StoredDocument[size];
        }
    }
}
