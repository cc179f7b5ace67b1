package dev.jconvex.database.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.jspecify.annotations.Nullable;

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
     * The value of an index entry: the id of the document it names, or the empty string when the id
     * is the key's last component, as it is for every index ({@link IndexInfo}: keys end with {@code
     * _id}). Storing the id again cost ~33 bytes on disk and ~88 bytes of page memory per entry, about
     * 45 % of an index map, on each of a table's index maps ({@code mutable}: 13 maps of 1M entries
     * at 1M documents, 1.2 GB of the 1.3 GB live). Same format as {@link
     * org.h2.mvstore.type.StringDataType} (a varint length in chars, then the chars), so stores written
     * before read unchanged and their full ids stay valid.
     */
    static final class IndexValue extends BasicDataType<String> {
        static final IndexValue INSTANCE = new IndexValue();

        /** The value stored when the id is the key's last component. */
        static final String IN_KEY = "";

        // KeyEncoding's tag of a string; the id is its last string, terminated by a zero byte
        private static final byte STRING_TAG = 0x10;

        /** What to store for document {@code id} under {@code key}: {@link #IN_KEY} when {@link #idOf} gives it back. */
        static String valueFor(byte[] key, String id) {
            return id.equals(trailingId(key)) ? IN_KEY : id;
        }

        /** The id an entry names: its stored value, or the key's last component when the value is {@link #IN_KEY}. */
        static String idOf(byte[] key, String value) {
            if (!value.isEmpty()) {
                return value;
            }
            String id = trailingId(key);
            if (id == null) {
                throw new IllegalStateException("index key without a trailing document id");
            }
            return id;
        }

        /**
         * The key's last component when it is a string of the characters of document ids ({@code
         * 0-9a-z}, {@link dev.jconvex.values.DocumentId}), else null. Read backwards: the terminator,
         * the id's characters, the string tag (none of those characters is a tag or the terminator).
         */
        static @Nullable String trailingId(byte[] key) {
            int end = key.length - 1;
            if (end < 1 || key[end] != 0) {
                return null;
            }
            int i = end - 1;
            while (i >= 0 && ((key[i] >= '0' && key[i] <= '9') || (key[i] >= 'a' && key[i] <= 'z'))) {
                i--;
            }
            if (i < 0 || i == end - 1 || key[i] != STRING_TAG) {
                return null;
            }
            return new String(key, i + 1, end - i - 1, StandardCharsets.ISO_8859_1);
        }

        @Override
        public int getMemory(String value) {
            return value.isEmpty() ? 0 : 24 + 2 * value.length();
        }

        @Override
        public void write(WriteBuffer buff, String value) {
            int len = value.length();
            buff.putVarInt(len).putStringData(value, len);
        }

        @Override
        public String read(ByteBuffer buff) {
            int len = DataUtils.readVarInt(buff);
            return len == 0 ? IN_KEY : DataUtils.readString(buff, len);
        }

        @Override
        public int compare(String a, String b) {
            return a.compareTo(b);
        }

        @Override
        public String[] createStorage(int size) {
            return new String[size];
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
