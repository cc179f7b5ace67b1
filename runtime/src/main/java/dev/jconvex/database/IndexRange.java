package dev.jconvex.database;

import dev.jconvex.values.ConvexValue;

/**
 * The range expression of {@code withIndex}: {@code q.eq(...).eq(...).gte(...).lt(...)}. A Java
 * {@code null} value means {@code undefined}, which matches documents that lack the field.
 */
public interface IndexRange {
    IndexRange eq(String field, ConvexValue value);

    IndexRange gt(String field, ConvexValue value);

    IndexRange gte(String field, ConvexValue value);

    IndexRange lt(String field, ConvexValue value);

    IndexRange lte(String field, ConvexValue value);
}
