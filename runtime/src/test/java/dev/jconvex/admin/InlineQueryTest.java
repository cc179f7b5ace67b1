package dev.jconvex.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jconvex.execution.ConvexModule;
import dev.jconvex.execution.FunctionCall;
import dev.jconvex.execution.FunctionOutcome;
import dev.jconvex.execution.FunctionSpec;
import dev.jconvex.execution.ModuleBuilder;
import dev.jconvex.schema.TableDefinition;
import dev.jconvex.server.Jconvex;
import dev.jconvex.server.internal.RuntimeAccess;
import dev.jconvex.validators.v;
import dev.jconvex.values.ConvexValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code npx convex run --inline-query}: the module sources the pinned CLI builds from what a user
 * types ({@link #cliSource}, a port of {@code inlineQueryToQuerySource} in convex 1.48's {@code
 * cli/lib/runTestFunction.js}) evaluate to what Convex would return; the rest is refused with the
 * list of supported forms.
 */
class InlineQueryTest {

    Jconvex convex;
    String firstId;

    /** Table {@code notes {author, n}} with index {@code by_author [author, n]}; three notes. */
    static final class NotesModule implements ConvexModule {
        @Override
        public String path() {
            return "notes";
        }

        @Override
        public void define(ModuleBuilder m) {
            m.table(TableDefinition.define("notes", v.object(Map.of("author", v.string(), "n", v.float64())))
                    .index("by_author", "author", "n"));
            m.mutation(
                    "add",
                    new FunctionSpec<>(
                            Optional.empty(),
                            Optional.empty(),
                            (ctx, args) -> ConvexValue.str(ctx.db().insert("notes", args))));
        }
    }

    @BeforeEach
    void start() {
        convex = Jconvex.builder()
                .inMemory()
                .discoverModules(false)
                .module(new NotesModule())
                .build();
        firstId = add("ann", 1);
        add("bob", 2);
        add("ann", 3);
    }

    @AfterEach
    void stop() {
        convex.close();
    }

    String add(String author, double n) {
        FunctionOutcome out = convex.call(FunctionCall.mutation(
                "notes:add", ConvexValue.obj(Map.of("author", ConvexValue.str(author), "n", ConvexValue.float64(n)))));
        return ((ConvexValue.Str) ((FunctionOutcome.Success) out).value()).value();
    }

    /** What {@code npx convex run --inline-query TEXT} sends as {@code bundle.source}. */
    static String cliSource(String inline) {
        String trimmed = inline.strip();
        String preamble = "import { query, internalQuery } from \"convex:/_system/repl/wrappers.js\";";
        if (trimmed.contains("export default") && trimmed.matches("(?s).*\\b(?:query|internalQuery)\\s*\\(.*")) {
            return preamble + "\n\n" + trimmed;
        }
        boolean expression = !trimmed.contains("\n")
                && !trimmed.matches("^(const|let|var|if|for|while|switch|try|throw|return)\\b.*");
        String body = expression ? "return (" + trimmed.replaceAll(";$", "") + ");" : trimmed;
        return preamble + "\n\nexport default query({\n  handler: async (ctx) => {\n"
                + body.lines()
                        .map(l -> "    " + l)
                        .reduce((a, b) -> a + "\n" + b)
                        .orElse("")
                + "\n  },\n});";
    }

    Object run(String inline) {
        return switch (RuntimeAccess.admin(convex).runInlineQuery(cliSource(inline))) {
            case FunctionOutcome.Success s -> s.value();
            case FunctionOutcome.Failure f -> f.errorMessage();
        };
    }

    static List<Double> ns(Object array) {
        return ((ConvexValue.Array) array)
                .values().stream()
                        .map(d -> ((ConvexValue.Float64) ((ConvexValue.Obj) d).get("n")).value())
                        .toList();
    }

    @Test
    void expressions_asTheCliWrapsThem() {
        assertThat(ns(run("await ctx.db.query(\"notes\").collect()"))).containsExactly(1.0, 2.0, 3.0);
        assertThat(ns(run("await ctx.db.query('notes').order('desc').take(2);")))
                .containsExactly(3.0, 2.0);
        assertThat(run("(await ctx.db.query(\"notes\").collect()).length")).isEqualTo(ConvexValue.float64(3));
        assertThat(run("await ctx.db.get(\"" + firstId + "\")"))
                .isInstanceOfSatisfying(
                        ConvexValue.Obj.class, d -> assertThat(d.get("n")).isEqualTo(ConvexValue.float64(1)));
        assertThat(run("(await ctx.db.query(\"notes\").first())?.author")).isEqualTo(ConvexValue.str("ann"));
        assertThat(run("(await ctx.db.query(\"notes\").withIndex(\"by_author\", q => q.eq(\"author\", \"zed\"))"
                        + ".first())?.author"))
                .isEqualTo(ConvexValue.NULL);
    }

    @Test
    void withIndex_rangeOfEqualitiesAndBounds() {
        assertThat(ns(run("await ctx.db.query(\"notes\").withIndex(\"by_author\", (q) => q.eq(\"author\", \"ann\"))"
                        + ".order(\"desc\").collect()")))
                .containsExactly(3.0, 1.0);
        assertThat(ns(run("await ctx.db.query(\"notes\").withIndex(\"by_author\", q => q.eq(\"author\", \"ann\")"
                        + ".gt(\"n\", 1)).collect()")))
                .containsExactly(3.0);
        assertThat(ns(run("await ctx.db.query(\"notes\").withIndex(\"by_author\").take(1)")))
                .containsExactly(1.0);
    }

    @Test
    void statementsAndModuleSources() {
        assertThat(run("return await ctx.db.query(\"notes\").first();")).isInstanceOf(ConvexValue.Obj.class);
        assertThat(run("export default query({ handler: async (ctx) => { return (await ctx.db.query(\"notes\")"
                        + ".take(10)).length; } });"))
                .isEqualTo(ConvexValue.float64(3));
        assertThat(run("export default query({ handler: async (ctx) => ctx.db.query(\"notes\").unique() })"))
                .asString()
                .startsWith("Uncaught Error: unique() query returned more than one result");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "await ctx.db.query(\"notes\").filter((q) => q.eq(q.field(\"n\"), 1)).collect()",
                "const first = await ctx.db.query(\"notes\").first();\nreturn first;",
                "await ctx.db.insert(\"notes\", {author: \"x\", n: 1})",
                "1 + 1",
                "await ctx.db.query(\"notes\").take(\"two\")",
                "await ctx.db.query(\"notes\").collect() extra",
            })
    void otherJavaScript_isRefused_withTheSupportedForms(String inline) {
        assertThat(run(inline))
                .asString()
                .startsWith("Uncaught Error: " + InlineQuery.UNSUPPORTED + ". Got: ")
                .endsWith("\n");
    }

    @Test
    void databaseErrors_keepConvexsText() {
        assertThat(run("await ctx.db.query(\"notes\").withIndex(\"by_nothing\").collect()"))
                .asString()
                .startsWith("Uncaught Error: ")
                .contains("by_nothing");
    }
}
