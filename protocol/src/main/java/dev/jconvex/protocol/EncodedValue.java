package dev.jconvex.protocol;

import dev.jconvex.values.ConvexJson;
import dev.jconvex.values.ConvexValue;
import java.util.Objects;

/**
 * A Convex value already written as {@code convex_encoded_json} text (wire-protocol §3.1). Server
 * messages carry values in this form so that the deployment encodes a query result once and writes
 * the same text into the message of every subscriber; the {@linkplain ServerMessage#toJson() writer}
 * copies it verbatim, and the {@linkplain ServerMessage#parse reader} keeps the exact text it read.
 * Equality is equality of the text.
 *
 * @param json one JSON value; not checked here (that would cost a parse), so the caller that builds
 *     one from text vouches for it
 */
public record EncodedValue(String json) {

    /** {@code null}: what a missing value reads as (wire-protocol §2.6). */
    public static final EncodedValue NULL = new EncodedValue("null");

    public EncodedValue {
        Objects.requireNonNull(json, "json");
    }

    /** Encodes {@code value}. */
    public static EncodedValue of(ConvexValue value) {
        return new EncodedValue(ConvexJson.write(value));
    }

    /**
     * Decodes the value.
     *
     * @throws dev.jconvex.errors.ConvexException if the text is not valid {@code convex_encoded_json}
     */
    public ConvexValue decode() {
        return ConvexJson.parse(json);
    }
}
