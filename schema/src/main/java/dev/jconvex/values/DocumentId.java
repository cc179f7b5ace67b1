package dev.jconvex.values;

import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import java.util.Arrays;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A Convex document id ("id v6", values §4): a table number and a 16-byte internal id.
 *
 * <p>Binary form {@code VInt(tableNumber) ‖ internalId[16] ‖ footer[2]}, where the VInt is unsigned
 * LEB128 (1–5 bytes) and the footer is the little-endian Fletcher-16 of the preceding bytes (XOR
 * version 0). Text form: lowercase Crockford base32 without padding, 31–37 characters (32 for user
 * tables 128..16383). Decoding is strict: only the canonical text of an id is accepted (§4.3).
 *
 * @param tableNumber the table number, an unsigned 32-bit integer (≥ 1) stored in an {@code int};
 *     read numbers above {@link Integer#MAX_VALUE} with {@link Integer#toUnsignedLong}
 * @param internalId 14 random bytes then the big-endian u16 day since the Unix epoch
 */
public record DocumentId(int tableNumber, byte[] internalId) {

    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final byte[] DECODE = new byte[128];
    private static final int[] PARTIAL_CHARS = {0, 2, 4, 5, 7};

    static {
        Arrays.fill(DECODE, (byte) -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            DECODE[ALPHABET[i]] = (byte) i;
        }
    }

    /** Validates and copies; the table number must be non-zero and the internal id 16 bytes. */
    public DocumentId {
        if (tableNumber == 0) {
            throw new IllegalArgumentException("table number must be at least 1");
        }
        if (internalId.length != 16) {
            throw new IllegalArgumentException("internal id must be 16 bytes, got " + internalId.length);
        }
        internalId = internalId.clone();
    }

    /** A copy of the 16-byte internal id. */
    @Override
    public byte[] internalId() {
        return internalId.clone();
    }

    /**
     * A new id in table {@code tableNumber}: 14 bytes from {@code random}, then {@code epochDay} as a
     * big-endian u16 (§4.1, §4.5).
     */
    public static DocumentId generate(int tableNumber, RandomGenerator random, long epochDay) {
        byte[] id = new byte[16];
        byte[] rnd = new byte[14];
        random.nextBytes(rnd);
        System.arraycopy(rnd, 0, id, 0, 14);
        id[14] = (byte) (epochDay >>> 8);
        id[15] = (byte) epochDay;
        return new DocumentId(tableNumber, id);
    }

    /**
     * Decodes an id string strictly (§4.3).
     *
     * @throws ConvexException {@code InvalidIdError} with {@code Unable to decode ID: ...}
     */
    public static DocumentId decode(String text) {
        Object r = decodeOrError(text);
        if (r instanceof DocumentId id) {
            return id;
        }
        throw new ConvexException(ErrorCode.InvalidIdError, "Unable to decode ID: " + r);
    }

    /** Decodes an id string strictly, or empty if it is not the canonical text of an id. */
    public static Optional<DocumentId> tryDecode(String text) {
        return decodeOrError(text) instanceof DocumentId id ? Optional.of(id) : Optional.empty();
    }

    /** Whether {@code text} is the canonical text of an id. */
    public static boolean isValid(String text) {
        return decodeOrError(text) instanceof DocumentId;
    }

    /** The canonical text of this id. */
    public String encode() {
        long table = Integer.toUnsignedLong(tableNumber);
        byte[] bytes = new byte[5 + 16 + 2];
        int n = 0;
        while (table >= 0x80) {
            bytes[n++] = (byte) ((table & 0x7F) | 0x80);
            table >>>= 7;
        }
        bytes[n++] = (byte) table;
        System.arraycopy(internalId, 0, bytes, n, 16);
        n += 16;
        int f = fletcher16(bytes, n);
        bytes[n++] = (byte) f;
        bytes[n++] = (byte) (f >>> 8);
        return base32(bytes, n);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DocumentId d && d.tableNumber == tableNumber && Arrays.equals(d.internalId, internalId);
    }

    @Override
    public int hashCode() {
        return 31 * tableNumber + Arrays.hashCode(internalId);
    }

    /** The canonical text, as {@link #encode()}. */
    @Override
    public String toString() {
        return encode();
    }

    /** Either a DocumentId or the error text after "Unable to decode ID: ". */
    private static Object decodeOrError(String text) {
        // The backend measures the UTF-8 length, before decoding anything (RS id_v6.rs decode).
        int len = Utf8.length(text);
        if (len < 31 || len > 37) {
            return invalidLength(len);
        }
        int nbytes = len * 5 / 8; // a trailing partial byte is dropped, as the backend does
        byte[] bytes = new byte[nbytes + 1];
        int filled = 0;
        long acc = 0;
        int bits = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int d = c < 128 ? DECODE[c] : -1;
            if (d < 0) {
                return "ID wasn't valid base32";
            }
            acc = (acc << 5) | d;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                bytes[filled++] = (byte) (acc >>> bits);
            }
        }
        // VInt: at most 5 bytes; bits beyond 32 are dropped like the backend's u32 arithmetic.
        long table = 0;
        int pos = 0;
        while (true) {
            if (pos >= 5 || pos >= nbytes) {
                return "Invalid table number";
            }
            int b = bytes[pos];
            table |= (long) (b & 0x7F) << (7 * pos);
            pos++;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        table &= 0xFFFF_FFFFL;
        if (table == 0) {
            return "Invalid table number";
        }
        if (nbytes - pos < 18) {
            return invalidLength(len);
        }
        int footerAt = pos + 16;
        int expected = fletcher16(bytes, footerAt);
        int footer = (bytes[footerAt] & 0xFF) | (bytes[footerAt + 1] & 0xFF) << 8;
        if (footer != expected) {
            return "Invalid ID version " + footer + " (expected " + expected + ")";
        }
        if (nbytes != footerAt + 2) {
            return invalidLength(len);
        }
        DocumentId id = new DocumentId((int) table, Arrays.copyOfRange(bytes, pos, footerAt));
        // Only the canonical text is accepted: this rejects non-zero padding bits and long VInts.
        if (!id.encode().equals(text)) {
            return invalidLength(len);
        }
        return id;
    }

    private static String invalidLength(int len) {
        return "Invalid ID length " + len;
    }

    private static int fletcher16(byte[] bytes, int n) {
        int c0 = 0;
        int c1 = 0;
        for (int i = 0; i < n; i++) {
            c0 = (c0 + (bytes[i] & 0xFF)) & 0xFF;
            c1 = (c1 + c0) & 0xFF;
        }
        return (c1 << 8) | c0;
    }

    private static String base32(byte[] bytes, int n) {
        StringBuilder sb = new StringBuilder(8 * (n / 5) + PARTIAL_CHARS[n % 5]);
        long acc = 0;
        int bits = 0;
        for (int i = 0; i < n; i++) {
            acc = (acc << 8) | (bytes[i] & 0xFF);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                sb.append(ALPHABET[(int) (acc >>> bits) & 31]);
            }
        }
        if (bits > 0) {
            sb.append(ALPHABET[(int) (acc << (5 - bits)) & 31]);
        }
        return sb.toString();
    }
}
