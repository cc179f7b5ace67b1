package dev.jconvex.database.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The records of the {@link WriteAheadLog}, and the form in which {@link MvPersistence} applies a
 * commit, live or replayed: the same code path for both.
 *
 * <p>A commit is logged with the after-image of each written document and, per index, the before
 * and after key of every entry it changes (only the indexes whose key changed). Replay therefore
 * needs no schema and computes no key, and it is exact whatever part of the log the stored maps
 * already contain: each step removes the key the previous version of the document had and adds its
 * new one, so replaying a whole segment in order always ends at the state of its last record.
 */
final class WalRecords {
    private WalRecords() {}

    private static final byte COMMIT = 1;
    private static final byte TABLE_CREATED = 2;

    /** A decoded record. */
    sealed interface Logged {}

    /** A commit: timestamp, document writes, idempotency records. */
    record Committed(long ts, List<LoggedWrite> writes, Map<String, byte[]> records) implements Logged {}

    /** A new table. */
    record TableCreated(int number, String name) implements Logged {}

    /** One document written: its table, id, new version ({@code null}: deleted) and index key changes. */
    record LoggedWrite(int table, String id, @Nullable StoredDocument after, List<KeyChange> changes) {}

    /**
     * One index entry change of a document: the index's storage name ({@link IndexInfo#column}), the
     * key removed and the key added ({@code null}: none).
     */
    record KeyChange(String index, byte @Nullable [] before, byte @Nullable [] after) {}

    /** The writes of a validated commit in applicable form. */
    static List<LoggedWrite> writesOf(Persistence.Commit commit) {
        List<LoggedWrite> out = new ArrayList<>(commit.writes().size());
        List<WriteSet.Write> keys = commit.writeSet().writes();
        for (int i = 0; i < commit.writes().size(); i++) {
            DocumentWrite w = commit.writes().get(i);
            WriteSet.Write k = keys.get(i);
            List<KeyChange> changes = new ArrayList<>(w.table().indexes().size());
            for (IndexInfo index : w.table().indexes()) {
                byte[] before = k.before().get(index.name());
                byte[] after = k.after().get(index.name());
                if (before != null && after != null && Arrays.equals(before, after)) {
                    continue;
                }
                changes.add(new KeyChange(index.column(), before, after));
            }
            out.add(new LoggedWrite(w.table().number(), w.id(), w.after().orElse(null), changes));
        }
        return out;
    }

    static byte[] encodeCommit(long ts, List<LoggedWrite> writes, Map<String, byte[]> records) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(COMMIT);
            out.writeLong(ts);
            out.writeInt(writes.size());
            for (LoggedWrite w : writes) {
                out.writeInt(w.table());
                writeString(out, w.id());
                if (w.after() == null) {
                    out.writeByte(0);
                } else {
                    out.writeByte(1);
                    out.writeDouble(w.after().creationTime());
                    writeBytes(out, w.after().encodedBody());
                }
                out.writeInt(w.changes().size());
                for (KeyChange c : w.changes()) {
                    writeString(out, c.index());
                    writeBytes(out, c.before());
                    writeBytes(out, c.after());
                }
            }
            out.writeInt(records.size());
            for (var r : records.entrySet()) {
                writeString(out, r.getKey());
                writeBytes(out, r.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] encodeTableCreated(int number, String name) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(TABLE_CREATED);
            out.writeInt(number);
            writeString(out, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * A commit's {@link WriteSet} as the PostgreSQL engine logs it for other processes (validation
     * and live queries): per written document its table name, id, and the key before and after in
     * every index, by index name (unlike a commit record, which keeps only the keys that changed:
     * a reader of an unchanged key still depends on the document).
     */
    static byte[] encodeWriteSet(WriteSet writeSet) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(writeSet.writes().size());
            for (WriteSet.Write w : writeSet.writes()) {
                writeString(out, w.table());
                writeString(out, w.id());
                writeKeys(out, w.before());
                writeKeys(out, w.after());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Decodes {@link #encodeWriteSet}. */
    static WriteSet decodeWriteSet(ByteBuffer in) {
        int n = in.getInt();
        List<WriteSet.Write> writes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String table = readString(in);
            String id = readString(in);
            writes.add(new WriteSet.Write(table, id, readKeys(in), readKeys(in)));
        }
        return new WriteSet(writes);
    }

    private static void writeKeys(DataOutputStream out, Map<String, byte[]> keys) throws IOException {
        out.writeInt(keys.size());
        for (var e : keys.entrySet()) {
            writeString(out, e.getKey());
            writeBytes(out, e.getValue());
        }
    }

    private static Map<String, byte[]> readKeys(ByteBuffer in) {
        int n = in.getInt();
        Map<String, byte[]> keys = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            keys.put(readString(in), readBytes(in));
        }
        return java.util.Collections.unmodifiableMap(keys);
    }

    static Logged decode(ByteBuffer in) {
        byte kind = in.get();
        return switch (kind) {
            case COMMIT -> {
                long ts = in.getLong();
                int n = in.getInt();
                List<LoggedWrite> writes = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    int table = in.getInt();
                    String id = readString(in);
                    StoredDocument after = null;
                    if (in.get() == 1) {
                        double creationTime = in.getDouble();
                        after = StoredDocument.ofEncoded(
                                id, creationTime, Objects.requireNonNull(readBytes(in), "a body"));
                    }
                    int m = in.getInt();
                    List<KeyChange> changes = new ArrayList<>(m);
                    for (int j = 0; j < m; j++) {
                        changes.add(new KeyChange(readString(in), readBytes(in), readBytes(in)));
                    }
                    writes.add(new LoggedWrite(table, id, after, changes));
                }
                int r = in.getInt();
                Map<String, byte[]> records = new LinkedHashMap<>();
                for (int i = 0; i < r; i++) {
                    records.put(readString(in), readBytes(in));
                }
                yield new Committed(ts, writes, records);
            }
            case TABLE_CREATED -> new TableCreated(in.getInt(), readString(in));
            default -> throw new IllegalStateException("unknown write-ahead log record kind " + kind);
        };
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeBytes(DataOutputStream out, byte @Nullable [] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(ByteBuffer in) {
        return new String(Objects.requireNonNull(readBytes(in), "a string in the log"), StandardCharsets.UTF_8);
    }

    private static byte @Nullable [] readBytes(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }
}
