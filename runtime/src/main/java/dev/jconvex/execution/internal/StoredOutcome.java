package dev.jconvex.execution.internal;

import dev.jconvex.values.ConvexValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The successful result of a mutation as kept for idempotent replay: its return value and log
 * lines, in a small self-describing binary form (a version byte, then tagged values). Exact for
 * every value, -0, NaN payloads and bytes included.
 */
record StoredOutcome(ConvexValue value, List<String> logLines) {

    private static final int VERSION = 1;

    StoredOutcome {
        logLines = List.copyOf(logLines);
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writeValue(out, value);
            out.writeInt(logLines.size());
            for (String line : logLines) {
                writeString(out, line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static StoredOutcome decode(byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalStateException("unknown stored mutation outcome version " + version);
            }
            ConvexValue value = readValue(in);
            int count = in.readInt();
            List<String> lines = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                lines.add(readString(in));
            }
            return new StoredOutcome(value, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeValue(DataOutputStream out, ConvexValue value) throws IOException {
        switch (value) {
            case ConvexValue.Null n -> out.writeByte('n');
            case ConvexValue.Int64(long v) -> {
                out.writeByte('i');
                out.writeLong(v);
            }
            case ConvexValue.Float64(double v) -> {
                out.writeByte('f');
                out.writeLong(Double.doubleToRawLongBits(v));
            }
            case ConvexValue.Bool(boolean v) -> out.writeByte(v ? 't' : 'F');
            case ConvexValue.Str(String v) -> {
                out.writeByte('s');
                writeString(out, v);
            }
            case ConvexValue.Bytes b -> {
                byte[] raw = b.value();
                out.writeByte('b');
                out.writeInt(raw.length);
                out.write(raw);
            }
            case ConvexValue.Array a -> {
                out.writeByte('a');
                out.writeInt(a.values().size());
                for (ConvexValue element : a.values()) {
                    writeValue(out, element);
                }
            }
            case ConvexValue.Obj o -> {
                out.writeByte('o');
                out.writeInt(o.fields().size());
                for (Map.Entry<String, ConvexValue> e : o.fields().entrySet()) {
                    writeString(out, e.getKey());
                    writeValue(out, e.getValue());
                }
            }
        }
    }

    private static ConvexValue readValue(DataInputStream in) throws IOException {
        int tag = in.readUnsignedByte();
        return switch (tag) {
            case 'n' -> ConvexValue.NULL;
            case 'i' -> ConvexValue.int64(in.readLong());
            case 'f' -> ConvexValue.float64(Double.longBitsToDouble(in.readLong()));
            case 't' -> ConvexValue.bool(true);
            case 'F' -> ConvexValue.bool(false);
            case 's' -> ConvexValue.str(readString(in));
            case 'b' -> ConvexValue.bytes(in.readNBytes(in.readInt()));
            case 'a' -> {
                int n = in.readInt();
                List<ConvexValue> values = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    values.add(readValue(in));
                }
                yield ConvexValue.array(values);
            }
            case 'o' -> {
                int n = in.readInt();
                Map<String, ConvexValue> fields = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    String name = readString(in);
                    fields.put(name, readValue(in));
                }
                yield ConvexValue.obj(fields);
            }
            default -> throw new IllegalStateException("corrupt stored mutation outcome: tag " + tag);
        };
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
    }
}
