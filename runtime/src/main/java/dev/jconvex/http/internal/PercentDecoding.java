package dev.jconvex.http.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Strict percent-decoding of URL parts (RFC 3986 §2.1): every {@code %} must start two hex digits and
 * the decoded bytes must be well-formed UTF-8 ({@link Utf8}). Undertow's own decoding is switched off
 * ({@code UndertowOptions.DECODE_URL=false}) because it answers a bad escape with an empty 400 before
 * any handler runs, and replaces ill-formed UTF-8 instead of refusing it; here the caller turns a
 * failure into Convex's JSON error.
 */
final class PercentDecoding {

    private PercentDecoding() {}

    /**
     * {@code raw} decoded; {@code plusIsSpace} for query strings ({@code application/x-www-form-urlencoded},
     * as serde_urlencoded reads them), not for path segments. Empty when {@code raw} is malformed.
     */
    static Optional<String> decode(String raw, boolean plusIsSpace) {
        if (raw.indexOf('%') < 0 && (!plusIsSpace || raw.indexOf('+') < 0)) {
            return Optional.of(raw);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return Optional.empty();
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return Optional.empty();
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                // Undertow hands over raw request-line bytes as ISO-8859-1 characters.
                bytes.write(c & 0xFF);
            }
        }
        byte[] decoded = bytes.toByteArray();
        return Utf8.firstInvalid(decoded) >= 0
                ? Optional.empty()
                : Optional.of(new String(decoded, StandardCharsets.UTF_8));
    }
}
