package dev.jconvex.database.internal;

import dev.jconvex.protocol.Timestamp;

/**
 * Observes commits, for live queries: called once per commit, in commit order, after the commit is
 * durable. A listener must be quick and must not call {@link Database#mutate} on the calling thread.
 */
@FunctionalInterface
public interface CommitListener {
    void committed(Timestamp ts, WriteSet writes);
}
