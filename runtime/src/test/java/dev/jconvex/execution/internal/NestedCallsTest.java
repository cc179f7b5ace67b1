package dev.jconvex.execution.internal;

import static dev.jconvex.values.ConvexValue.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jconvex.execution.ConvexModule;
import dev.jconvex.execution.FunctionCall;
import dev.jconvex.execution.FunctionOutcome;
import dev.jconvex.execution.FunctionSpec;
import dev.jconvex.execution.Identity;
import dev.jconvex.execution.ModuleBuilder;
import dev.jconvex.execution.MutationHandler;
import dev.jconvex.execution.QueryHandler;
import dev.jconvex.protocol.FunctionKind;
import dev.jconvex.schema.TableDefinition;
import dev.jconvex.server.Jconvex;
import dev.jconvex.validators.v;
import dev.jconvex.values.ConvexError;
import dev.jconvex.values.ConvexValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ctx.runQuery} and {@code ctx.runMutation} from a query or mutation: the callee runs on the
 * caller's transaction through the whole pipeline (registry, visibility, argument and return checks
 * against the real tables), and a failed nested mutation is a sub-transaction whose writes are undone.
 */
class NestedCallsTest {

    private Jconvex convex;

    /** {@code nest:*}: a notes table, functions to call, and callers that nest them. */
    private static final class NestModule implements ConvexModule {
        @Override
        public String path() {
            return "nest";
        }

        @Override
        public void define(ModuleBuilder m) {
            m.table(TableDefinition.define("notes", v.object(Map.of("text", v.string()))));
            m.table(TableDefinition.define("other", v.object(Map.of())));
            m.internalQuery(
                    "count",
                    FunctionSpec.<QueryHandler>of(
                            v.object(Map.of()),
                            (ctx, a) -> ConvexValue.float64(
                                    ctx.db().query("notes").collect().size())));
            m.internalMutation(
                    "add",
                    FunctionSpec.<MutationHandler>of(
                            v.object(Map.of("text", v.string())),
                            (ctx, a) -> str(ctx.db().insert("notes", ConvexValue.obj(Map.of("text", a.get("text")))))));
            m.internalMutation("addThenFail", FunctionSpec.<MutationHandler>of(v.object(Map.of()), (ctx, a) -> {
                ctx.db().insert("notes", ConvexValue.obj(Map.of("text", str("doomed"))));
                throw new ConvexError(str("NESTED_FAILED"));
            }));
            m.internalQuery(
                    "noteText",
                    FunctionSpec.<QueryHandler>of(
                            v.object(Map.of("id", v.id("notes"))),
                            (ctx, a) -> ctx.db()
                                    .get(((ConvexValue.Str) a.get("id")).value())
                                    .map(d -> d.get("text"))
                                    .orElse(ConvexValue.NULL)));
            m.internalQuery(
                    "badReturn",
                    FunctionSpec.<QueryHandler>of(v.object(Map.of()), v.number(), (ctx, a) -> str("text")));

            // callers
            m.mutation("addAndCount", FunctionSpec.<MutationHandler>of(v.object(Map.of()), (ctx, a) -> {
                ctx.runMutation("nest:add", ConvexValue.obj(Map.of("text", str("one"))));
                return ctx.runQuery("nest:count", ConvexValue.emptyObj());
            }));
            m.mutation("survivesNestedFailure", FunctionSpec.<MutationHandler>of(v.object(Map.of()), (ctx, a) -> {
                ctx.db().insert("notes", ConvexValue.obj(Map.of("text", str("kept"))));
                ctx.db().query("notes").collect(); // an index scan before the nested call
                try {
                    ctx.runMutation("nest:addThenFail", ConvexValue.emptyObj());
                    return str("not thrown");
                } catch (ConvexError e) {
                    return ConvexValue.obj(Map.of(
                            "error", e.data(),
                            "seen",
                                    ConvexValue.float64(
                                            ctx.db().query("notes").collect().size())));
                }
            }));
            m.mutation("textOfOtherTable", FunctionSpec.<MutationHandler>of(v.object(Map.of()), (ctx, a) -> {
                String otherId = ctx.db().insert("other", ConvexValue.emptyObj());
                return ctx.runQuery("nest:noteText", ConvexValue.obj(Map.of("id", str(otherId))));
            }));
            m.query(
                    "callsBadReturn",
                    FunctionSpec.<QueryHandler>of(
                            v.object(Map.of()), (ctx, a) -> ctx.runQuery("nest:badReturn", ConvexValue.emptyObj())));
            m.query(
                    "callsMissing",
                    FunctionSpec.<QueryHandler>of(
                            v.object(Map.of()), (ctx, a) -> ctx.runQuery("nest:missing", ConvexValue.emptyObj())));
        }
    }

    @BeforeEach
    void start() {
        convex = Jconvex.builder()
                .inMemory()
                .discoverModules(false)
                .module(new NestModule())
                .build();
    }

    @AfterEach
    void stop() {
        convex.close();
    }

    private FunctionOutcome call(FunctionCall call) {
        return convex.call(call);
    }

    private static ConvexValue value(FunctionOutcome outcome) {
        assertThat(outcome).isInstanceOf(FunctionOutcome.Success.class);
        return ((FunctionOutcome.Success) outcome).value();
    }

    private static String failure(FunctionOutcome outcome) {
        assertThat(outcome).isInstanceOf(FunctionOutcome.Failure.class);
        return ((FunctionOutcome.Failure) outcome).errorMessage();
    }

    private double count() {
        FunctionCall asAdmin = new FunctionCall(
                "nest:count",
                java.util.Optional.of(FunctionKind.QUERY),
                new ConvexValue.Array(List.of(ConvexValue.emptyObj())),
                Identity.Admin.plain(),
                java.util.Optional.empty());
        return ((ConvexValue.Float64) value(call(asAdmin))).value();
    }

    @Test
    void runQuery_inAMutation_seesTheWritesOfItsNestedMutation() {
        assertThat(value(call(FunctionCall.mutation("nest:addAndCount", ConvexValue.emptyObj()))))
                .isEqualTo(ConvexValue.float64(1));
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void failedNestedMutation_isUndone_whileTheCallersWritesCommit() {
        // the caller catches the nested ConvexError and no longer sees the nested write
        assertThat(value(call(FunctionCall.mutation("nest:survivesNestedFailure", ConvexValue.emptyObj()))))
                .isEqualTo(ConvexValue.obj(Map.of("error", str("NESTED_FAILED"), "seen", ConvexValue.float64(1))));
        // "kept" committed, "doomed" rolled back with the nested mutation
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void nestedArguments_areCheckedAgainstTheRealTables() {
        String message = failure(call(FunctionCall.mutation("nest:textOfOtherTable", ConvexValue.emptyObj())));
        // the real table resolver knows the id's table (TableResolver.NONE would have let it pass)
        assertThat(message)
                .matches(
                        "Uncaught Error: ArgumentValidationError: Found ID \"[a-z0-9]+\" from table `other`, which does"
                                + " not match the table name in validator `v.id\\(\"notes\"\\)`\\.Path: \\.id\n");
    }

    @Test
    void nestedReturnValue_isChecked() {
        assertThat(failure(call(FunctionCall.query("nest:callsBadReturn", ConvexValue.emptyObj()))))
                .isEqualTo("Uncaught Error: ReturnsValidationError: Value does not match validator.\n"
                        + "\nValue: \"text\"\nValidator: v.float64()\n");
    }

    @Test
    void nestedCallOfAMissingFunction_failsTheCaller() {
        assertThat(failure(call(FunctionCall.query("nest:callsMissing", ConvexValue.emptyObj()))))
                .isEqualTo("Uncaught Error: Could not find public function for 'nest:missing'.\n");
    }
}
