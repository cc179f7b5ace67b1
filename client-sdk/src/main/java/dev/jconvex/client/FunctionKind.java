package dev.jconvex.client;

/** The kind of a Convex function, which picks the HTTP endpoint and the sync message used to call it. */
public enum FunctionKind {
    /** Read-only, subscribable; sent to {@code /api/query}, or as a one-shot subscription over WebSocket. */
    QUERY("query"),
    /** One serializable transaction; sent to {@code /api/mutation} or as a {@code Mutation} message. */
    MUTATION("mutation"),
    /** Arbitrary work calling other functions; sent to {@code /api/action} or as an {@code Action} message. */
    ACTION("action");

    private final String endpoint;

    FunctionKind(String endpoint) {
        this.endpoint = endpoint;
    }

    /** The last segment of the HTTP endpoint, {@code "query"} for {@code /api/query} (wire-protocol §1.1). */
    public String endpoint() {
        return endpoint;
    }
}
