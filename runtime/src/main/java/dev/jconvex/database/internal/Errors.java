package dev.jconvex.database.internal;

import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;

/** The texts of the storage engine's user-facing errors (spec values-and-validation §3, §6, §7, §8). */
final class Errors {
    private Errors() {}

    static final String LIMIT_HELP = "Consider using smaller limits in your queries, paginating your queries, or using"
            + " indexed queries with a selective index range expressions.";

    static ConvexException of(ErrorCode code, String message) {
        return new ConvexException(code, message);
    }

    /** ``Invalid argument `{arg}` for `{method}`: {cause}`` (§3.3). */
    static ConvexException invalidArgument(String arg, String method, String cause) {
        return of(ErrorCode.InvalidArgument, "Invalid argument `" + arg + "` for `" + method + "`: " + cause);
    }

    static ConvexException systemTableReadOnly() {
        return of(ErrorCode.SystemTableError, "System tables (prefixed with `_`) are read-only.");
    }

    static ConvexException nonexistent(String verb, String id) {
        return of(ErrorCode.NonexistentDocument, verb + " on nonexistent document ID " + id);
    }

    static ConvexException tooManyDocumentsRead(long limit) {
        return of(
                ErrorCode.TooManyDocumentsRead,
                "Too many documents read in a single function execution (limit: " + limit + "). " + LIMIT_HELP);
    }

    static ConvexException tooManyBytesRead(long limit) {
        return of(
                ErrorCode.TooManyBytesRead,
                "Too many bytes read in a single function execution (limit: " + limit + " bytes). " + LIMIT_HELP);
    }

    static ConvexException tooManyReads(long limit) {
        return of(
                ErrorCode.TooManyReads,
                "Too many reads in a single function execution (limit: " + limit + "). " + LIMIT_HELP);
    }

    static ConvexException tooManyWrites(long limit) {
        return of(ErrorCode.TooManyWrites, "Too many writes in a single function execution (limit: " + limit + ")");
    }

    static ConvexException tooManyBytesWritten(long limit) {
        return of(
                ErrorCode.TooManyBytesWritten,
                "Too many bytes written in a single function execution (limit: "
                        + dev.jconvex.values.ValueSize.humanSize(limit) + ")");
    }

    /**
     * §8 step 5: {@code the "t" table}, or {@code some table} when the conflict names none; the writer
     * sentence is omitted because the storage engine does not know the function.
     */
    static ConvexException occ(java.util.Optional<String> table) {
        String where = table.map(t -> "the \"" + t + "\" table").orElse("some table");
        return of(
                ErrorCode.OptimisticConcurrencyControlFailure,
                "Documents read from or written to " + where
                        + " changed while this mutation was being run and on every subsequent retry. "
                        + "See https://docs.convex.dev/error#1");
    }
}
