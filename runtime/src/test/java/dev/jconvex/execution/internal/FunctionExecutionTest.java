package dev.jconvex.execution.internal;

import static dev.jconvex.execution.internal.LabModule.args;
import static dev.jconvex.values.ConvexValue.float64;
import static dev.jconvex.values.ConvexValue.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import dev.jconvex.execution.FunctionCall;
import dev.jconvex.execution.FunctionOutcome;
import dev.jconvex.execution.Identity;
import dev.jconvex.execution.RegisteredFunction;
import dev.jconvex.execution.UserIdentity;
import dev.jconvex.execution.Visibility;
import dev.jconvex.protocol.FunctionKind;
import dev.jconvex.protocol.FunctionPath;
import dev.jconvex.server.Jconvex;
import dev.jconvex.testkit.TestEngine;
import dev.jconvex.values.ConvexValue;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Function execution end to end through {@link Jconvex#call}, on a real in-memory database. */
class FunctionExecutionTest {

    /** The engine this suite runs on; a {@code …PostgresTest} subclass runs it on PostgreSQL. */
    TestEngine engine() {
        return TestEngine.EMBEDDED;
    }

    static final Instant START = Instant.parse("2026-01-02T03:04:05.678Z");

    TestClock clock = new TestClock(START);
    LabModule lab = new LabModule(clock);
    Jconvex convex;

    @BeforeEach
    void start() {
        convex = engine().runtime()
                .clock(clock)
                .random(new FixedRandom())
                .env(Map.of("NODE_ENV", "test"))
                .module(lab, new PathsModule(), new PathsModule.Nested())
                .discoverModules(false)
                .build();
    }

    @AfterEach
    void stop() {
        if (convex != null) { // null when the engine's tests are skipped (no PostgreSQL)
            convex.close();
        }
    }

    FunctionOutcome query(String path, ConvexValue.Obj a) {
        return convex.call(FunctionCall.query(path, a));
    }

    FunctionOutcome mutation(String path, ConvexValue.Obj a) {
        return convex.call(FunctionCall.mutation(path, a));
    }

    static ConvexValue value(FunctionOutcome outcome) {
        assertThat(outcome).isInstanceOf(FunctionOutcome.Success.class);
        return ((FunctionOutcome.Success) outcome).value();
    }

    static FunctionOutcome.Failure failure(FunctionOutcome outcome) {
        assertThat(outcome).isInstanceOf(FunctionOutcome.Failure.class);
        return (FunctionOutcome.Failure) outcome;
    }

    /** Returns 0.25 for every double and a fixed long, so tests see exactly what functions drew. */
    static final class FixedRandom implements RandomGenerator {
        @Override
        public long nextLong() {
            return 0x5eed;
        }

        @Override
        public double nextDouble() {
            return 0.25;
        }
    }

    @Nested
    class Environment {
        @Test
        void now_isFrozenForTheWholeExecution_andComesFromTheInjectedClock() {
            ConvexValue times = value(query("lab:frozenTime", args()));

            assertThat(times)
                    .isEqualTo(ConvexValue.array(float64(START.toEpochMilli()), float64(START.toEpochMilli())));
        }

        @Test
        void now_inAMutation_isFrozenToo() {
            ConvexValue times = value(mutation("lab:stampedInsert", args("key", "k")));

            assertThat(times)
                    .isEqualTo(ConvexValue.array(float64(START.toEpochMilli()), float64(START.toEpochMilli())));
            assertThat(value(query("lab:get", args("key", "k")))).isEqualTo(float64(START.toEpochMilli()));
        }

        @Test
        void random_comesFromTheInjectedGenerator() {
            assertThat(value(query("lab:random", args()))).isEqualTo(ConvexValue.array(float64(0.25), float64(0.25)));
        }

        @Test
        void env_readsTheBuilderEnvironment() {
            assertThat(value(query("lab:env", args("name", "NODE_ENV")))).isEqualTo(str("test"));
            assertThat(value(query("lab:env", args("name", "MISSING")))).isEqualTo(ConvexValue.NULL);
            assertThat(convex.environment()).containsExactly(Map.entry("NODE_ENV", "test"));
        }

        @Test
        void identity_isTheCallersUser_andEmptyForAnonymousOrPlainAdmin() {
            UserIdentity alice =
                    new UserIdentity("https://issuer|alice", "alice", "https://issuer", ConvexValue.emptyObj());
            FunctionCall call = FunctionCall.query("lab:whoami", args());

            assertThat(value(convex.call(call))).isEqualTo(ConvexValue.NULL);
            assertThat(value(convex.call(call.withIdentity(new Identity.User(alice)))))
                    .isEqualTo(str("alice"));
            assertThat(value(convex.call(call.withIdentity(Identity.Admin.plain()))))
                    .isEqualTo(ConvexValue.NULL);
            assertThat(value(convex.call(call.withIdentity(new Identity.Admin(Optional.of(alice))))))
                    .isEqualTo(str("alice"));
        }
    }

    @Nested
    class Console {
        @Test
        void logLines_areRenderedAsConvexDoes() {
            FunctionOutcome outcome = query("lab:logs", args("fail", ConvexValue.bool(false)));

            assertThat(value(outcome)).isEqualTo(str("done"));
            assertThat(outcome.logLines())
                    .containsExactly(
                            "[LOG] 'hello' 3",
                            "[INFO] 7n {\n  a: 'b'\n}",
                            "[WARN] 'careful'",
                            "[ERROR] [ 1.5, -0 ]",
                            "[DEBUG] ");
        }

        @Test
        void logLines_areReturnedWithFailuresToo() {
            FunctionOutcome outcome = query("lab:logs", args("fail", ConvexValue.bool(true)));

            assertThat(failure(outcome).errorMessage()).isEqualTo("Uncaught Error: after logging\n");
            assertThat(outcome.logLines()).hasSize(5).first().isEqualTo("[LOG] 'hello' 3");
        }
    }

    @Nested
    class Failures {
        @Test
        void convexError_carriesItsData() {
            FunctionOutcome.Failure f = failure(query("lab:convexError", args()));

            assertThat(f.errorMessage()).isEqualTo("Uncaught ConvexError: MUTABLE_KEY_NOT_FOUND\n");
            assertThat(f.errorData()).contains(str("MUTABLE_KEY_NOT_FOUND"));
        }

        @Test
        void convexError_withObjectData_isStringifiedInTheMessage() {
            FunctionOutcome.Failure f = failure(query("lab:convexErrorObject", args()));

            assertThat(f.errorMessage()).isEqualTo("Uncaught ConvexError: {\"code\":1,\"msg\":\"x\"}\n");
            assertThat(f.errorData()).contains(args("code", float64(1), "msg", "x"));
        }

        @Test
        void otherExceptions_arePlainErrors_withoutData() {
            FunctionOutcome.Failure f = failure(query("lab:plainError", args()));

            assertThat(f.errorMessage()).isEqualTo("Uncaught Error: X\n");
            assertThat(f.errorData()).isEmpty();
        }

        @Test
        void emptyMessage_isFormattedAsConvexFormatsUncaughtErrors() {
            assertThat(failure(query("lab:emptyMessage", args())).errorMessage())
                    .isEqualTo("Uncaught Error\n");
        }

        @Test
        void javaExceptionWithoutMessage_namesItsClass() {
            assertThat(failure(query("lab:noMessage", args())).errorMessage())
                    .isEqualTo("Uncaught Error: IllegalArgumentException\n");
        }

        @Test
        void jsException_keepsItsJavaScriptName() {
            assertThat(failure(query("lab:typeError", args())).errorMessage())
                    .isEqualTo("Uncaught TypeError: Cannot read properties of null (reading 'value')\n");
        }

        @Test
        void stackOverflow_isJavaScriptsRangeError() {
            assertThat(failure(query("lab:recurse", args())).errorMessage())
                    .isEqualTo("Uncaught RangeError: Maximum call stack size exceeded\n");
        }

        @Test
        void databaseErrors_surfaceAsUncaughtErrors_andWriteNothing() {
            FunctionOutcome.Failure f = failure(mutation("lab:schemaViolation", args()));

            assertThat(f.errorMessage())
                    .startsWith("Uncaught Error: Failed to insert or update a document in table \"items\" because it"
                            + " does not match the schema: Object is missing the required field `key`.")
                    .endsWith("\n");
            assertThat(value(query("lab:count", args()))).isEqualTo(float64(0));
        }

        @Test
        void failedMutation_commitsNothing_andKeepsItsLogs() {
            FunctionOutcome.Failure f = failure(mutation("lab:writeThenConvexError", args("key", "k")));

            assertThat(f.errorMessage()).isEqualTo("Uncaught ConvexError: {\"code\":\"123n\"}\n");
            assertThat(f.errorData()).contains(args("code", ConvexValue.int64(123)));
            assertThat(f.logLines()).containsExactly("[LOG] 'wrote'");
            assertThat(value(query("lab:count", args()))).isEqualTo(float64(0));
        }

        @Test
        void returnedNull_isConvexNull() {
            assertThat(value(query("lab:returnsNothing", args()))).isEqualTo(ConvexValue.NULL);
            assertThat(value(query("lab:goodReturn", args()))).isEqualTo(ConvexValue.NULL);
        }

        @Test
        void returnsValidationFailure_rollsBackTheMutation() {
            FunctionOutcome.Failure f = failure(mutation("lab:writeThenBadReturn", args("key", "k")));

            assertThat(f.errorMessage())
                    .isEqualTo(
                            "ReturnsValidationError: Value does not match validator.\n\nValue: 5.0\nValidator: v.string()\n");
            assertThat(value(query("lab:count", args()))).isEqualTo(float64(0));
        }

        @Test
        void returnValueOver16MiB_isReportedWithConvexText() {
            // 17 strings of 1 MiB: 2 + 17 * (2 + 1,048,576) bytes (values §1.6), limit 16 MiB (§5.5)
            assertThat(failure(query("lab:returnsTooMuch", args())).errorMessage())
                    .isEqualTo("Function lab.js:returnsTooMuch return value is too large"
                            + " (actual: 17.00 MiB, limit: 16 MiB)\n");
        }

        @Test
        void invalidReturnValue_isReported() {
            assertThat(failure(query("lab:returnsUndefinedInArray", args())).errorMessage())
                    .isEqualTo("Function lab.js:returnsUndefinedInArray return value invalid: Array length is too long"
                            + " (9000 > maximum length 8192)\n");
        }
    }

    @Nested
    class Arguments {
        @Test
        void missingField_isAnArgumentValidationError() {
            assertThat(failure(query("lab:get", args())).errorMessage())
                    .isEqualTo("ArgumentValidationError: Object is missing the required field `key`. Consider wrapping"
                            + " the field validator in `v.optional(...)` if this is expected.\n\nObject: {}\n"
                            + "Validator: v.object({key: v.string()})\n");
        }

        @Test
        void wrongType_namesThePath() {
            assertThat(failure(query("lab:get", args("key", float64(1)))).errorMessage())
                    .isEqualTo("ArgumentValidationError: Value does not match validator.\nPath: .key\nValue: 1.0\n"
                            + "Validator: v.string()\n");
        }

        @Test
        void extraField_isRejected() {
            assertThat(failure(query("lab:get", args("key", "a", "x", float64(1))))
                            .errorMessage())
                    .isEqualTo("ArgumentValidationError: Object contains extra field `x` that is not in the validator."
                            + "\n\nObject: {key: \"a\", x: 1.0}\nValidator: v.object({key: v.string()})\n");
        }

        @Test
        void notExactlyOneObject_isRejected() {
            FunctionCall two = new FunctionCall(
                    "lab:get",
                    Optional.of(FunctionKind.QUERY),
                    ConvexValue.array(args(), args()),
                    Identity.anonymous(),
                    Optional.empty());
            FunctionCall notObject = new FunctionCall(
                    "lab:get",
                    Optional.of(FunctionKind.QUERY),
                    ConvexValue.array(str("x")),
                    Identity.anonymous(),
                    Optional.empty());

            assertThat(failure(convex.call(two)).errorMessage())
                    .isEqualTo(
                            "ArgumentValidationError: Expected to receive a single object as the function's argument."
                                    + " Instead received 2 arguments: [{}, {}]\n");
            assertThat(failure(convex.call(notObject)).errorMessage())
                    .isEqualTo("ArgumentValidationError: Expected to receive an object as the function's argument."
                            + " Instead received: \"x\"\n");
        }

        @Test
        void withoutValidator_argumentsPassThrough() {
            assertThat(value(mutation("lab:unvalidated", args("anything", float64(2)))))
                    .isEqualTo(args("anything", float64(2)));
        }

        @Test
        void oversizedArguments_areRejectedBeforeRunning() {
            String big = "x".repeat(16 * 1024 * 1024);

            assertThat(failure(mutation("lab:set", args("key", big, "value", float64(1))))
                            .errorMessage())
                    .isEqualTo("Arguments for lab.js:set are too large (actual: 16.00 MiB, limit: 16 MiB)\n");
            assertThat(value(query("lab:count", args()))).isEqualTo(float64(0));
        }
    }

    @Nested
    class Resolution {
        @Test
        void unknownFunction_withKind_isNotFoundPublic() {
            assertThat(failure(query("lab:nope", args())).errorMessage())
                    .isEqualTo("Could not find public function for 'lab:nope'.\n");
            assertThat(failure(query("nomodule", args())).errorMessage())
                    .isEqualTo("Could not find public function for 'nomodule'.\n");
        }

        @Test
        void unknownFunction_anyKind_suggestsConvexDev() {
            FunctionCall call = new FunctionCall(
                    "lab.js:nope",
                    Optional.empty(),
                    ConvexValue.array(args()),
                    Identity.Admin.plain(),
                    Optional.empty());

            assertThat(failure(convex.call(call)).errorMessage())
                    .isEqualTo("Could not find function for 'lab:nope'. Did you forget to run `npx convex dev`?\n");
        }

        @Test
        void wrongKind_namesBothKinds() {
            assertThat(failure(query("lab:set", args())).errorMessage())
                    .isEqualTo("Trying to execute lab.js:set as Query, but it is defined as Mutation.\n");
            assertThat(failure(mutation("lab:get", args("key", "k"))).errorMessage())
                    .isEqualTo("Trying to execute lab.js:get as Mutation, but it is defined as Query.\n");
            assertThat(failure(convex.call(FunctionCall.action("lab:get", args())))
                            .errorMessage())
                    .isEqualTo("Trying to execute lab.js:get as Action, but it is defined as Query.\n");
        }

        @Test
        void anyKind_runsWhateverTheFunctionIs() {
            FunctionCall call = new FunctionCall(
                    "lab:set",
                    Optional.empty(),
                    ConvexValue.array(args("key", "k", "value", float64(3))),
                    Identity.anonymous(),
                    Optional.empty());

            assertThat(convex.call(call)).isInstanceOf(FunctionOutcome.Success.class);
            assertThat(value(query("lab:get", args("key", "k")))).isEqualTo(float64(3));
        }

        @Test
        void everyPathForm_reachesTheSameFunction() {
            assertThat(value(query("lab:get", args("key", "none")))).isEqualTo(ConvexValue.NULL);
            assertThat(value(query("lab.js:get", args("key", "none")))).isEqualTo(ConvexValue.NULL);
            assertThat(value(query("paths", args()))).isEqualTo(str("default export"));
            assertThat(value(query("paths.js:default", args()))).isEqualTo(str("default export"));
            assertThat(value(query("dir/sub/file:fn", args()))).isEqualTo(str("nested module"));
        }

        @Test
        void invalidPath_isARequestError() {
            assertThatThrownBy(() -> query("lab.ts:get", args()))
                    .isInstanceOfSatisfying(
                            ConvexException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.BadConvexFunctionIdentifier))
                    .hasMessage("lab.ts:get is not a valid path to a Convex function. Module path (lab.ts) has an"
                            + " extension that isn't 'js'.");
        }

        @Test
        void internalFunction_isNotFoundForPublicCallers() {
            assertThat(failure(query("lab:secret", args())).errorMessage())
                    .isEqualTo("Could not find public function for 'lab:secret'.\n");
            UserIdentity user = new UserIdentity("i|u", "u", "i", ConvexValue.emptyObj());
            assertThat(failure(convex.call(
                                    FunctionCall.query("lab:secret", args()).withIdentity(new Identity.User(user))))
                            .errorMessage())
                    .isEqualTo("Could not find public function for 'lab:secret'.\n");
            FunctionCall anyKind = new FunctionCall(
                    "lab:secret", Optional.empty(), ConvexValue.array(args()), Identity.anonymous(), Optional.empty());
            assertThat(failure(convex.call(anyKind)).errorMessage())
                    .isEqualTo("Could not find function for 'lab:secret'. Did you forget to run `npx convex dev`?\n");
        }

        @Test
        void internalFunction_runsForAdmins() {
            assertThat(value(
                            convex.call(FunctionCall.query("lab:secret", args()).withIdentity(Identity.Admin.plain()))))
                    .isEqualTo(str("s3cret"));
        }

        @Test
        void functions_listsEveryRegisteredFunction() {
            assertThat(convex.functions())
                    .contains(
                            new RegisteredFunction(
                                    FunctionPath.parse("lab:set"), FunctionKind.MUTATION, Visibility.PUBLIC),
                            new RegisteredFunction(
                                    FunctionPath.parse("lab:secret"), FunctionKind.QUERY, Visibility.INTERNAL),
                            new RegisteredFunction(
                                    FunctionPath.parse("lab:orchestrate"), FunctionKind.ACTION, Visibility.PUBLIC),
                            new RegisteredFunction(FunctionPath.parse("paths"), FunctionKind.QUERY, Visibility.PUBLIC));
        }
    }

    @Nested
    class Actions {
        @Test
        void action_runsMutationsAndQueries_includingInternalOnes_withTheCallersIdentity() {
            UserIdentity bob = new UserIdentity("i|bob", "bob", "i", ConvexValue.emptyObj());
            FunctionCall call = FunctionCall.action("lab:orchestrate", args("key", "k", "value", float64(9)))
                    .withIdentity(new Identity.User(bob));

            FunctionOutcome outcome = convex.call(call);

            assertThat(value(outcome)).isEqualTo(ConvexValue.array(float64(9), str("s3cret"), str("bob")));
            assertThat(outcome.logLines()).containsExactly("[LOG] 'action start'");
            assertThat(value(query("lab:get", args("key", "k")))).isEqualTo(float64(9));
        }

        @Test
        void action_canCallActions() {
            assertThat(value(convex.call(FunctionCall.action("lab:nested", args("key", "n", "value", float64(1))))))
                    .isEqualTo(ConvexValue.array(float64(1), str("s3cret"), ConvexValue.NULL));
        }

        @Test
        void failingMutation_inAnAction_rethrowsItsConvexError_andCommitsNothing() {
            FunctionOutcome.Failure f =
                    failure(convex.call(FunctionCall.action("lab:callsFailingMutation", args("key", "k"))));

            assertThat(f.errorMessage()).isEqualTo("Uncaught ConvexError: {\"code\":\"123n\"}\n");
            assertThat(f.errorData()).contains(args("code", ConvexValue.int64(123)));
            assertThat(f.logLines()).containsExactly("[LOG] 'wrote'");
            assertThat(value(query("lab:count", args()))).isEqualTo(float64(0));
        }

        @Test
        void failingQuery_inAnAction_isAnError_carryingTheCalleesText() {
            assertThat(failure(convex.call(FunctionCall.action("lab:callsPlainError", args())))
                            .errorMessage())
                    .isEqualTo("Uncaught Error: Uncaught Error: X\n");
            assertThat(failure(convex.call(FunctionCall.action("lab:callsWrongKind", args())))
                            .errorMessage())
                    .isEqualTo(
                            "Uncaught Error: Trying to execute lab.js:set as Query, but it is defined as Mutation.\n");
        }
    }

    @Nested
    class Timestamps {
        @Test
        void mutation_returnsItsCommitTimestamp_andQueries_theirSnapshot() {
            FunctionOutcome.Success set =
                    (FunctionOutcome.Success) mutation("lab:set", args("key", "k", "value", float64(1)));
            FunctionOutcome.Success read = (FunctionOutcome.Success) query("lab:get", args("key", "k"));

            assertThat(set.ts()).isEqualTo(convex.latestTimestamp());
            assertThat(read.ts()).isEqualTo(set.ts());
        }

        @Test
        void readOnlyMutation_returnsTheLatestTimestamp() {
            mutation("lab:set", args("key", "k", "value", float64(1)));
            FunctionOutcome.Success readOnly = (FunctionOutcome.Success) mutation("lab:unvalidated", args());

            assertThat(readOnly.ts()).isEqualTo(convex.latestTimestamp());
        }
    }

    @Test
    void callAsync_runsOnAVirtualThread() throws Exception {
        FunctionOutcome outcome = convex.callAsync(FunctionCall.query("lab:onVirtualThread", args()))
                .get();

        assertThat(value(outcome)).isEqualTo(ConvexValue.bool(true));
    }

    @Test
    void callAsync_failsTheFutureForRequestErrors() {
        assertThat(convex.callAsync(FunctionCall.query("bad path!", args())))
                .failsWithin(java.time.Duration.ofSeconds(10))
                .withThrowableThat()
                .havingRootCause()
                .isInstanceOf(ConvexException.class);
    }

    static List<String> keys(ConvexValue v) {
        return ((ConvexValue.Array) v)
                .values().stream().map(x -> ((ConvexValue.Str) x).value()).toList();
    }
}
