package dev.jconvex.execution.internal;

import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import dev.jconvex.execution.FunctionOutcome;
import dev.jconvex.protocol.FunctionKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The meters of function calls, by registered function:
 *
 * <ul>
 *   <li>{@code jconvex.function.calls} {@code {path, kind, outcome}} (Prometheus {@code
 *       jconvex_function_calls_total}): one per call that ended, {@code outcome} being {@code success};
 *       {@code user_error} (the function threw, or its arguments or return value were refused: a
 *       {@link FunctionOutcome.Failure}); {@code occ} (a mutation that lost every OCC retry); {@code
 *       system_error} (anything else the runtime threw, such as the database being unreachable);
 *   <li>{@code jconvex.function.duration} {@code {path, kind}} (Prometheus {@code
 *       jconvex_function_duration_seconds}, a histogram with fixed buckets from 100 µs to 10 s).
 * </ul>
 *
 * <p>{@code path} is the function's canonical path ({@code messages:list}); only registered,
 * non-system functions are counted, so a caller cannot add series by calling made-up paths. The
 * meters of a path are created at its first call and cached: a call costs a map lookup, one counter
 * increment and one timer record.
 */
public final class FunctionMetrics {

    /** How a call ended, as the {@code outcome} tag says it. */
    public enum Outcome {
        SUCCESS,
        USER_ERROR,
        SYSTEM_ERROR,
        OCC;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The outcome of a call that threw {@code error} instead of ending with an outcome. */
        public static Outcome ofThrown(RuntimeException error) {
            return error instanceof ConvexException e && e.code() == ErrorCode.OptimisticConcurrencyControlFailure
                    ? OCC
                    : SYSTEM_ERROR;
        }

        /** The outcome of a call that ended with {@code outcome}. */
        public static Outcome of(FunctionOutcome outcome) {
            return switch (outcome) {
                case FunctionOutcome.Success s -> SUCCESS;
                case FunctionOutcome.Failure f -> USER_ERROR;
            };
        }
    }

    private static final Duration[] BUCKETS = {
        Duration.ofNanos(100_000),
        Duration.ofNanos(250_000),
        Duration.ofNanos(500_000),
        Duration.ofMillis(1),
        Duration.ofNanos(2_500_000),
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofNanos(2_500_000_000L),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10)
    };

    private static final Outcome[] OUTCOMES = Outcome.values();

    /** The slot of {@code outcome}'s counter: {@link PathMeters#calls} holds one per outcome, in order. */
    @SuppressWarnings("EnumOrdinal") // a dense array of counters, filled for every outcome
    private static int index(Outcome outcome) {
        return outcome.ordinal();
    }

    private final MeterRegistry registry;
    private final ConcurrentMap<String, PathMeters> byPath = new ConcurrentHashMap<>();

    /** Meters registered in {@code registry}. */
    public FunctionMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Counts a call of the function at {@code path} that took {@code nanos} and ended as {@code outcome}. */
    public void record(FunctionKind kind, String path, Outcome outcome, long nanos) {
        PathMeters meters = byPath.get(path);
        if (meters == null) {
            meters = byPath.computeIfAbsent(path, p -> new PathMeters(registry, kind, p));
        }
        meters.calls[index(outcome)].increment();
        meters.duration.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One function's meters; the counters in {@link Outcome} order. */
    private static final class PathMeters {
        final Counter[] calls = new Counter[OUTCOMES.length];
        final Timer duration;

        PathMeters(MeterRegistry registry, FunctionKind kind, String path) {
            String kindTag = kind.name().toLowerCase(Locale.ROOT);
            for (Outcome o : OUTCOMES) {
                calls[index(o)] = Counter.builder("jconvex.function.calls")
                        .description("Function calls that ended, by function, kind and outcome")
                        .tag("path", path)
                        .tag("kind", kindTag)
                        .tag("outcome", o.tag())
                        .register(registry);
            }
            duration = Timer.builder("jconvex.function.duration")
                    .description("Time from the start of a function call to its outcome")
                    .tag("path", path)
                    .tag("kind", kindTag)
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry);
        }
    }
}
