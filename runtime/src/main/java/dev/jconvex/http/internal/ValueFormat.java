package dev.jconvex.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import dev.jconvex.values.ConvexJson;
import dev.jconvex.values.ConvexValue;
import java.util.Optional;

/**
 * How the HTTP API writes a function's {@code value} and {@code errorData} (spec wire-protocol §1.5,
 * §3). Input is always decoded as convex_encoded_json whatever the format; the format only changes
 * the output.
 */
enum ValueFormat {
    /** {@code convex_encoded_json} (alias {@code convex_json}): lossless, what the npm client asks for. */
    ENCODED,
    /**
     * {@code json} (alias {@code convex_clean_json}): int64 as decimal strings, bytes as base64
     * strings, non-finite floats as {@code "NaN"}/{@code "Infinity"}/{@code "-Infinity"}.
     */
    CLEAN,
    /**
     * {@code export_json}: int64 as JSON integers, finite floats as JSON numbers, bytes and
     * non-finite floats (and -0) in their encoded form.
     */
    EXPORT;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * The format named {@code name}, or 400 {@code BadFormat} with Convex's text (BE
     * {@code value/src/export.rs}).
     */
    static ValueFormat parse(String name) {
        return switch (name) {
            case "convex_encoded_json", "convex_json" -> ENCODED;
            case "json", "convex_clean_json" -> CLEAN;
            case "export_json" -> EXPORT;
            default ->
                throw new ConvexException(ErrorCode.BadFormat, "format param must be one of [`json`]. Got " + name);
        };
    }

    /**
     * The format a request gets when it names none (spec §1.5, BE {@code version.rs}
     * {@code default_format}): encoded only for npm, npm-cli and actions clients at or below 1.4.1 and
     * python clients at or below 0.5.0; clean JSON for every other client, and without a header.
     */
    static ValueFormat defaultFor(Optional<String> convexClientHeader) {
        if (convexClientHeader.isEmpty()) {
            return CLEAN;
        }
        String header = convexClientHeader.get();
        int dash = header.lastIndexOf('-');
        if (dash <= 0) {
            return CLEAN;
        }
        String client = header.substring(0, dash).toLowerCase(java.util.Locale.ROOT);
        Optional<int[]> version = semver(header.substring(dash + 1));
        if (version.isEmpty()) {
            return CLEAN;
        }
        int[] v = version.get();
        return switch (client) {
            case "npm", "npm-cli", "actions" -> atMost(v, 1, 4, 1) ? ENCODED : CLEAN;
            case "python", "python-convex" -> atMost(v, 0, 5, 0) ? ENCODED : CLEAN;
            default -> CLEAN;
        };
    }

    private static Optional<int[]> semver(String text) {
        String core = text.split("[-+]", 2)[0];
        String[] parts = core.split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        int[] numbers = new int[3];
        try {
            for (int i = 0; i < 3; i++) {
                numbers[i] = Integer.parseInt(parts[i]);
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(numbers);
    }

    private static boolean atMost(int[] v, int major, int minor, int patch) {
        if (v[0] != major) {
            return v[0] < major;
        }
        if (v[1] != minor) {
            return v[1] < minor;
        }
        return v[2] <= patch;
    }

    /** {@code value} written in this format. */
    JsonNode write(ConvexValue value) {
        return switch (this) {
            case ENCODED -> ConvexJson.toJson(value);
            case CLEAN -> ConvexJson.toCleanJson(value);
            case EXPORT -> export(value);
        };
    }

    private static JsonNode export(ConvexValue value) {
        return switch (value) {
            case ConvexValue.Int64 i -> NODES.numberNode(i.value());
            case ConvexValue.Float64 f -> isPlainNumber(f.value()) ? NODES.numberNode(f.value()) : ConvexJson.toJson(f);
            case ConvexValue.Array array -> {
                var node = NODES.arrayNode(array.values().size());
                array.values().forEach(element -> node.add(export(element)));
                yield node;
            }
            case ConvexValue.Obj obj -> {
                ObjectNode node = NODES.objectNode();
                obj.fields().forEach((name, field) -> node.set(name, export(field)));
                yield node;
            }
            case ConvexValue.Null n -> ConvexJson.toJson(n);
            case ConvexValue.Bool b -> ConvexJson.toJson(b);
            case ConvexValue.Str s -> ConvexJson.toJson(s);
            case ConvexValue.Bytes bytes -> ConvexJson.toJson(bytes);
        };
    }

    private static boolean isPlainNumber(double d) {
        return Double.isFinite(d) && !(d == 0.0 && Double.doubleToRawLongBits(d) != 0L);
    }
}
