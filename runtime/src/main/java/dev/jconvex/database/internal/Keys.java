package dev.jconvex.database.internal;

import java.util.Arrays;

/** Byte-string helpers for index keys ({@link dev.jconvex.values.KeyEncoding} builds the keys). */
final class Keys {
    private Keys() {}

    /** The smallest byte string greater than {@code key}: {@code key ‖ 0x00}. */
    static byte[] successor(byte[] key) {
        return Arrays.copyOf(key, key.length + 1);
    }
}
