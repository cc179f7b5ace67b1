package dev.jconvex.database;

/** What an acknowledged mutation survives. Ignored by in-memory databases. */
public enum Durability {
    /**
     * Survives a crash of the process (kill -9): a commit is written to the write-ahead log (one
     * {@code write} call, into the operating system's page cache) before it is applied and
     * acknowledged. The default.
     */
    PROCESS_CRASH,
    /**
     * Survives power loss too: the write-ahead log is also forced to disk (fsync) before
     * acknowledgment, one fsync shared by every commit waiting for it.
     */
    POWER_LOSS
}
