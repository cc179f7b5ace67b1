package dev.jconvex.database;

/**
 * Per-transaction limits of spec values-and-validation §7. Each check is {@code count > limit}: the
 * limit-th read or write still succeeds.
 *
 * @param maxDocumentsRead documents returned by index scans or {@code get} (default 32,000)
 * @param maxBytesRead total size of those documents (default 16 MiB)
 * @param maxIndexRanges index intervals recorded in the read set (default 4,096)
 * @param maxDocumentsWritten inserts, patches, replaces and deletes that write (default 16,000)
 * @param maxBytesWritten total size of the written document versions (default 16 MiB)
 * @param maxDocumentSize size of one document including system fields (default 1 MiB)
 */
public record TransactionLimits(
        long maxDocumentsRead,
        long maxBytesRead,
        int maxIndexRanges,
        long maxDocumentsWritten,
        long maxBytesWritten,
        long maxDocumentSize) {

    /** Convex's limits (spec §7). */
    public static final TransactionLimits DEFAULTS =
            new TransactionLimits(32_000, 16 << 20, 4096, 16_000, 16 << 20, 1 << 20);

    public TransactionLimits {
        if (maxDocumentsRead < 1
                || maxBytesRead < 1
                || maxIndexRanges < 1
                || maxDocumentsWritten < 1
                || maxBytesWritten < 1
                || maxDocumentSize < 1) {
            throw new IllegalArgumentException("transaction limits must be positive");
        }
    }
}
