package dev.jconvex.database;

import dev.jconvex.values.ConvexValue;
import org.jspecify.annotations.Nullable;

/**
 * The range expression of {@code withIndex}: {@code q.eq(...).eq(...).gte(...).lt(...)}. A Java
 * {@code null} value means {@code undefined}, which matches documents that lack the field.
 */
public interface IndexRange {
    IndexRange eq(String field, @Nullable ConvexValue value);

    IndexRange gt(String field, @Nullable ConvexValue value);

    IndexRange gte(String field, @Nullable ConvexValue value);

    IndexRange lt(String field, @Nullable ConvexValue value);

    IndexRange lte(String field, @Nullable ConvexValue value);
}
