package dev.jconvex.inprocess;

import static dev.jconvex.values.ConvexValue.float64;
import static dev.jconvex.values.ConvexValue.str;

import dev.jconvex.database.Patch;
import dev.jconvex.execution.ConvexModule;
import dev.jconvex.execution.FunctionSpec;
import dev.jconvex.execution.ModuleBuilder;
import dev.jconvex.execution.MutationHandler;
import dev.jconvex.schema.TableDefinition;
import dev.jconvex.validators.v;
import dev.jconvex.values.ConvexError;
import dev.jconvex.values.ConvexValue;
import java.util.Map;

/**
 * A test module ({@code failures}) with one mutation per kind of failure a client can meet: an
 * argument validation error (also of a {@code v.id} against the real tables), a return-validator
 * failure, a {@code ConvexError} with data, a conflict on every attempt (OCC), and an error the runtime
 * does not explain (an {@link Error} escaping the handler).
 */
final class FailuresModule implements ConvexModule {

    /** Runs inside {@code failures:conflict} between its read and its write. */
    volatile Runnable interference = () -> {};

    @Override
    public String path() {
        return "failures";
    }

    @Override
    public void define(ModuleBuilder m) {
        m.table(TableDefinition.define("counters", v.object(Map.of("n", v.number()))));
        m.table(TableDefinition.define("others", v.object(Map.of())));
        m.query(
                "counters",
                FunctionSpec.<dev.jconvex.execution.QueryHandler>of(
                        v.object(Map.of()),
                        (ctx, a) -> float64(ctx.db().query("counters").collect().size())));
        m.mutation(
                "addOther",
                FunctionSpec.<MutationHandler>of(
                        v.object(Map.of()), (ctx, a) -> str(ctx.db().insert("others", ConvexValue.emptyObj()))));
        m.mutation(
                "counterById",
                FunctionSpec.<MutationHandler>of(
                        v.object(Map.of("id", v.id("counters"))), (ctx, a) -> ConvexValue.NULL));
        m.mutation(
                "badReturn", FunctionSpec.<MutationHandler>of(v.object(Map.of()), v.string(), (ctx, a) -> float64(5)));
        m.mutation(
                "typed", FunctionSpec.<MutationHandler>of(v.object(Map.of("n", v.number())), (ctx, a) -> a.get("n")));
        m.mutation("userError", FunctionSpec.<MutationHandler>of(v.object(Map.of()), (ctx, a) -> {
            throw new ConvexError(ConvexValue.obj(Map.of("code", str("NOPE"), "n", float64(1))));
        }));
        m.mutation("internal", FunctionSpec.<MutationHandler>of(v.object(Map.of()), (ctx, a) -> {
            throw new AssertionError("a bug in the runtime");
        }));
        m.mutation("bump", FunctionSpec.<MutationHandler>of(v.object(Map.of()), (ctx, a) -> {
            bump(ctx);
            return null;
        }));
        // reads the counter, lets another mutation write it, then writes it: conflicts every time
        m.mutation("conflict", FunctionSpec.<MutationHandler>of(v.object(Map.of()), (ctx, a) -> {
            ctx.db().query("counters").collect();
            interference.run();
            bump(ctx);
            return null;
        }));
    }

    private static void bump(dev.jconvex.execution.MutationCtx ctx) {
        var all = ctx.db().query("counters").collect();
        if (all.isEmpty()) {
            ctx.db().insert("counters", ConvexValue.obj(Map.of("n", float64(1))));
        } else {
            ConvexValue.Obj doc = all.getFirst();
            double n = ((ConvexValue.Float64) doc.get("n")).value();
            ctx.db().patch(((ConvexValue.Str) doc.get("_id")).value(), Patch.of(Map.of("n", float64(n + 1))));
        }
    }
}
