package dev.jconvex.database.internal;

import dev.jconvex.values.ConvexValue;
import dev.jconvex.values.ValueSize;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The binary row format of document bodies in H2.
 *
 * <p>The row format is a tag byte per value followed by its payload; floats are stored as their raw
 * IEEE bits and int64 as 8 bytes, so int64 vs float64, -0, every NaN payload and bytes round-trip
 * exactly.
 */
final class Documents {
    private Documents() {}

    /** The Convex size of a stored document: its body plus {@code _id} and {@code _creationTime} (§1.6). */
    static long size(StoredDocument doc) {
        return ValueSize.size(doc.body()) + 4 + 2 + doc.id().length() + 14 + 9;
    }

    // ---- row format

    static byte[] encodeBody(ConvexValue.Obj body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeValue(out, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static ConvexValue.Obj decodeBody(byte[] row) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(row))) {
            return (ConvexValue.Obj) readValue(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeValue(DataOutputStream out, ConvexValue value) throws IOException {
        switch (value) {
            case ConvexValue.Null n -> out.writeByte(0);
            case ConvexValue.Int64(long v) -> {
                out.writeByte(1);
                out.writeLong(v);
            }
            case ConvexValue.Float64(double d) -> {
                out.writeByte(2);
                out.writeLong(Double.doubleToRawLongBits(d));
            }
            case ConvexValue.Bool(boolean b) -> out.writeByte(b ? 4 : 3);
            case ConvexValue.Str(String s) -> {
                out.writeByte(5);
                writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
            }
            case ConvexValue.Bytes(byte[] b) -> {
                out.writeByte(6);
                writeBytes(out, b);
            }
            case ConvexValue.Array(List<ConvexValue> values) -> {
                out.writeByte(7);
                out.writeInt(values.size());
                for (ConvexValue v : values) {
                    writeValue(out, v);
                }
            }
            case ConvexValue.Obj(Map<String, ConvexValue> fields) -> {
                out.writeByte(8);
                out.writeInt(fields.size());
                for (var e : fields.entrySet()) {
                    writeBytes(out, e.getKey().getBytes(StandardCharsets.UTF_8));
                    writeValue(out, e.getValue());
                }
            }
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }

    private static ConvexValue readValue(DataInputStream in) throws IOException {
        int tag = in.readUnsignedByte();
        return switch (tag) {
            case 0 -> ConvexValue.NULL;
            case 1 -> new ConvexValue.Int64(in.readLong());
            case 2 -> new ConvexValue.Float64(Double.longBitsToDouble(in.readLong()));
            case 3 -> ConvexValue.Bool.FALSE;
            case 4 -> ConvexValue.Bool.TRUE;
            case 5 -> new ConvexValue.Str(new String(readBytes(in), StandardCharsets.UTF_8));
            case 6 -> new ConvexValue.Bytes(readBytes(in));
            case 7 -> {
                int n = in.readInt();
                List<ConvexValue> values = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    values.add(readValue(in));
                }
                yield new ConvexValue.Array(values);
            }
            case 8 -> {
                int n = in.readInt();
                java.util.LinkedHashMap<String, ConvexValue> fields = new java.util.LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    String name = new String(readBytes(in), StandardCharsets.UTF_8);
                    fields.put(name, readValue(in));
                }
                yield new ConvexValue.Obj(fields);
            }
            default -> throw new IOException("corrupt document row: tag " + tag);
        };
    }
}
