package dev.jconvex.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jconvex.execution.ConvexModule;
import dev.jconvex.execution.FunctionCall;
import dev.jconvex.execution.FunctionOutcome;
import dev.jconvex.execution.FunctionSpec;
import dev.jconvex.execution.ModuleBuilder;
import dev.jconvex.execution.MutationHandler;
import dev.jconvex.execution.QueryHandler;
import dev.jconvex.execution.RegisteredFunction;
import dev.jconvex.execution.Visibility;
import dev.jconvex.protocol.FunctionKind;
import dev.jconvex.protocol.FunctionPath;
import dev.jconvex.protocol.Timestamp;
import dev.jconvex.schema.TableDefinition;
import dev.jconvex.server.internal.RuntimeAccess;
import dev.jconvex.validators.v;
import dev.jconvex.values.ConvexValue;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime facade: building, module discovery, storage modes, commit listeners. */
class JconvexTest {

    /** {@code notes:add} and {@code notes:count} over a {@code notes} table. */
    static final class NotesModule implements ConvexModule {
        @Override
        public String path() {
            return "notes";
        }

        @Override
        public void define(ModuleBuilder m) {
            m.table(TableDefinition.define("notes", v.object(Map.of("text", v.string()))));
            m.mutation(
                    "add",
                    FunctionSpec.<MutationHandler>of(
                            v.object(Map.of("text", v.string())),
                            (ctx, a) -> ConvexValue.str(ctx.db().insert("notes", a))));
            m.query(
                    "count",
                    FunctionSpec.<QueryHandler>of(
                            v.object(Map.of()),
                            (ctx, a) -> ConvexValue.float64(
                                    ctx.db().query("notes").collect().size())));
        }
    }

    static ConvexValue.Obj text(String t) {
        return ConvexValue.obj(Map.of("text", ConvexValue.str(t)));
    }

    @Test
    void modulesOnTheClassPath_areFoundByServiceLoader() {
        try (Jconvex convex = Jconvex.builder().inMemory().build()) {
            FunctionOutcome ping =
                    convex.call(FunctionCall.query("discovered/byServiceLoader:ping", ConvexValue.emptyObj()));
            FunctionOutcome byDefault =
                    convex.call(FunctionCall.query("discovered/byServiceLoader", ConvexValue.emptyObj()));

            assertThat(ping)
                    .isInstanceOfSatisfying(
                            FunctionOutcome.Success.class,
                            s -> assertThat(s.value()).isEqualTo(ConvexValue.str("pong")));
            assertThat(byDefault)
                    .isInstanceOfSatisfying(
                            FunctionOutcome.Success.class,
                            s -> assertThat(s.value()).isEqualTo(ConvexValue.str("default export")));
            assertThat(convex.functions())
                    .contains(new RegisteredFunction(
                            FunctionPath.parse("discovered/byServiceLoader:ping"),
                            FunctionKind.QUERY,
                            Visibility.PUBLIC));
        }
    }

    @Test
    void discoveryCanBeTurnedOff() {
        try (Jconvex convex =
                Jconvex.builder().inMemory().discoverModules(false).build()) {
            assertThat(convex.call(FunctionCall.query("discovered/byServiceLoader:ping", ConvexValue.emptyObj())))
                    .isInstanceOfSatisfying(
                            FunctionOutcome.Failure.class,
                            f -> assertThat(f.errorMessage())
                                    .isEqualTo(
                                            "Could not find public function for 'discovered/byServiceLoader:ping'.\n"));
            assertThat(convex.functions()).isEmpty();
        }
    }

    @Test
    void dataDirectory_keepsCommittedDataAcrossRestarts(@TempDir Path dir) {
        Timestamp committed;
        try (Jconvex convex =
                Jconvex.builder().dataDirectory(dir).module(new NotesModule()).build()) {
            FunctionOutcome added = convex.call(FunctionCall.mutation("notes:add", text("hello")));
            committed = ((FunctionOutcome.Success) added).ts();
        }
        try (Jconvex reopened =
                Jconvex.builder().dataDirectory(dir).module(new NotesModule()).build()) {
            FunctionOutcome count = reopened.call(FunctionCall.query("notes:count", ConvexValue.emptyObj()));

            assertThat(((FunctionOutcome.Success) count).value()).isEqualTo(ConvexValue.float64(1));
            assertThat(reopened.latestTimestamp()).isGreaterThanOrEqualTo(committed);
        }
    }

    @Test
    void commitListeners_seeEveryCommit() {
        try (Jconvex convex =
                Jconvex.builder().inMemory().module(new NotesModule()).build()) {
            List<Timestamp> seen = new CopyOnWriteArrayList<>();
            RuntimeAccess.seam(convex).addCommitListener((ts, writes) -> seen.add(ts));

            Timestamp ts = ((FunctionOutcome.Success) convex.call(FunctionCall.mutation("notes:add", text("a")))).ts();

            await().untilAsserted(() -> assertThat(seen).containsExactly(ts));
        }
    }

    @Test
    void conflictingModules_areRejectedAtBuild() {
        assertThatThrownBy(() -> Jconvex.builder()
                        .inMemory()
                        .module(new NotesModule(), new ConvexModule() {
                            @Override
                            public String path() {
                                return "notes.js";
                            }

                            @Override
                            public void define(ModuleBuilder module) {}
                        })
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two modules have the path notes");
    }

    @Test
    void argsValidatorOtherThanObjectOrAny_isRejectedAtBuild() {
        assertThatThrownBy(() -> Jconvex.builder()
                        .inMemory()
                        .discoverModules(false)
                        .module(new ConvexModule() {
                            @Override
                            public String path() {
                                return "bad";
                            }

                            @Override
                            public void define(ModuleBuilder module) {
                                module.query("f", FunctionSpec.<QueryHandler>of(v.string(), (c, a) -> null));
                            }
                        })
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the args validator of bad:f must be v.object(...) or v.any(), not v.string()");
    }

    @Test
    void invalidFunctionNames_areRejectedAtBuild() {
        assertThatThrownBy(() -> Jconvex.builder()
                        .inMemory()
                        .discoverModules(false)
                        .module(new ConvexModule() {
                            @Override
                            public String path() {
                                return "bad";
                            }

                            @Override
                            public void define(ModuleBuilder module) {
                                module.query(
                                        "no-dash", FunctionSpec.<QueryHandler>of(v.object(Map.of()), (c, a) -> null));
                            }
                        })
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Identifier no-dash has invalid character '-'");
    }

    @Test
    void replacingModules_takeThePlaceOfDiscoveredAndExplicitModulesWithTheSamePath() {
        ConvexModule replacement = new ConvexModule() {
            @Override
            public String path() {
                return "discovered/byServiceLoader";
            }

            @Override
            public void define(ModuleBuilder m) {
                m.query(
                        "ping",
                        FunctionSpec.<QueryHandler>of(v.object(Map.of()), (ctx, a) -> ConvexValue.str("replaced")));
            }
        };
        try (Jconvex convex = Jconvex.builder()
                .module(new NotesModule())
                .replacingModules(List.of(replacement))
                .build()) {
            FunctionOutcome ping = convex.call(
                    FunctionCall.of(FunctionKind.QUERY, "discovered/byServiceLoader:ping", ConvexValue.emptyObj()));
            assertThat(ping)
                    .isInstanceOfSatisfying(
                            FunctionOutcome.Success.class,
                            s -> assertThat(s.value()).isEqualTo(ConvexValue.str("replaced")));
            // the replaced module's other functions are gone with it; other modules stay
            assertThat(convex.functions().stream().map(f -> f.path().canonical()))
                    .doesNotContain("discovered/byServiceLoader.js:default")
                    .contains("notes.js:add");
        }
    }
}
