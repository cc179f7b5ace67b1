package dev.jconvex.inprocess;

import dev.jconvex.embedded.EmbeddedRuntime;
import dev.jconvex.execution.ConvexModule;
import dev.jconvex.execution.FunctionSpec;
import dev.jconvex.execution.ModuleBuilder;
import dev.jconvex.execution.MutationCtx;
import dev.jconvex.validators.Validator;
import dev.jconvex.values.ConvexValue;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The internal mutation behind {@link EmbeddedRuntime#runInMutation}: {@code jconvexEmbedded:run}
 * ({@code {token}}) runs the body parked under the token. Its {@link EmbeddedRuntime.TransactionScope}
 * is this mutation's {@link MutationCtx#runQuery} and {@link MutationCtx#runMutation}, so the functions
 * the body calls share its transaction and go through the same pipeline as any call: registry,
 * visibility, argument and return validation against the real tables, size limits, and a failed
 * nested mutation's writes undone. Being internal, it is invisible to non-admin callers.
 */
final class InMutationModule implements ConvexModule {

    static final String MODULE = "jconvexEmbedded";
    static final String PATH = MODULE + ":run";

    private final Map<String, EmbeddedRuntime.MutationBody> parked = new ConcurrentHashMap<>();

    void park(String token, EmbeddedRuntime.MutationBody body) {
        parked.put(token, body);
    }

    void unpark(String token) {
        parked.remove(token);
    }

    @Override
    public String path() {
        return MODULE;
    }

    @Override
    public void define(ModuleBuilder module) {
        module.internalMutation(
                "run", FunctionSpec.of(new Validator.ObjectV(Map.of("token", new Validator.StringV())), (ctx, args) -> {
                    String token = ((ConvexValue.Str) Objects.requireNonNull(args.get("token"))).value();
                    EmbeddedRuntime.MutationBody body = parked.get(token);
                    if (body == null) {
                        throw new IllegalStateException("No body parked under " + token);
                    }
                    return body.run(new Scope(ctx));
                }));
    }

    /** The nested calls of one run of the mutation. */
    private record Scope(MutationCtx ctx) implements EmbeddedRuntime.TransactionScope {
        @Override
        public ConvexValue query(String path, ConvexValue.Obj args) {
            return ctx.runQuery(path, args);
        }

        @Override
        public ConvexValue mutation(String path, ConvexValue.Obj args) {
            return ctx.runMutation(path, args);
        }
    }
}
