package dev.jconvex.client.testing;

import dev.jconvex.execution.ConvexModule;
import dev.jconvex.execution.FunctionSpec;
import dev.jconvex.execution.ModuleBuilder;
import dev.jconvex.execution.MutationHandler;
import dev.jconvex.execution.QueryHandler;
import dev.jconvex.schema.TableDefinition;
import dev.jconvex.validators.v;
import dev.jconvex.values.ConvexValue;
import java.util.Map;

/**
 * A module besides the mutable store ({@code notes}, table {@code notes}), found on the test class
 * path through {@code META-INF/services}: proves that a reset empties every module's tables.
 */
public final class NotesModule implements ConvexModule {

    @Override
    public String path() {
        return "notes";
    }

    @Override
    public void define(ModuleBuilder m) {
        m.table(TableDefinition.define("notes", v.object(Map.of("text", v.string()))));
        m.mutation("add", FunctionSpec.<MutationHandler>of(v.object(Map.of("text", v.string())), (ctx, a) -> {
            ctx.db().insert("notes", ConvexValue.obj(Map.of("text", a.get("text"))));
            return null;
        }));
        m.query(
                "count",
                FunctionSpec.<QueryHandler>of(
                        v.object(Map.of()),
                        (ctx, a) -> ConvexValue.float64(
                                ctx.db().query("notes").collect().size())));
    }
}
