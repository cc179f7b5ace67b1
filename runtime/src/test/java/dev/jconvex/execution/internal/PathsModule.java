package dev.jconvex.execution.internal;

import dev.jconvex.execution.ConvexModule;
import dev.jconvex.execution.FunctionSpec;
import dev.jconvex.execution.ModuleBuilder;
import dev.jconvex.execution.QueryHandler;
import dev.jconvex.validators.v;
import dev.jconvex.values.ConvexValue;
import java.util.Map;

/** Modules at a plain path with a default export ({@code paths}) and in a directory ({@code dir/sub/file}). */
final class PathsModule implements ConvexModule {

    @Override
    public String path() {
        return "paths";
    }

    @Override
    public void define(ModuleBuilder module) {
        module.query(
                "default",
                FunctionSpec.<QueryHandler>of(v.object(Map.of()), (ctx, a) -> ConvexValue.str("default export")));
    }

    /** {@code dir/sub/file}. */
    static final class Nested implements ConvexModule {
        @Override
        public String path() {
            return "dir/sub/file";
        }

        @Override
        public void define(ModuleBuilder module) {
            module.query(
                    "fn",
                    FunctionSpec.<QueryHandler>of(v.object(Map.of()), (ctx, a) -> ConvexValue.str("nested module")));
        }
    }
}
