package dev.jconvex.execution;

/** The kind of a Convex function, which fixes what its context may do. */
public enum FunctionKind {
    /** Reads one snapshot; deterministic, cacheable and subscribable. */
    QUERY("Query"),
    /** Reads and writes in one serializable transaction. */
    MUTATION("Mutation"),
    /** Calls queries, mutations and other actions; has no database of its own. */
    ACTION("Action");

    private final String displayName;

    FunctionKind(String displayName) {
        this.displayName = displayName;
    }

    /**
     * The kind as Convex prints it in error messages: {@code Query}, {@code Mutation}, {@code Action}
     * (wire-protocol §1.6 (f)).
     */
    public String displayName() {
        return displayName;
    }
}
