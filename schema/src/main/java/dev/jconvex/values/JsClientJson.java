package dev.jconvex.values;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * convex_encoded_json decoding with the npm client's behaviour and wording (convex-js
 * {@code jsonToConvex}, values §1.1): what a JavaScript client reports for malformed server output.
 * Differences from the backend: {@code +0} in {@code $float} is refused, {@code $set}/{@code $map} have
 * their own texts, field names use the JS texts and are checked in JavaScript property order
 * (array-index keys ascending first, then the others as written), base64 is base64-js (URL-safe
 * characters accepted, length must be a multiple of 4), and no size or nesting limit applies.
 */
final class JsClientJson {

    private static final int[] REV = new int[128];

    static {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            REV[alphabet.charAt(i)] = i;
        }
        REV['-'] = 62;
        REV['_'] = 63;
    }

    private JsClientJson() {}

    static ConvexValue fromJson(JsonNode node) {
        switch (node.getNodeType()) {
            case NULL:
                return ConvexValue.NULL;
            case BOOLEAN:
                return ConvexValue.bool(node.booleanValue());
            case NUMBER:
                return new ConvexValue.Float64(node.doubleValue());
            case STRING:
                return new ConvexValue.Str(node.textValue());
            case ARRAY: {
                List<ConvexValue> values = new ArrayList<>(node.size());
                for (JsonNode e : node) {
                    values.add(fromJson(e));
                }
                return new ConvexValue.Array(values);
            }
            case OBJECT:
                return objectFromJson(node);
            default:
                throw error("Unexpected type of " + node);
        }
    }

    private static ConvexValue objectFromJson(JsonNode node) {
        if (node.size() == 1) {
            Map.Entry<String, JsonNode> only = node.properties().iterator().next();
            JsonNode value = only.getValue();
            switch (only.getKey()) {
                case "$bytes":
                    return new ConvexValue.Bytes(base64(malformedUnlessString("$bytes", value)));
                case "$integer": {
                    byte[] b = base64(malformedUnlessString("$integer", value));
                    if (b.length != 8) {
                        throw error("Received " + b.length + " bytes, expected 8 for $integer");
                    }
                    return new ConvexValue.Int64(le(b));
                }
                case "$float": {
                    byte[] b = base64(malformedUnlessString("$float", value));
                    if (b.length != 8) {
                        throw error("Received " + b.length + " bytes, expected 8 for $float");
                    }
                    double d = Double.longBitsToDouble(le(b));
                    boolean special = !Double.isFinite(d) || Double.doubleToRawLongBits(d) == Long.MIN_VALUE;
                    if (!special) {
                        throw error("Float " + JsRender.number(d) + " should be encoded as a number");
                    }
                    return new ConvexValue.Float64(d);
                }
                case "$set":
                    throw error("Received a Set which is no longer supported as a Convex type.");
                case "$map":
                    throw error("Received a Map which is no longer supported as a Convex type.");
                default:
                    break;
            }
        }
        Map<String, ConvexValue> out = new LinkedHashMap<>();
        for (String key : propertyOrder(node)) {
            Optional<String> bad = FieldNames.jsError(key);
            if (bad.isPresent()) {
                throw error(bad.get());
            }
            out.put(key, fromJson(node.get(key)));
        }
        return ConvexValue.obj(out);
    }

    /** JavaScript's own-property order: array-index keys ascending, then string keys as inserted. */
    private static List<String> propertyOrder(JsonNode node) {
        List<String> indexes = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            (isArrayIndex(k) ? indexes : others).add(k);
        }
        indexes.sort((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)));
        indexes.addAll(others);
        return indexes;
    }

    private static boolean isArrayIndex(String k) {
        if (k.isEmpty() || k.length() > 10 || (k.length() > 1 && k.charAt(0) == '0')) {
            return false;
        }
        for (int i = 0; i < k.length(); i++) {
            if (k.charAt(i) < '0' || k.charAt(i) > '9') {
                return false;
            }
        }
        return Long.parseLong(k) < 0xFFFF_FFFFL;
    }

    private static String malformedUnlessString(String key, JsonNode value) {
        if (!value.isTextual()) {
            // `${value}` of a plain object in JavaScript.
            throw error("Malformed " + key + " field on [object Object]");
        }
        return value.textValue();
    }

    /** base64-js {@code toByteArray}: characters outside the alphabet decode as zero bits. */
    private static byte[] base64(String b64) {
        int len = b64.length();
        if (len % 4 > 0) {
            throw error("Invalid string. Length must be a multiple of 4");
        }
        int validLen = b64.indexOf('=');
        if (validLen == -1) {
            validLen = len;
        }
        int placeHolders = validLen == len ? 0 : 4 - validLen % 4;
        byte[] out = new byte[(validLen + placeHolders) * 3 / 4 - placeHolders];
        int cur = 0;
        int full = placeHolders > 0 ? validLen - 4 : validLen;
        int i = 0;
        for (; i < full; i += 4) {
            int t = rev(b64, i) << 18 | rev(b64, i + 1) << 12 | rev(b64, i + 2) << 6 | rev(b64, i + 3);
            out[cur++] = (byte) (t >> 16);
            out[cur++] = (byte) (t >> 8);
            out[cur++] = (byte) t;
        }
        if (placeHolders == 2) {
            int t = rev(b64, i) << 2 | rev(b64, i + 1) >> 4;
            out[cur] = (byte) t;
        } else if (placeHolders == 1) {
            int t = rev(b64, i) << 10 | rev(b64, i + 1) << 4 | rev(b64, i + 2) >> 2;
            out[cur++] = (byte) (t >> 8);
            out[cur] = (byte) t;
        }
        return out;
    }

    private static int rev(String s, int i) {
        if (i >= s.length()) {
            return 0;
        }
        char c = s.charAt(i);
        return c < 128 ? REV[c] : 0;
    }

    private static long le(byte[] b) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return v;
    }

    private static ConvexException error(String message) {
        return new ConvexException(ErrorCode.InvalidConvexValue, message);
    }
}
