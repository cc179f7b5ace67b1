package dev.jconvex.execution;

/**
 * A Convex module written in Java: the equivalent of one file under {@code convex/} (for example
 * {@code mutable.ts}). Modules are discovered with {@link java.util.ServiceLoader}, so adding a jar
 * that lists its modules in {@code META-INF/services/dev.jconvex.execution.ConvexModule} adds them
 * to the runtime.
 */
public interface ConvexModule {

    /** The module path, as in a function path before the colon: {@code "mutable"}, {@code "dir/file"}. */
    String path();

    /** Declares this module's tables (its part of the schema) and functions. Called once at start-up. */
    void define(ModuleBuilder module);
}
