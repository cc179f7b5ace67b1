package dev.jconvex.functions.differential;

import dev.jconvex.errors.ConvexException;
import dev.jconvex.execution.FunctionCall;
import dev.jconvex.execution.FunctionOutcome;
import dev.jconvex.protocol.FunctionKind;
import dev.jconvex.server.Jconvex;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Java port's side: each sequence on a fresh embedded, in-memory runtime that discovers {@code
 * MutableModule} through {@code META-INF/services} (plus the harness's {@link BulkModule}), with the
 * sequence's environment and a clock set to each op's time.
 */
final class JavaSide {

    private static final Pattern UNCAUGHT = Pattern.compile("Uncaught (\\w+): (.*)", Pattern.DOTALL);

    private JavaSide() {}

    static List<Outcome> run(OpGenerator.Sequence sequence) {
        return run(sequence, builder -> builder.module(new BulkModule()));
    }

    /**
     * Runs {@code sequence} on a fresh in-memory runtime with the sequence's environment, a clock set
     * to each op's time and a seeded random source; {@code modules} adds what serves the calls (the
     * Java port here, the seed's TypeScript on {@link TypeScriptSide}).
     */
    static List<Outcome> run(OpGenerator.Sequence sequence, UnaryOperator<Jconvex.Builder> modules) {
        AtomicLong now = new AtomicLong();
        InstantSource clock = () -> Instant.ofEpochMilli(now.get());
        Map<String, String> env = new LinkedHashMap<>();
        sequence.env().forEach((name, value) -> {
            if (value != null) {
                env.put(name, value);
            }
        });
        List<Outcome> outcomes = new ArrayList<>();
        try (Jconvex convex = modules.apply(Jconvex.builder()
                        .inMemory()
                        .env(env)
                        .clock(clock)
                        .random(new SplittableRandom(sequence.ops().size())))
                .build()) {
            for (OpGenerator.Op op : sequence.ops()) {
                now.set(op.now());
                FunctionKind kind = op.kind().equals("query") ? FunctionKind.QUERY : FunctionKind.MUTATION;
                // "set" is mutable:set; a harness function names its module ("bulk:insertMany")
                String path = op.name().contains(":") ? op.name() : "mutable:" + op.name();
                outcomes.add(outcome(() -> convex.call(FunctionCall.of(kind, path, op.args()))));
            }
        }
        return outcomes;
    }

    static Outcome outcome(java.util.function.Supplier<FunctionOutcome> call) {
        FunctionOutcome result;
        try {
            result = call.get();
        } catch (ConvexException e) {
            return new Outcome.PlainError("System:" + e.code(), e.getMessage());
        }
        return switch (result) {
            case FunctionOutcome.Success s -> new Outcome.Value(s.value());
            case FunctionOutcome.Failure f ->
                f.errorData().isPresent() ? new Outcome.ConvexErr(f.errorData().get()) : failure(f.errorMessage());
        };
    }

    /**
     * The outcome of a function that failed without ConvexError data, from its error message as the
     * server words it ({@code "Uncaught Error: ..."}, {@code "ArgumentValidationError: ..."}).
     */
    static Outcome failure(String errorMessage) {
        String message =
                errorMessage.endsWith("\n") ? errorMessage.substring(0, errorMessage.length() - 1) : errorMessage;
        if (isValidationError(message)) {
            return new Outcome.ValidationError();
        }
        Matcher m = UNCAUGHT.matcher(message);
        return m.matches() ? new Outcome.PlainError(m.group(1), m.group(2)) : new Outcome.PlainError("?", message);
    }

    /** Convex's texts for rejected arguments and for a write that does not match the schema. */
    private static boolean isValidationError(String message) {
        return message.startsWith("ArgumentValidationError") || message.contains("does not match the schema");
    }
}
