package dev.jconvex.database;

import dev.jconvex.values.ConvexValue;
import java.util.List;

/**
 * One page: {@code isDone} is true only when the scan reached the end of the range, and
 * {@code continueCursor} is always a string (spec §6.5).
 */
public record PaginationResult(List<ConvexValue.Obj> page, boolean isDone, String continueCursor) {}
