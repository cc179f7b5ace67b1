package dev.jconvex.typescript;

import dev.jconvex.execution.ActionHandler;
import dev.jconvex.execution.ConvexModule;
import dev.jconvex.execution.FunctionSpec;
import dev.jconvex.execution.ModuleBuilder;
import dev.jconvex.execution.MutationHandler;
import dev.jconvex.execution.QueryHandler;
import dev.jconvex.execution.Visibility;
import dev.jconvex.protocol.FunctionKind;
import dev.jconvex.schema.TableDefinition;
import dev.jconvex.validators.Validator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One file of a TypeScript {@code convex/} folder as a {@link ConvexModule}: the functions its
 * bundle exports, each run on GraalJS by {@link JsRuntime}; the schema's tables belong to the
 * {@code schema} module.
 */
final class TypeScriptModule implements ConvexModule {

    /** One exported function, as the module's metadata ({@code isQuery}, {@code exportArgs()}, …) describes it. */
    record Export(String name, FunctionKind kind, Visibility visibility, Validator args, Optional<Validator> returns) {
        Export {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(visibility, "visibility");
            Objects.requireNonNull(args, "args");
            Objects.requireNonNull(returns, "returns");
        }
    }

    private final String path;
    private final List<Export> exports;
    private final List<TableDefinition> tables;
    private final JsRuntime runtime;

    TypeScriptModule(String path, List<Export> exports, List<TableDefinition> tables, JsRuntime runtime) {
        this.path = path;
        this.exports = List.copyOf(exports);
        this.tables = List.copyOf(tables);
        this.runtime = runtime;
    }

    @Override
    public String path() {
        return path;
    }

    List<Export> exports() {
        return exports;
    }

    @Override
    public void define(ModuleBuilder module) {
        tables.forEach(module::table);
        for (Export export : exports) {
            String name = export.name();
            switch (export.kind()) {
                case QUERY -> {
                    QueryHandler handler = (ctx, args) ->
                            runtime.run(path, name, FunctionKind.QUERY, ctx, Syscalls.of(ctx.db(), ctx), args);
                    var spec = new FunctionSpec<>(Optional.of(export.args()), export.returns(), handler);
                    if (export.visibility() == Visibility.PUBLIC) {
                        module.query(name, spec);
                    } else {
                        module.internalQuery(name, spec);
                    }
                }
                case MUTATION -> {
                    MutationHandler handler = (ctx, args) ->
                            runtime.run(path, name, FunctionKind.MUTATION, ctx, Syscalls.of(ctx.db(), ctx), args);
                    var spec = new FunctionSpec<>(Optional.of(export.args()), export.returns(), handler);
                    if (export.visibility() == Visibility.PUBLIC) {
                        module.mutation(name, spec);
                    } else {
                        module.internalMutation(name, spec);
                    }
                }
                case ACTION -> {
                    ActionHandler handler =
                            (ctx, args) -> runtime.run(path, name, FunctionKind.ACTION, ctx, Syscalls.of(ctx), args);
                    var spec = new FunctionSpec<>(Optional.of(export.args()), export.returns(), handler);
                    if (export.visibility() == Visibility.PUBLIC) {
                        module.action(name, spec);
                    } else {
                        module.internalAction(name, spec);
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return "TypeScript module " + path;
    }
}
