package dev.jconvex.it.dashboard;

import dev.jconvex.execution.ConvexModule;
import dev.jconvex.execution.FunctionSpec;
import dev.jconvex.execution.ModuleBuilder;
import dev.jconvex.schema.TableDefinition;
import dev.jconvex.validators.v;
import dev.jconvex.values.ConvexError;
import dev.jconvex.values.ConvexValue;
import java.util.Map;

/**
 * The functions and tables the dashboard's browser test shows: {@code notes} with an index and
 * fields of every Convex type the document view renders (int64, bytes, an id of {@code users}), a
 * mutation that logs, and a mutation that fails with a {@code ConvexError}.
 */
final class DashboardTestModule implements ConvexModule {

    @Override
    public String path() {
        return "notes";
    }

    @Override
    public void define(ModuleBuilder m) {
        m.table(TableDefinition.define("users", v.object(Map.of("name", v.string()))));
        m.table(TableDefinition.define(
                        "notes",
                        v.object(Map.of(
                                "text", v.string(),
                                "count", v.optional(v.int64()),
                                "data", v.optional(v.bytes()),
                                "author", v.optional(v.id("users")))))
                .index("by_text", "text"));
        m.mutation("add", FunctionSpec.of(v.object(Map.of("text", v.string())), (ctx, args) -> {
            ctx.console().log("adding note", args.get("text"));
            return ConvexValue.str(ctx.db().insert("notes", ConvexValue.obj(Map.of("text", args.get("text")))));
        }));
        m.mutation("fail", FunctionSpec.of(v.object(Map.of("limit", v.int64())), (ctx, args) -> {
            throw new ConvexError(
                    ConvexValue.obj(Map.of("reason", ConvexValue.str("TOO_MANY_NOTES"), "limit", args.get("limit"))));
        }));
    }
}
