package dev.jconvex.database;

import dev.jconvex.values.ConvexValue;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** A query ready to be filtered and consumed. Query objects are single use. */
public interface OrderedQuery {

    /** Keeps the documents for which the expression is {@code true} (Convex filter semantics, §6.4). */
    OrderedQuery filter(Function<FilterBuilder, FilterBuilder.Expr> predicate);

    /** The first document, or empty. */
    Optional<ConvexValue.Obj> first();

    /** The only document, or empty; more than one fails with Convex's {@code unique()} error. */
    Optional<ConvexValue.Obj> unique();

    /** At most {@code n} documents. */
    List<ConvexValue.Obj> take(int n);

    /** Every document. */
    List<ConvexValue.Obj> collect();

    /** One page of results, with Convex's cursor rules. */
    PaginationResult paginate(PaginationOptions options);
}
