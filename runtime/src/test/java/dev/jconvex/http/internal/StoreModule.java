package dev.jconvex.http.internal;

import dev.jconvex.execution.ConvexModule;
import dev.jconvex.execution.FunctionSpec;
import dev.jconvex.execution.ModuleBuilder;
import dev.jconvex.execution.MutationHandler;
import dev.jconvex.execution.QueryHandler;
import dev.jconvex.schema.TableDefinition;
import dev.jconvex.values.ConvexValue;
import java.util.Map;
import java.util.Optional;

/**
 * A module whose only effect is stored data, for the hostile-input tests: {@code store:set} inserts
 * {@code {key, value}}, {@code store:all} returns every stored document's key and value in key order
 * (what a test compares before and after an attack).
 */
final class StoreModule implements ConvexModule {

    @Override
    public String path() {
        return "store";
    }

    @Override
    public void define(ModuleBuilder module) {
        module.table(TableDefinition.defineAny("entries").index("by_key", "key"));
        module.mutation("set", any((MutationHandler) (ctx, args) -> {
            ctx.db()
                    .insert(
                            "entries",
                            ConvexValue.obj(Map.of(
                                    "key", args.fields().get("key"),
                                    "value", args.fields().get("value"))));
            return ConvexValue.NULL;
        }));
        module.query("all", any((QueryHandler) (ctx, args) ->
                new ConvexValue.Array(ctx.db().query("entries").withIndex("by_key").collect().stream()
                        .map(doc -> (ConvexValue) ConvexValue.obj(Map.of(
                                "key", doc.fields().get("key"),
                                "value", doc.fields().get("value"))))
                        .toList())));
    }

    private static <H> FunctionSpec<H> any(H handler) {
        return new FunctionSpec<>(Optional.empty(), Optional.empty(), handler);
    }
}
