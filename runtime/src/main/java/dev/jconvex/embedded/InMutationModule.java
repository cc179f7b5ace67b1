package dev.jconvex.embedded;

import dev.jconvex.database.DatabaseReader;
import dev.jconvex.execution.Console;
import dev.jconvex.execution.ConvexModule;
import dev.jconvex.execution.FunctionSpec;
import dev.jconvex.execution.ModuleBuilder;
import dev.jconvex.execution.MutationCtx;
import dev.jconvex.execution.MutationHandler;
import dev.jconvex.execution.QueryCtx;
import dev.jconvex.execution.QueryHandler;
import dev.jconvex.execution.UserIdentity;
import dev.jconvex.schema.TableDefinition;
import dev.jconvex.validators.TableResolver;
import dev.jconvex.validators.ValidationError;
import dev.jconvex.validators.Validator;
import dev.jconvex.values.ConvexValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The internal mutation behind {@link EmbeddedRuntime#runInMutation}: {@code jconvexEmbedded:run}
 * ({@code {token}}) runs the body parked under the token. Its {@link EmbeddedRuntime.TransactionScope}
 * calls the handlers of the other modules' queries and mutations directly with this mutation's context,
 * so they share its transaction (like Convex's {@code ctx.runQuery}/{@code ctx.runMutation} inside a
 * mutation). Being internal, it is invisible to non-admin callers.
 */
final class InMutationModule implements ConvexModule {

    static final String MODULE = "jconvexEmbedded";
    static final String PATH = MODULE + ":run";

    private final Map<String, EmbeddedRuntime.MutationBody> parked = new ConcurrentHashMap<>();
    private final Map<String, FunctionSpec<QueryHandler>> queries = new HashMap<>();
    private final Map<String, FunctionSpec<MutationHandler>> mutations = new HashMap<>();

    /** Captures the query and mutation specs of {@code modules} (public and internal). */
    InMutationModule(List<ConvexModule> modules) {
        for (ConvexModule module : modules) {
            module.define(new Capture(module.path()));
        }
    }

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
                    String token = ((ConvexValue.Str) args.get("token")).value();
                    EmbeddedRuntime.MutationBody body = parked.get(token);
                    if (body == null) {
                        throw new IllegalStateException("No body parked under " + token);
                    }
                    return body.run(new Scope(ctx));
                }));
    }

    /** Calls other functions' handlers with the current mutation context. */
    private final class Scope implements EmbeddedRuntime.TransactionScope {
        private final MutationCtx ctx;

        Scope(MutationCtx ctx) {
            this.ctx = ctx;
        }

        @Override
        public ConvexValue query(String path, ConvexValue.Obj args) {
            FunctionSpec<QueryHandler> spec = lookup(queries, path);
            validate(spec, path, args);
            return orNull(spec.handler().handle(new QueryView(ctx), args));
        }

        @Override
        public ConvexValue mutation(String path, ConvexValue.Obj args) {
            FunctionSpec<MutationHandler> spec = lookup(mutations, path);
            validate(spec, path, args);
            return orNull(spec.handler().handle(ctx, args));
        }
    }

    private static ConvexValue orNull(ConvexValue v) {
        return v == null ? ConvexValue.NULL : v;
    }

    private static <H> FunctionSpec<H> lookup(Map<String, FunctionSpec<H>> specs, String path) {
        FunctionSpec<H> spec = specs.get(canonical(path));
        if (spec == null) {
            throw new IllegalArgumentException("Could not find function for '" + path + "'");
        }
        return spec;
    }

    private static void validate(FunctionSpec<?> spec, String path, ConvexValue.Obj args) {
        if (spec.args().isPresent()) {
            Optional<ValidationError> error = spec.args().get().validate(args, TableResolver.NONE);
            if (error.isPresent()) {
                throw new IllegalArgumentException("ArgumentValidationError calling " + path + ": "
                        + error.get().message());
            }
        }
    }

    /** {@code module:fn}: a {@code .js} suffix stripped, {@code default} when there is no colon (§1.4). */
    private static String canonical(String path) {
        int colon = path.lastIndexOf(':');
        String module = colon < 0 ? path : path.substring(0, colon);
        String fn = colon < 0 ? "default" : path.substring(colon + 1);
        if (module.endsWith(".js")) {
            module = module.substring(0, module.length() - 3);
        }
        return module + ":" + fn;
    }

    /** Collects specs while a module defines itself. */
    private final class Capture implements ModuleBuilder {
        private final String module;

        Capture(String module) {
            this.module = module;
        }

        @Override
        public ModuleBuilder table(TableDefinition table) {
            return this;
        }

        @Override
        public ModuleBuilder query(String name, FunctionSpec<QueryHandler> spec) {
            queries.put(module + ":" + name, spec);
            return this;
        }

        @Override
        public ModuleBuilder mutation(String name, FunctionSpec<MutationHandler> spec) {
            mutations.put(module + ":" + name, spec);
            return this;
        }

        @Override
        public ModuleBuilder action(String name, FunctionSpec<dev.jconvex.execution.ActionHandler> spec) {
            return this;
        }

        @Override
        public ModuleBuilder internalQuery(String name, FunctionSpec<QueryHandler> spec) {
            return query(name, spec);
        }

        @Override
        public ModuleBuilder internalMutation(String name, FunctionSpec<MutationHandler> spec) {
            return mutation(name, spec);
        }

        @Override
        public ModuleBuilder internalAction(String name, FunctionSpec<dev.jconvex.execution.ActionHandler> spec) {
            return this;
        }
    }

    /** A mutation context seen as a query context: same transaction, reads only. */
    private record QueryView(MutationCtx ctx) implements QueryCtx {
        @Override
        public DatabaseReader db() {
            return ctx.db();
        }

        @Override
        public long now() {
            return ctx.now();
        }

        @Override
        public double random() {
            return ctx.random();
        }

        @Override
        public Optional<String> env(String name) {
            return ctx.env(name);
        }

        @Override
        public Optional<UserIdentity> identity() {
            return ctx.identity();
        }

        @Override
        public Console console() {
            return ctx.console();
        }
    }
}
