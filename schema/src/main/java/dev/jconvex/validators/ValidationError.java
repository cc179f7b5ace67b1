package dev.jconvex.validators;

/**
 * A validation failure with Convex's full message text (spec §5.4), without the
 * {@code ArgumentValidationError: } or schema prefix that the caller adds.
 */
public record ValidationError(String message) {}
