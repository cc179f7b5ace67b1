/**
 * The project's one coded error type, {@link dev.jconvex.errors.ConvexException}, and its catalog of
 * Convex short codes, {@link dev.jconvex.errors.ErrorCode}.
 */
package dev.jconvex.errors;
