package dev.jconvex.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import dev.jconvex.values.ConvexJson;
import dev.jconvex.values.ConvexValue;
import dev.jconvex.values.WireNumbers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Convex's export JSON ({@code ValueFormat::ConvexExportJSON}, what a snapshot ZIP's {@code
 * documents.jsonl} holds next to a {@code "uniform"} {@code generated_schema.jsonl}): int64 as a JSON
 * integer, a finite float64 as a JSON number with a fraction or exponent ({@code 5.0}), so the two stay
 * apart; bytes, NaN, ±Infinity and -0 in their encoded form ({@code {"$bytes": …}}, {@code {"$float":
 * …}}); strings, booleans, null, arrays and objects as themselves.
 *
 * <p>Reading is the inverse, so export and import lose nothing. The single-table formats
 * ({@code .jsonl}, {@code .json}) read plain JSON instead, where every number is a float64 (as
 * JavaScript sees it) and the {@code $}-objects still decode: {@link #readPlain}.
 */
final class ExportJson {

    private ExportJson() {}

    static void write(JsonGenerator g, ConvexValue value) throws IOException {
        switch (value) {
            case ConvexValue.Int64 i -> g.writeNumber(i.value());
            case ConvexValue.Float64 f -> {
                double d = f.value();
                if (Double.isFinite(d) && !(d == 0.0 && Double.doubleToRawLongBits(d) != 0L)) {
                    // serde_json's text always has a fraction or an exponent ("5.0", "1e20").
                    g.writeNumber(WireNumbers.format(d));
                } else {
                    ConvexJson.write(g, f);
                }
            }
            case ConvexValue.Array array -> {
                g.writeStartArray();
                for (ConvexValue element : array.values()) {
                    write(g, element);
                }
                g.writeEndArray();
            }
            case ConvexValue.Obj obj -> {
                g.writeStartObject();
                for (var e : obj.fields().entrySet()) {
                    g.writeFieldName(e.getKey());
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case ConvexValue.Null n -> g.writeNull();
            case ConvexValue.Bool b -> g.writeBoolean(b.value());
            case ConvexValue.Str s -> g.writeString(s.value());
            case ConvexValue.Bytes bytes -> ConvexJson.write(g, bytes);
        }
    }

    /** A value of export JSON: integers are int64, other numbers float64. */
    static ConvexValue read(JsonNode node) {
        return read(node, true);
    }

    /** A value of plain JSON ({@code .jsonl}/{@code .json} imports): every number is a float64. */
    static ConvexValue readPlain(JsonNode node) {
        return read(node, false);
    }

    private static ConvexValue read(JsonNode node, boolean integersAreInt64) {
        if (node.isIntegralNumber()) {
            if (integersAreInt64) {
                if (!node.canConvertToLong()) {
                    throw new ConvexException(
                            ErrorCode.InvalidConvexValue, "Integer " + node + " is out of range for an int64");
                }
                return ConvexValue.int64(node.longValue());
            }
            return ConvexValue.float64(node.doubleValue());
        }
        if (node.isNumber()) {
            return ConvexValue.float64(node.doubleValue());
        }
        if (node.isTextual()) {
            return ConvexValue.str(node.textValue());
        }
        if (node.isBoolean()) {
            return ConvexValue.bool(node.booleanValue());
        }
        if (node.isNull()) {
            return ConvexValue.NULL;
        }
        if (node.isArray()) {
            List<ConvexValue> values = new ArrayList<>(node.size());
            node.forEach(element -> values.add(read(element, integersAreInt64)));
            return ConvexValue.array(values);
        }
        if (node.isObject()) {
            if (node.size() == 1) {
                String key = node.fieldNames().next();
                if (key.startsWith("$")) {
                    // {"$bytes"|"$integer"|"$float": …}, or an error with the codec's text
                    return ConvexJson.fromJson(node);
                }
            }
            Map<String, ConvexValue> fields = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
            while (it.hasNext()) {
                var e = it.next();
                fields.put(e.getKey(), read(e.getValue(), integersAreInt64));
            }
            return ConvexValue.obj(fields);
        }
        throw new ConvexException(ErrorCode.InvalidConvexValue, "Unsupported JSON value: " + node);
    }
}
