package dev.jconvex.sync.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a large Transition's JSON into pieces of at most a given number of UTF-8 bytes, never
 * inside a character (wire-protocol §2.12). The client concatenates the pieces in order.
 */
final class TransitionChunks {

    private TransitionChunks() {}

    static List<String> split(String json, int maxBytes) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        int bytes = 0;
        for (int i = 0; i < json.length(); ) {
            int cp = json.codePointAt(i);
            int size = utf8Length(cp);
            if (bytes + size > maxBytes) {
                parts.add(json.substring(start, i));
                start = i;
                bytes = 0;
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        if (start < json.length() || parts.isEmpty()) {
            parts.add(json.substring(start));
        }
        return parts;
    }

    private static int utf8Length(int codePoint) {
        if (codePoint < 0x80) {
            return 1;
        }
        if (codePoint < 0x800) {
            return 2;
        }
        return codePoint < 0x10000 ? 3 : 4;
    }

    /** The UTF-8 size of {@code s}. */
    static int utf8Size(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
