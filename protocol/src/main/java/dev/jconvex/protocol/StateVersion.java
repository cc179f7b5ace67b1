package dev.jconvex.protocol;

import java.util.Objects;

/**
 * The version of a client's view of the deployment (wire-protocol §2.2): how many query-set changes
 * and identity changes it reflects and the timestamp its query results were computed at. Every
 * {@link ServerMessage.Transition} moves the client from its {@code startVersion} to its {@code
 * endVersion}; the client checks that the start is where it stands, field by field (§2.5).
 *
 * @param querySet the number of the last {@code ModifyQuerySet} reflected (u32)
 * @param identity the number of {@code Authenticate} messages reflected (u32)
 * @param ts the snapshot timestamp of the results
 */
public record StateVersion(long querySet, long identity, Timestamp ts) {

    /** {@code {querySet: 0, identity: 0, ts: 0}}: where both ends of every new socket start (§2.2, §2.11). */
    public static final StateVersion INITIAL = new StateVersion(0, 0, Timestamp.ZERO);

    public StateVersion {
        Objects.requireNonNull(ts, "ts");
    }
}
