package dev.jconvex.database;

/** What an acknowledged mutation survives. Ignored by in-memory databases. */
public enum Durability {
    /**
     * Survives a crash of the process (kill -9): a batch of commits is written to the data file
     * (H2 MVStore chunk) before any of them is acknowledged. The default.
     */
    PROCESS_CRASH,
    /** Survives power loss too: each batch is also fsync'ed before acknowledgment. */
    POWER_LOSS
}
