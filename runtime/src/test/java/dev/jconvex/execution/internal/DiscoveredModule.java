package dev.jconvex.execution.internal;

import dev.jconvex.execution.ConvexModule;
import dev.jconvex.execution.FunctionSpec;
import dev.jconvex.execution.ModuleBuilder;
import dev.jconvex.execution.QueryHandler;
import dev.jconvex.validators.v;
import dev.jconvex.values.ConvexValue;
import java.util.Map;

/**
 * A module registered only through {@code META-INF/services} in the test resources, as a user jar
 * would: proves {@link java.util.ServiceLoader} discovery. It declares no tables, so that other
 * tests that discover it are unaffected.
 */
public final class DiscoveredModule implements ConvexModule {

    @Override
    public String path() {
        return "discovered/byServiceLoader";
    }

    @Override
    public void define(ModuleBuilder module) {
        module.query("ping", FunctionSpec.<QueryHandler>of(v.object(Map.of()), (ctx, args) -> ConvexValue.str("pong")));
        module.query(
                "default",
                FunctionSpec.<QueryHandler>of(v.object(Map.of()), (ctx, args) -> ConvexValue.str("default export")));
    }
}
