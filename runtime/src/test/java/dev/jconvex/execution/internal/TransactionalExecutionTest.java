package dev.jconvex.execution.internal;

import static dev.jconvex.execution.internal.LabModule.args;
import static dev.jconvex.values.ConvexValue.float64;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jconvex.execution.FunctionCall;
import dev.jconvex.execution.FunctionOutcome;
import dev.jconvex.server.Jconvex;
import dev.jconvex.server.internal.RuntimeAccess;
import dev.jconvex.testkit.TestEngine;
import dev.jconvex.values.ConvexValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Idempotent replay, OCC re-execution and one-snapshot query sets. */
class TransactionalExecutionTest {

    /** The engine this suite runs on; a {@code …PostgresTest} subclass runs it on PostgreSQL. */
    TestEngine engine() {
        return TestEngine.EMBEDDED;
    }

    TestClock clock = new TestClock(Instant.parse("2026-01-02T03:04:05Z"));
    LabModule lab = new LabModule(clock);
    Jconvex convex;

    @BeforeEach
    void start() {
        convex = engine().runtime()
                .clock(clock)
                .module(lab)
                .discoverModules(false)
                .build();
    }

    @AfterEach
    void stop() {
        if (convex != null) { // null when the engine's tests are skipped (no PostgreSQL)
            convex.close();
        }
    }

    @Test
    void mutationWithIdempotencyKey_isNotRunAgain_andReplaysItsOriginalOutcome() {
        FunctionCall call =
                FunctionCall.mutation("lab:counted", args("key", "k")).withIdempotencyKey("session|1");
        FunctionOutcome.Success first = (FunctionOutcome.Success) convex.call(call);
        convex.call(FunctionCall.mutation("lab:set", args("key", "other", "value", float64(0))));

        FunctionOutcome.Success replay = (FunctionOutcome.Success) convex.call(call);

        assertThat(lab.countedRuns).hasValue(1);
        assertThat(replay.value()).isEqualTo(first.value()).isEqualTo(float64(1));
        assertThat(replay.logLines()).isEqualTo(first.logLines()).containsExactly("[LOG] 'run' 1");
        assertThat(replay.ts()).isEqualTo(first.ts()).isLessThan(convex.latestTimestamp());
    }

    @Test
    void concurrentDuplicates_ofOneKey_allReportTheSingleCommittedOutcome() {
        FunctionCall call =
                FunctionCall.mutation("lab:counted", args("key", "k")).withIdempotencyKey("session|7");

        List<FunctionOutcome> outcomes = java.util.stream.IntStream.range(0, 8)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> convex.call(call)))
                .toList()
                .stream()
                .map(CompletableFuture::join)
                .toList();

        assertThat(outcomes).allSatisfy(o -> assertThat(o).isEqualTo(outcomes.getFirst()));
        FunctionOutcome.Success winner = (FunctionOutcome.Success) outcomes.getFirst();
        assertThat(((FunctionOutcome.Success) convex.call(FunctionCall.query("lab:get", args("key", "k")))).value())
                .isEqualTo(winner.value());
    }

    @Test
    void differentIdempotencyKeys_runSeparately() {
        convex.call(FunctionCall.mutation("lab:counted", args("key", "k")).withIdempotencyKey("s|1"));
        convex.call(FunctionCall.mutation("lab:counted", args("key", "k")).withIdempotencyKey("s|2"));
        convex.call(FunctionCall.mutation("lab:counted", args("key", "k")));

        assertThat(lab.countedRuns).hasValue(3);
    }

    @Test
    void failedMutation_isNotRecorded_soARetryRunsIt() {
        FunctionCall failing = FunctionCall.mutation("lab:writeThenConvexError", args("key", "k"))
                .withIdempotencyKey("s|9");
        assertThat(convex.call(failing)).isInstanceOf(FunctionOutcome.Failure.class);
        FunctionCall sameKey =
                FunctionCall.mutation("lab:counted", args("key", "k")).withIdempotencyKey("s|9");

        assertThat(convex.call(sameKey)).isInstanceOf(FunctionOutcome.Success.class);
        assertThat(lab.countedRuns).hasValue(1);
    }

    @Test
    void concurrentIncrements_retryOnConflict_withAFreshConsolePerAttempt() {
        int threads = 8;
        int perThread = 15;
        List<CompletableFuture<List<FunctionOutcome>>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(CompletableFuture.supplyAsync(() -> {
                List<FunctionOutcome> outcomes = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    outcomes.add(convex.call(FunctionCall.mutation("lab:increment", args("key", "n"))));
                }
                return outcomes;
            }));
        }

        List<FunctionOutcome> all =
                workers.stream().flatMap(w -> w.join().stream()).toList();

        assertThat(all).allSatisfy(o -> {
            assertThat(o).isInstanceOf(FunctionOutcome.Success.class);
            assertThat(o.logLines()).containsExactly("[LOG] 'attempt'");
        });
        assertThat(all.stream().map(o -> ((FunctionOutcome.Success) o).value()).distinct())
                .hasSize(threads * perThread);
        assertThat(((FunctionOutcome.Success) convex.call(FunctionCall.query("lab:get", args("key", "n")))).value())
                .isEqualTo(float64(threads * perThread));
    }

    @Test
    void conflict_reRunsTheHandlerOnAFreshSnapshot() {
        convex.call(FunctionCall.mutation("lab:set", args("key", "n", "value", float64(10))));
        java.util.concurrent.atomic.AtomicInteger interfered = new java.util.concurrent.atomic.AtomicInteger();
        lab.interference = () -> {
            if (interfered.getAndIncrement() == 0) {
                CompletableFuture.runAsync(() ->
                                convex.call(FunctionCall.mutation("lab:set", args("key", "n", "value", float64(100)))))
                        .join();
            }
        };

        FunctionOutcome outcome = convex.call(FunctionCall.mutation("lab:incrementWithInterference", args("key", "n")));

        assertThat(interfered).hasValue(2);
        assertThat(((FunctionOutcome.Success) outcome).value()).isEqualTo(float64(101));
    }

    @Test
    void conflictOnEveryAttempt_isASystemError_notAFunctionFailure() {
        try (Jconvex strict = engine().runtime()
                .module(lab)
                .discoverModules(false)
                .databaseConfig(b -> b.occMaxRetries(1).exclusiveLastAttempt(false))
                .build()) {
            strict.call(FunctionCall.mutation("lab:set", args("key", "n", "value", float64(0))));
            java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
            lab.interference = () -> CompletableFuture.runAsync(() -> strict.call(FunctionCall.mutation(
                            "lab:set", args("key", "n", "value", float64(writes.incrementAndGet())))))
                    .join();

            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> strict.call(FunctionCall.mutation("lab:incrementWithInterference", args("key", "n"))))
                    .isInstanceOfSatisfying(
                            dev.jconvex.errors.ConvexException.class,
                            e -> assertThat(e.code())
                                    .isEqualTo(dev.jconvex.errors.ErrorCode.OptimisticConcurrencyControlFailure))
                    .hasMessageContaining("changed while this mutation was being run and on every subsequent retry");
            lab.interference = () -> {};
            assertThat(((FunctionOutcome.Success) strict.call(FunctionCall.query("lab:get", args("key", "n")))).value())
                    .isEqualTo(float64(2));
        }
    }

    @Test
    void runQueries_readsOneSnapshot_whileWritesContinue() throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            int i = 0;
            while (writing.get()) {
                convex.call(FunctionCall.mutation("lab:set", args("key", "k" + i++, "value", float64(i))));
            }
        });
        try {
            for (int round = 0; round < 50; round++) {
                SnapshotResult result = RuntimeAccess.seam(convex)
                        .runQueries(List.of(
                                FunctionCall.query("lab:count", args()),
                                FunctionCall.query("lab:keys", args()),
                                FunctionCall.query("lab:count", args())));

                List<ConvexValue> values = result.runs().stream()
                        .map(r -> {
                            assertThat(r.outcome()).isInstanceOf(FunctionOutcome.Success.class);
                            assertThat(((FunctionOutcome.Success) r.outcome()).ts())
                                    .isEqualTo(result.ts());
                            return ((FunctionOutcome.Success) r.outcome()).value();
                        })
                        .toList();
                double count = ((ConvexValue.Float64) values.get(0)).value();
                assertThat(((ConvexValue.Array) values.get(1)).values()).hasSize((int) count);
                assertThat(values.get(2)).isEqualTo(values.get(0));
                assertThat(result.runs())
                        .allSatisfy(r -> assertThat(r.readSet().tables()).contains("items"));
            }
        } finally {
            writing.set(false);
            writer.get();
        }
    }

    @Test
    void runQueries_givesEachQueryItsOwnReadSet() {
        convex.call(FunctionCall.mutation("lab:set", args("key", "a", "value", float64(1))));

        SnapshotResult result = RuntimeAccess.seam(convex)
                .runQueries(List.of(FunctionCall.query("lab:count", args()), FunctionCall.query("lab:random", args())));

        assertThat(result.runs().get(0).readSet().tables()).containsExactly("items");
        assertThat(result.runs().get(1).readSet().isEmpty()).isTrue();
    }

    @Test
    void runQueries_appliesReadLimitsPerQuery() {
        try (Jconvex limited = engine().runtime()
                .module(new LabModule(clock))
                .discoverModules(false)
                .databaseConfig(b ->
                        b.limits(new dev.jconvex.database.TransactionLimits(3, 1 << 20, 4096, 100, 1 << 20, 1 << 20)))
                .build()) {
            for (String key : List.of("a", "b", "c")) {
                limited.call(FunctionCall.mutation("lab:set", args("key", key, "value", float64(1))));
            }
            FunctionCall count = FunctionCall.query("lab:count", args());

            SnapshotResult result = RuntimeAccess.seam(limited).runQueries(List.of(count, count, count));

            assertThat(result.runs())
                    .allSatisfy(r -> assertThat(r.outcome())
                            .isEqualTo(new FunctionOutcome.Success(float64(3), List.of(), result.ts())));
        }
    }

    @Test
    void runQueries_reportsEachFailureInPlace() {
        SnapshotResult result = RuntimeAccess.seam(convex)
                .runQueries(List.of(
                        FunctionCall.query("lab:count", args()),
                        FunctionCall.query("lab:set", args()),
                        FunctionCall.query("lab:nope", args())));

        assertThat(result.runs()).hasSize(3);
        assertThat(result.runs().get(0).outcome()).isInstanceOf(FunctionOutcome.Success.class);
        assertThat(((FunctionOutcome.Failure) result.runs().get(1).outcome()).errorMessage())
                .isEqualTo("Trying to execute lab.js:set as Query, but it is defined as Mutation.\n");
        assertThat(((FunctionOutcome.Failure) result.runs().get(2).outcome()).errorMessage())
                .isEqualTo("Could not find public function for 'lab:nope'.\n");
    }
}
