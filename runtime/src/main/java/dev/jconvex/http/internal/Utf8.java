package dev.jconvex.http.internal;

/**
 * Strict UTF-8 validation (RFC 3629 §3–4, the Unicode Standard's Table 3-7 of well-formed byte
 * sequences): overlong forms ({@code C0 AF}, {@code E0 80 AF}), UTF-16 surrogates ({@code ED A0 80}),
 * code points above U+10FFFF and truncated sequences are all invalid.
 *
 * <p>Why here and not in Jackson: Jackson's UTF-8 parser decodes {@code C0 AF} to {@code /}, a
 * classic filter bypass, and Convex (serde_json on Rust {@code str}) refuses any invalid UTF-8. One
 * pass over the bytes, no allocation; an ASCII run costs one comparison per byte.
 */
final class Utf8 {

    private Utf8() {}

    /** The index of the first byte of the first ill-formed sequence in {@code bytes}, or -1. */
    static int firstInvalid(byte[] bytes) {
        int i = 0;
        int n = bytes.length;
        while (i < n) {
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            int start = i;
            b &= 0xFF;
            if (b >= 0xC2 && b <= 0xDF) {
                if (i + 1 >= n || !continuation(bytes[i + 1])) {
                    return start;
                }
                i += 2;
            } else if (b >= 0xE0 && b <= 0xEF) {
                if (i + 2 >= n) {
                    return start;
                }
                int b1 = bytes[i + 1] & 0xFF;
                // E0 needs A0..BF (no overlong), ED needs 80..9F (no surrogates).
                int low = b == 0xE0 ? 0xA0 : 0x80;
                int high = b == 0xED ? 0x9F : 0xBF;
                if (b1 < low || b1 > high || !continuation(bytes[i + 2])) {
                    return start;
                }
                i += 3;
            } else if (b >= 0xF0 && b <= 0xF4) {
                if (i + 3 >= n) {
                    return start;
                }
                int b1 = bytes[i + 1] & 0xFF;
                // F0 needs 90..BF (no overlong), F4 needs 80..8F (at most U+10FFFF).
                int low = b == 0xF0 ? 0x90 : 0x80;
                int high = b == 0xF4 ? 0x8F : 0xBF;
                if (b1 < low || b1 > high || !continuation(bytes[i + 2]) || !continuation(bytes[i + 3])) {
                    return start;
                }
                i += 4;
            } else {
                // 80..BF (a stray continuation), C0, C1 (always overlong), F5..FF (never valid).
                return start;
            }
        }
        return -1;
    }

    private static boolean continuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
