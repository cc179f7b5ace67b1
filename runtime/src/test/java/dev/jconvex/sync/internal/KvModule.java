package dev.jconvex.sync.internal;

import dev.jconvex.database.Patch;
import dev.jconvex.execution.ActionHandler;
import dev.jconvex.execution.ConvexModule;
import dev.jconvex.execution.FunctionSpec;
import dev.jconvex.execution.ModuleBuilder;
import dev.jconvex.execution.MutationHandler;
import dev.jconvex.execution.QueryHandler;
import dev.jconvex.execution.UserIdentity;
import dev.jconvex.schema.TableDefinition;
import dev.jconvex.values.ConvexError;
import dev.jconvex.values.ConvexValue;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small key-value module the sync tests subscribe to: {@code kv:get}, {@code kv:list}, {@code
 * kv:set}, {@code kv:increment}, {@code kv:whoami}, failing functions and an action. {@code kv:get}
 * counts its executions so tests can see that subscribers share one.
 */
final class KvModule implements ConvexModule {

    /** Executions of {@code kv:get} since the module was created. */
    final AtomicInteger getExecutions = new AtomicInteger();

    @Override
    public String path() {
        return "kv";
    }

    @Override
    public void define(ModuleBuilder module) {
        module.table(TableDefinition.defineAny("entries").index("by_key", "key"));
        module.query("get", any((QueryHandler) (ctx, args) -> {
            getExecutions.incrementAndGet();
            return ctx.db()
                    .query("entries")
                    .withIndex("by_key", q -> q.eq("key", args.fields().get("key")))
                    .first()
                    .map(doc -> doc.fields().get("value"))
                    .orElse(ConvexValue.NULL);
        }));
        module.query("list", any((QueryHandler)
                (ctx, args) -> new ConvexValue.Array(ctx.db().query("entries").withIndex("by_key").collect().stream()
                        .map(doc -> (ConvexValue) doc)
                        .toList())));
        module.query("whoami", any((QueryHandler) (ctx, args) -> ctx.identity()
                .map(UserIdentity::tokenIdentifier)
                .<ConvexValue>map(ConvexValue::str)
                .orElse(ConvexValue.NULL)));
        module.query("big", any((QueryHandler) (ctx, args) -> ConvexValue.str(
                "é".repeat((int) ((ConvexValue.Float64) args.fields().get("size")).value()))));
        module.query("broken", any((QueryHandler) (ctx, args) -> {
            throw new ConvexError("QUERY_BROKE");
        }));
        module.mutation("set", any((MutationHandler) (ctx, args) -> {
            ConvexValue key = args.fields().get("key");
            ConvexValue value = args.fields().get("value");
            Optional<ConvexValue.Obj> existing = ctx.db()
                    .query("entries")
                    .withIndex("by_key", q -> q.eq("key", key))
                    .first();
            if (existing.isPresent()) {
                ctx.db().patch(id(existing.get()), Patch.of(Map.of("value", value)));
            } else {
                ctx.db().insert("entries", ConvexValue.obj(Map.of("key", key, "value", value)));
            }
            return value;
        }));
        module.mutation("increment", any((MutationHandler) (ctx, args) -> {
            ConvexValue key = args.fields().get("key");
            Optional<ConvexValue.Obj> existing = ctx.db()
                    .query("entries")
                    .withIndex("by_key", q -> q.eq("key", key))
                    .first();
            double next = existing.map(d -> ((ConvexValue.Float64) d.fields().get("value")).value())
                            .orElse(0.0)
                    + 1;
            if (existing.isPresent()) {
                ctx.db().patch(id(existing.get()), Patch.of(Map.of("value", ConvexValue.float64(next))));
            } else {
                ctx.db().insert("entries", ConvexValue.obj(Map.of("key", key, "value", ConvexValue.float64(next))));
            }
            return ConvexValue.float64(next);
        }));
        module.mutation("noop", any((MutationHandler) (ctx, args) -> ConvexValue.str("nothing written")));
        module.mutation("fail", any((MutationHandler) (ctx, args) -> {
            throw new ConvexError("BOOM");
        }));
        module.action("echo", any((ActionHandler) (ctx, args) -> args.fields().get("x")));
        module.action("failAction", any((ActionHandler) (ctx, args) -> {
            throw new ConvexError(ConvexValue.obj(Map.of("code", ConvexValue.float64(7))));
        }));
    }

    private static String id(ConvexValue.Obj doc) {
        return ((ConvexValue.Str) doc.fields().get("_id")).value();
    }

    private static <H> FunctionSpec<H> any(H handler) {
        return new FunctionSpec<>(Optional.empty(), Optional.empty(), handler);
    }
}
