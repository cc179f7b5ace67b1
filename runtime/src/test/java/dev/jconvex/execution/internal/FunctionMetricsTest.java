package dev.jconvex.execution.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import dev.jconvex.execution.ConvexModule;
import dev.jconvex.execution.FunctionCall;
import dev.jconvex.execution.FunctionOutcome;
import dev.jconvex.execution.FunctionSpec;
import dev.jconvex.execution.ModuleBuilder;
import dev.jconvex.execution.MutationHandler;
import dev.jconvex.schema.TableDefinition;
import dev.jconvex.server.Jconvex;
import dev.jconvex.values.ConvexValue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** How the runtime classifies calls in {@code jconvex.function.calls}, down to the OCC outcome. */
class FunctionMetricsTest {

    /** {@code race:bump} reads the table, can be held before writing, then inserts. */
    static final class RaceModule implements ConvexModule {
        final AtomicBoolean holdNext = new AtomicBoolean();
        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String path() {
            return "race";
        }

        @Override
        public void define(ModuleBuilder module) {
            module.table(TableDefinition.defineAny("rows"));
            module.mutation("bump", new FunctionSpec<>(Optional.empty(), Optional.empty(), (MutationHandler)
                    (ctx, args) -> {
                        int seen = ctx.db().query("rows").collect().size();
                        if (holdNext.compareAndSet(true, false)) {
                            holding.countDown();
                            try {
                                release.await(30, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                        ctx.db().insert("rows", ConvexValue.obj(Map.of("n", ConvexValue.float64(seen))));
                        return ConvexValue.NULL;
                    }));
        }
    }

    @Test
    void calls_thatLoseEveryOccRetry_countAsOcc_andTheirConflicts() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RaceModule race = new RaceModule();
        FunctionCall bump = FunctionCall.mutation("race:bump", ConvexValue.obj(Map.of()));
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
                Jconvex runtime = Jconvex.builder()
                        .inMemory()
                        .discoverModules(false)
                        .module(race)
                        .meterRegistry(meters)
                        .databaseConfig(db -> db.occMaxRetries(0).exclusiveLastAttempt(false))
                        .build()) {
            race.holdNext.set(true);
            CompletableFuture<FunctionOutcome> loser = CompletableFuture.supplyAsync(() -> runtime.call(bump), threads);
            assertThat(race.holding.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(runtime.call(bump)).isInstanceOf(FunctionOutcome.Success.class);
            race.release.countDown();
            assertThatThrownBy(() -> loser.join())
                    .hasCauseInstanceOf(ConvexException.class)
                    .cause()
                    .satisfies(e -> assertThat(((ConvexException) e).code())
                            .isEqualTo(ErrorCode.OptimisticConcurrencyControlFailure));

            assertThat(count(meters, "success")).isEqualTo(1);
            assertThat(count(meters, "occ")).isEqualTo(1);
            assertThat(count(meters, "system_error")).isZero();
            assertThat(meters.get("jconvex.occ.conflicts")
                            .tag("table", "rows")
                            .counter()
                            .count())
                    .isEqualTo(1);
            assertThat(meters.get("jconvex.occ.retries").counter().count()).isZero();
            assertThat(meters.get("jconvex.function.duration")
                            .tag("path", "race:bump")
                            .timer()
                            .count())
                    .isEqualTo(2);
        }
    }

    private static double count(SimpleMeterRegistry meters, String outcome) {
        return meters.get("jconvex.function.calls")
                .tag("path", "race:bump")
                .tag("kind", "mutation")
                .tag("outcome", outcome)
                .counter()
                .count();
    }
}
