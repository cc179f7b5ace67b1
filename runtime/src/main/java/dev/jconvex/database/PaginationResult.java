package dev.jconvex.database;

import dev.jconvex.values.ConvexValue;
import java.util.List;
import java.util.Optional;

/**
 * One page (spec values-and-validation §6.5): {@code isDone} is true only when the scan reached the
 * end of the range, and {@code continueCursor} is always a string.
 *
 * @param pageStatus {@code "SplitRequired"} when a read limit (§7) ended the page early instead of
 *     failing the function, {@code "SplitRecommended"} when the page holds more than 75% of 8192
 *     items; otherwise empty
 * @param splitCursor where to split the page in two (this engine does not propose one: empty)
 */
public record PaginationResult(
        List<ConvexValue.Obj> page,
        boolean isDone,
        String continueCursor,
        Optional<String> splitCursor,
        Optional<String> pageStatus) {

    public PaginationResult {
        page = List.copyOf(page);
    }

    /** A page with no split information. */
    public PaginationResult(List<ConvexValue.Obj> page, boolean isDone, String continueCursor) {
        this(page, isDone, continueCursor, Optional.empty(), Optional.empty());
    }
}
