package dev.jconvex.it.cli;

import dev.jconvex.execution.ConvexModule;
import dev.jconvex.execution.FunctionSpec;
import dev.jconvex.execution.ModuleBuilder;
import dev.jconvex.schema.TableDefinition;
import dev.jconvex.validators.v;
import dev.jconvex.values.ConvexValue;
import java.util.Map;

/**
 * The functions the CLI conformance suite calls besides the mutable store ({@code conformance/cli}):
 * a counter to watch, a mutation that logs, and queries that show {@code process.env} and the
 * caller's identity.
 */
final class CliTestModule implements ConvexModule {

    @Override
    public String path() {
        return "cli";
    }

    @Override
    public void define(ModuleBuilder m) {
        m.table(TableDefinition.define("notes", v.object(Map.of("text", v.string()))));
        m.mutation("addNote", FunctionSpec.of(v.object(Map.of("text", v.string())), (ctx, args) -> {
            ctx.console().log("adding note", args.get("text"));
            return ConvexValue.str(ctx.db().insert("notes", ConvexValue.obj(Map.of("text", args.get("text")))));
        }));
        m.query(
                "countNotes",
                FunctionSpec.of(
                        v.object(Map.of()),
                        (ctx, args) -> ConvexValue.float64(
                                ctx.db().query("notes").collect().size())));
        m.query(
                "env",
                FunctionSpec.of(
                        v.object(Map.of("name", v.string())),
                        (ctx, args) -> ctx.env(((ConvexValue.Str) args.get("name")).value())
                                .<ConvexValue>map(ConvexValue::str)
                                .orElse(ConvexValue.NULL)));
        m.query(
                "whoami",
                FunctionSpec.of(
                        v.object(Map.of()),
                        (ctx, args) -> ctx.identity()
                                .<ConvexValue>map(user -> ConvexValue.obj(Map.of(
                                        "subject", ConvexValue.str(user.subject()),
                                        "issuer", ConvexValue.str(user.issuer()),
                                        "tokenIdentifier", ConvexValue.str(user.tokenIdentifier()))))
                                .orElse(ConvexValue.NULL)));
        m.internalQuery("secret", FunctionSpec.of(v.object(Map.of()), (ctx, args) -> ConvexValue.str("internal")));
    }
}
