package dev.jconvex.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * A commit timestamp: nanoseconds since the Unix epoch, strictly increasing from one commit to the
 * next, across restarts (spec values-and-validation §8). The sync protocol sends it as
 * {@linkplain #toWire() base64 of its 8 little-endian bytes} (wire-protocol §2.2); the server and the
 * Java client share this one codec.
 */
public record Timestamp(long nanos) implements Comparable<Timestamp> {

    /** The timestamp of an empty database, before any commit. */
    public static final Timestamp ZERO = new Timestamp(0);

    public Timestamp {
        if (nanos < 0) {
            throw new IllegalArgumentException("negative timestamp: " + nanos);
        }
    }

    /** Standard base64 with padding of the 8 little-endian bytes of {@link #nanos}. */
    public String toWire() {
        return Base64.getEncoder()
                .encodeToString(ByteBuffer.allocate(8)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putLong(nanos)
                        .array());
    }

    /** Parses {@link #toWire()}; throws {@link IllegalArgumentException} on anything else. */
    public static Timestamp fromWire(String wire) {
        byte[] bytes = Base64.getDecoder().decode(wire);
        if (bytes.length != 8) {
            throw new IllegalArgumentException("a timestamp is 8 bytes, got " + bytes.length);
        }
        return new Timestamp(
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong());
    }

    /** The next possible timestamp. */
    public Timestamp succ() {
        return new Timestamp(nanos + 1);
    }

    @Override
    public int compareTo(Timestamp other) {
        return Long.compare(nanos, other.nanos);
    }

    @Override
    public String toString() {
        return Long.toString(nanos);
    }
}
