package dev.jconvex.protocol;

/**
 * The kind of a Convex function, which fixes what its context may do and how a client calls it. One
 * enum for the runtime, the client and the embedded SPI.
 */
public enum FunctionKind {
    /** Reads one snapshot; deterministic, cacheable and subscribable. Sent to {@code /api/query}. */
    QUERY("Query", "query"),
    /** Reads and writes in one serializable transaction. Sent to {@code /api/mutation}. */
    MUTATION("Mutation", "mutation"),
    /** Calls queries, mutations and other actions; has no database of its own. Sent to {@code /api/action}. */
    ACTION("Action", "action");

    private final String displayName;
    private final String endpoint;

    FunctionKind(String displayName, String endpoint) {
        this.displayName = displayName;
        this.endpoint = endpoint;
    }

    /**
     * The kind as Convex prints it in error messages: {@code Query}, {@code Mutation}, {@code Action}
     * (wire-protocol §1.6 (f)).
     */
    public String displayName() {
        return displayName;
    }

    /** The last segment of the HTTP endpoint, {@code "query"} for {@code /api/query} (wire-protocol §1.1). */
    public String endpoint() {
        return endpoint;
    }
}
