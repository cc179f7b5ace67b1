package dev.jconvex.embedded;

/** The kind of function an {@link EmbeddedRuntime#call} expects, as the HTTP endpoint would. */
public enum EmbeddedFunctionKind {
    QUERY,
    MUTATION,
    ACTION
}
