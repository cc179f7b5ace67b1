/**
 * Convex functions written in TypeScript, run on GraalJS: {@code dev.jconvex.typescript} bundles a
 * {@code convex/} directory with the committed toolchain and registers its queries, mutations and
 * actions on the runtime ({@link dev.jconvex.typescript.TypeScriptFunctions}), and provides the
 * {@code --functions DIR} option of {@code serve} ({@link
 * dev.jconvex.typescript.TypeScriptFunctionsDirectory}). The bundler, the JavaScript context, the
 * syscalls and the validator codec stay inside the module (package-private).
 *
 * <p>The guest code reaches the host only through proxies ({@code HostAccess.NONE}), so no package
 * is opened to Truffle.
 */
module dev.jconvex.typescript {
    requires transitive dev.jconvex.runtime;
    requires org.graalvm.polyglot;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;
    requires java.management;
    requires static org.jspecify;

    exports dev.jconvex.typescript;

    // the banner of serve --functions names the Java modules a TypeScript module replaces
    uses dev.jconvex.execution.ConvexModule;

    provides dev.jconvex.server.FunctionsDirectory with
            dev.jconvex.typescript.TypeScriptFunctionsDirectory;
}
