/**
 * The Convex modules written in Java that the emulator serves: {@code dev.jconvex.functions} holds
 * {@link dev.jconvex.functions.MutableModule}, the port of the seed {@code mutable.ts}, registered as
 * a {@link dev.jconvex.execution.ConvexModule} service; {@code dev.jconvex.functions.js} the
 * JavaScript semantics a port needs ({@code ||}, {@code +}, {@code localeCompare}, ...), for other
 * ports too. The list plan stays package-private.
 *
 * <p>The module is also the runnable emulator (its shaded jar, started on the class path, where this
 * descriptor is not read): it requires {@code dev.jconvex.typescript} so that {@code serve
 * --functions DIR} is there when it is started as a module. ICU4J publishes no module descriptor;
 * {@code com.ibm.icu} is the automatic module name its manifest gives.
 */
@SuppressWarnings("requires-automatic")
module dev.jconvex.functions {
    requires transitive dev.jconvex.runtime;
    requires dev.jconvex.typescript;
    requires com.ibm.icu;
    requires static org.jspecify;

    exports dev.jconvex.functions;
    exports dev.jconvex.functions.js;

    provides dev.jconvex.execution.ConvexModule with
            dev.jconvex.functions.MutableModule;
}
