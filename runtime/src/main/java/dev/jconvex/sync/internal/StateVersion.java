package dev.jconvex.sync.internal;

import dev.jconvex.protocol.Timestamp;
import java.util.Objects;

/**
 * The version of a client's view of the server (wire-protocol §2.2): how many query-set changes and
 * identity changes it reflects and the timestamp its query results were computed at. Every
 * Transition moves the client from its {@code startVersion} to its {@code endVersion}.
 *
 * @param querySet the number of the last {@code ModifyQuerySet} reflected (u32)
 * @param identity the number of {@code Authenticate} messages reflected (u32)
 * @param ts the snapshot timestamp of the results
 */
record StateVersion(long querySet, long identity, Timestamp ts) {

    /** {@code {querySet: 0, identity: 0, ts: 0}}: where every new socket starts (§2.2, §2.11). */
    static final StateVersion INITIAL = new StateVersion(0, 0, Timestamp.ZERO);

    StateVersion {
        Objects.requireNonNull(ts, "ts");
    }
}
