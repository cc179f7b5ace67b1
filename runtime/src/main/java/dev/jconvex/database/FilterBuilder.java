package dev.jconvex.database;

import dev.jconvex.values.ConvexValue;
import org.jspecify.annotations.Nullable;

/**
 * Builds filter expressions as Convex's {@code q} in {@code .filter(q => ...)} does. Comparisons use
 * the total order of values with a missing field ({@code undefined}) below everything.
 */
public interface FilterBuilder {

    /** An expression node. */
    interface Expr {}

    Expr field(String fieldPath);

    /** A literal; Java {@code null} is {@code undefined}. */
    Expr literal(@Nullable ConvexValue value);

    Expr eq(Expr l, Expr r);

    Expr neq(Expr l, Expr r);

    Expr lt(Expr l, Expr r);

    Expr lte(Expr l, Expr r);

    Expr gt(Expr l, Expr r);

    Expr gte(Expr l, Expr r);

    Expr and(Expr... exprs);

    Expr or(Expr... exprs);

    Expr not(Expr e);

    Expr add(Expr l, Expr r);

    Expr sub(Expr l, Expr r);

    Expr mul(Expr l, Expr r);

    Expr div(Expr l, Expr r);

    Expr mod(Expr l, Expr r);

    Expr neg(Expr e);
}
