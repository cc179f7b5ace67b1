package dev.jconvex.values;

import java.util.Comparator;

/** UTF-8 facts about Java strings, computed without encoding them. */
final class Utf8 {

    /** Orders strings by their UTF-8 bytes, which is Unicode code point order (values §2.2). */
    static final Comparator<String> ORDER = Utf8::compare;

    private Utf8() {}

    /**
     * Compares by code point. Java's {@link String#compareTo} compares UTF-16 units, which puts
     * astral characters (surrogate pairs, U+D800..) before U+E000..U+FFFF; rotating the unit values
     * at the first difference fixes that.
     */
    static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return rotate(x) - rotate(y);
            }
        }
        return a.length() - b.length();
    }

    private static int rotate(char c) {
        if (c < 0xD800) {
            return c;
        }
        return c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }

    /** The number of bytes of the UTF-8 encoding of {@code s} (a valid string: no lone surrogates). */
    static int length(String s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c)) {
                    bytes += 2; // 4 bytes for 2 chars
                    i++;
                } else {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }

    /** The index of the first lone surrogate in {@code s}, or -1 if it is valid Unicode. */
    static int loneSurrogate(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }
}
