package dev.jconvex.execution.internal;

import static dev.jconvex.values.ConvexValue.float64;
import static dev.jconvex.values.ConvexValue.str;

import dev.jconvex.database.Patch;
import dev.jconvex.execution.ActionHandler;
import dev.jconvex.execution.ConvexModule;
import dev.jconvex.execution.FunctionSpec;
import dev.jconvex.execution.JsException;
import dev.jconvex.execution.ModuleBuilder;
import dev.jconvex.execution.MutationCtx;
import dev.jconvex.execution.MutationHandler;
import dev.jconvex.execution.QueryHandler;
import dev.jconvex.schema.TableDefinition;
import dev.jconvex.validators.v;
import dev.jconvex.values.ConvexError;
import dev.jconvex.values.ConvexValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test module ({@code lab}) with one function per behaviour of the execution layer. The table
 * {@code items} holds {@code {key: string, value: any}} documents indexed by key.
 */
final class LabModule implements ConvexModule {

    /** How many times {@code lab:counted} ran its handler (to prove replays do not re-run). */
    final AtomicInteger countedRuns = new AtomicInteger();

    /** Runs inside {@code lab:incrementWithInterference} between its read and its write. */
    volatile Runnable interference = () -> {};

    private final TestClock clock;

    LabModule(TestClock clock) {
        this.clock = clock;
    }

    @Override
    public String path() {
        return "lab";
    }

    static ConvexValue.Obj args(Object... keyValues) {
        java.util.LinkedHashMap<String, ConvexValue> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            Object value = keyValues[i + 1];
            m.put((String) keyValues[i], value instanceof String s ? str(s) : (ConvexValue) value);
        }
        return ConvexValue.obj(m);
    }

    private static Optional<ConvexValue.Obj> find(dev.jconvex.database.DatabaseReader db, String key) {
        return db.query("items").withIndex("by_key", q -> q.eq("key", str(key))).first();
    }

    private static void upsert(MutationCtx ctx, String key, ConvexValue value) {
        Optional<ConvexValue.Obj> existing = find(ctx.db(), key);
        if (existing.isPresent()) {
            ctx.db().patch(((ConvexValue.Str) existing.get().get("_id")).value(), Patch.of(Map.of("value", value)));
        } else {
            ctx.db().insert("items", args("key", key, "value", value));
        }
    }

    @Override
    public void define(ModuleBuilder m) {
        m.table(TableDefinition.define("items", v.object(Map.of("key", v.string(), "value", v.any())))
                .index("by_key", "key"));
        var keyOnly = v.object(Map.of("key", v.string()));
        var keyValue = v.object(Map.of("key", v.string(), "value", v.any()));
        var none = v.object(Map.of());

        m.mutation("set", FunctionSpec.<MutationHandler>of(keyValue, (ctx, a) -> {
            upsert(ctx, ((ConvexValue.Str) a.get("key")).value(), a.get("value"));
            ctx.console().log("set", a.get("key"));
            return null;
        }));
        m.query(
                "get",
                FunctionSpec.<QueryHandler>of(
                        keyOnly,
                        (ctx, a) -> find(ctx.db(), ((ConvexValue.Str) a.get("key")).value())
                                .map(doc -> doc.get("value"))
                                .orElse(ConvexValue.NULL)));
        m.query(
                "keys",
                FunctionSpec.<QueryHandler>of(
                        none,
                        (ctx, a) -> ConvexValue.array(ctx.db().query("items").collect().stream()
                                .map(d -> d.get("key"))
                                .toList())));
        m.query(
                "count",
                FunctionSpec.<QueryHandler>of(
                        none,
                        (ctx, a) -> float64(ctx.db().query("items").collect().size())));

        // time, randomness, environment, identity
        m.query("frozenTime", FunctionSpec.<QueryHandler>of(none, (ctx, a) -> {
            long before = ctx.now();
            clock.advance(Duration.ofSeconds(5));
            return ConvexValue.array(float64(before), float64(ctx.now()));
        }));
        m.mutation("stampedInsert", FunctionSpec.<MutationHandler>of(keyOnly, (ctx, a) -> {
            long before = ctx.now();
            clock.advance(Duration.ofSeconds(1));
            ctx.db().insert("items", args("key", a.get("key"), "value", float64(ctx.now())));
            return ConvexValue.array(float64(before), float64(ctx.now()));
        }));
        m.query(
                "random",
                FunctionSpec.<QueryHandler>of(
                        none, (ctx, a) -> ConvexValue.array(float64(ctx.random()), float64(ctx.random()))));
        m.query(
                "env",
                FunctionSpec.<QueryHandler>of(
                        v.object(Map.of("name", v.string())),
                        (ctx, a) -> ctx.env(((ConvexValue.Str) a.get("name")).value())
                                .<ConvexValue>map(ConvexValue::str)
                                .orElse(ConvexValue.NULL)));
        m.query(
                "whoami",
                FunctionSpec.<QueryHandler>of(
                        none,
                        (ctx, a) -> ctx.identity()
                                .<ConvexValue>map(u -> str(u.subject()))
                                .orElse(ConvexValue.NULL)));
        m.query(
                "onVirtualThread",
                FunctionSpec.<QueryHandler>of(
                        none,
                        (ctx, a) -> ConvexValue.bool(Thread.currentThread().isVirtual())));

        // console
        m.query("logs", FunctionSpec.<QueryHandler>of(v.object(Map.of("fail", v.bool())), (ctx, a) -> {
            ctx.console().log("hello", 3);
            ctx.console().info(ConvexValue.int64(7), Map.of("a", "b"));
            ctx.console().warn("careful");
            ctx.console().error(List.of(1.5, -0.0));
            ctx.console().debug();
            if (a.get("fail").equals(ConvexValue.bool(true))) {
                throw new IllegalStateException("after logging");
            }
            return str("done");
        }));

        // failures
        m.query("convexError", FunctionSpec.<QueryHandler>of(none, (ctx, a) -> {
            throw new ConvexError("MUTABLE_KEY_NOT_FOUND");
        }));
        m.query("convexErrorObject", FunctionSpec.<QueryHandler>of(none, (ctx, a) -> {
            throw new ConvexError(args("code", float64(1), "msg", "x"));
        }));
        m.query("plainError", FunctionSpec.<QueryHandler>of(none, (ctx, a) -> {
            throw new IllegalStateException("X");
        }));
        m.query("emptyMessage", FunctionSpec.<QueryHandler>of(none, (ctx, a) -> {
            throw new IllegalStateException("");
        }));
        m.query("noMessage", FunctionSpec.<QueryHandler>of(none, (ctx, a) -> {
            throw new IllegalArgumentException();
        }));
        m.query("typeError", FunctionSpec.<QueryHandler>of(none, (ctx, a) -> {
            throw JsException.typeError("Cannot read properties of null (reading 'value')");
        }));
        m.query("recurse", FunctionSpec.<QueryHandler>of(none, (ctx, a) -> recurse(0)));
        m.query("returnsNothing", FunctionSpec.<QueryHandler>of(none, (ctx, a) -> null));
        m.query(
                "returnsTooMuch",
                FunctionSpec.<QueryHandler>of(
                        none,
                        (ctx, a) -> ConvexValue.array(
                                java.util.Collections.nCopies(17, ConvexValue.str("x".repeat(1 << 20))))));
        m.query(
                "returnsUndefinedInArray",
                FunctionSpec.<QueryHandler>of(
                        none, (ctx, a) -> ConvexValue.array(java.util.Collections.nCopies(9000, ConvexValue.NULL))));
        m.mutation("writeThenConvexError", FunctionSpec.<MutationHandler>of(keyOnly, (ctx, a) -> {
            ctx.db().insert("items", args("key", a.get("key"), "value", float64(1)));
            ctx.console().log("wrote");
            throw new ConvexError(args("code", ConvexValue.int64(123)));
        }));
        m.mutation("writeThenBadReturn", FunctionSpec.<MutationHandler>of(keyOnly, v.string(), (ctx, a) -> {
            ctx.db().insert("items", args("key", a.get("key"), "value", float64(1)));
            return float64(5);
        }));
        m.query("goodReturn", FunctionSpec.<QueryHandler>of(none, v.nul(), (ctx, a) -> null));
        m.mutation("schemaViolation", FunctionSpec.<MutationHandler>of(none, (ctx, a) -> {
            ctx.db().insert("items", args("value", float64(1)));
            return null;
        }));
        m.mutation("unvalidated", new FunctionSpec<MutationHandler>(Optional.empty(), Optional.empty(), (ctx, a) -> a));

        // idempotency and OCC retries
        m.mutation("counted", FunctionSpec.<MutationHandler>of(keyOnly, (ctx, a) -> {
            countedRuns.incrementAndGet();
            upsert(ctx, ((ConvexValue.Str) a.get("key")).value(), float64(countedRuns.get()));
            ctx.console().log("run", countedRuns.get());
            return float64(countedRuns.get());
        }));
        m.mutation("increment", FunctionSpec.<MutationHandler>of(keyOnly, (ctx, a) -> {
            String key = ((ConvexValue.Str) a.get("key")).value();
            double next = find(ctx.db(), key)
                            .map(d -> ((ConvexValue.Float64) d.get("value")).value())
                            .orElse(0.0)
                    + 1;
            upsert(ctx, key, float64(next));
            ctx.console().log("attempt");
            return float64(next);
        }));

        m.mutation("incrementWithInterference", FunctionSpec.<MutationHandler>of(keyOnly, (ctx, a) -> {
            String key = ((ConvexValue.Str) a.get("key")).value();
            double current = find(ctx.db(), key)
                    .map(d -> ((ConvexValue.Float64) d.get("value")).value())
                    .orElse(0.0);
            interference.run();
            upsert(ctx, key, float64(current + 1));
            return float64(current + 1);
        }));

        // internal functions and actions
        m.internalQuery("secret", FunctionSpec.<QueryHandler>of(none, (ctx, a) -> str("s3cret")));
        m.internalMutation("internalSet", FunctionSpec.<MutationHandler>of(keyValue, (ctx, a) -> {
            upsert(ctx, ((ConvexValue.Str) a.get("key")).value(), a.get("value"));
            return null;
        }));
        m.action("orchestrate", FunctionSpec.<ActionHandler>of(keyValue, (ctx, a) -> {
            ctx.console().log("action start");
            ctx.runMutation("lab:internalSet", a);
            ConvexValue read = ctx.runQuery("lab:get", args("key", a.get("key")));
            ConvexValue secret = ctx.runQuery("lab:secret", args());
            ConvexValue who = ctx.runQuery("lab:whoami", args());
            return ConvexValue.array(read, secret, who);
        }));
        m.action(
                "callsFailingMutation",
                FunctionSpec.<ActionHandler>of(keyOnly, (ctx, a) -> ctx.runMutation("lab:writeThenConvexError", a)));
        m.action(
                "callsPlainError",
                FunctionSpec.<ActionHandler>of(none, (ctx, a) -> ctx.runQuery("lab:plainError", args())));
        m.action("callsWrongKind", FunctionSpec.<ActionHandler>of(none, (ctx, a) -> ctx.runQuery("lab:set", args())));
        m.action("nested", FunctionSpec.<ActionHandler>of(keyValue, (ctx, a) -> ctx.runAction("lab:orchestrate", a)));
    }

    private static ConvexValue recurse(int depth) {
        return depth < 0 ? ConvexValue.NULL : recurse(depth + 1);
    }
}
