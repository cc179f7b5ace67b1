package dev.jconvex.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jconvex.database.Patch;
import dev.jconvex.execution.ConvexModule;
import dev.jconvex.execution.FunctionCall;
import dev.jconvex.execution.FunctionOutcome;
import dev.jconvex.execution.FunctionSpec;
import dev.jconvex.execution.ModuleBuilder;
import dev.jconvex.schema.TableDefinition;
import dev.jconvex.server.Jconvex;
import dev.jconvex.validators.v;
import dev.jconvex.values.ConvexValue;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The module shown in the README's "Writing functions in Java", kept compiling and working. */
class CountersModuleTest {

    /** The README's example, verbatim between the markers. */
    // README-BEGIN
    public static final class Counters implements ConvexModule {
        public String path() {
            return "counters";
        }

        public void define(ModuleBuilder m) {
            m.table(TableDefinition.define("counters", v.object(Map.of("name", v.string(), "value", v.number())))
                    .index("by_name", "name"));
            m.mutation("bump", FunctionSpec.of(v.object(Map.of("name", v.string())), (ctx, args) -> {
                ConvexValue name = args.get("name");
                var row = ctx.db()
                        .query("counters")
                        .withIndex("by_name", q -> q.eq("name", name))
                        .unique();
                if (row.isEmpty()) {
                    ctx.db().insert("counters", ConvexValue.obj(Map.of("name", name, "value", ConvexValue.float64(1))));
                    return ConvexValue.float64(1);
                }
                double next = ((ConvexValue.Float64) row.get().get("value")).value() + 1;
                String id = ((ConvexValue.Str) row.get().get("_id")).value();
                ctx.db().patch(id, Patch.of(Map.of("value", ConvexValue.float64(next))));
                return ConvexValue.float64(next);
            }));
        }
    }
    // README-END

    @Test
    void bump_countsPerName() {
        try (Jconvex runtime = Jconvex.builder()
                .inMemory()
                .discoverModules(false)
                .module(new Counters())
                .build()) {
            ConvexValue.Obj a = ConvexValue.obj(Map.of("name", ConvexValue.str("a")));
            runtime.call(FunctionCall.mutation("counters:bump", a));
            FunctionOutcome second = runtime.call(FunctionCall.mutation("counters:bump", a));
            FunctionOutcome other = runtime.call(
                    FunctionCall.mutation("counters:bump", ConvexValue.obj(Map.of("name", ConvexValue.str("b")))));

            assertThat(second)
                    .isInstanceOfSatisfying(
                            FunctionOutcome.Success.class,
                            s -> assertThat(s.value()).isEqualTo(ConvexValue.float64(2)));
            assertThat(other)
                    .isInstanceOfSatisfying(
                            FunctionOutcome.Success.class,
                            s -> assertThat(s.value()).isEqualTo(ConvexValue.float64(1)));
        }
    }
}
