package dev.jconvex.functions.differential;

import dev.jconvex.execution.FunctionCall;
import dev.jconvex.protocol.FunctionKind;
import dev.jconvex.server.Jconvex;
import dev.jconvex.typescript.TypeScriptFunctions;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The seed's own TypeScript ({@code conformance/oracle/convex}: mutable.ts, bulk.ts, schema.ts) on
 * jconvex's GraalJS runtime: each sequence on a fresh embedded, in-memory runtime where the
 * TypeScript modules replace the Java port, with the sequence's environment and a clock set to each
 * op's time, as {@link JavaSide} runs the port.
 */
final class TypeScriptSide {

    private final TypeScriptFunctions functions;

    TypeScriptSide(TypeScriptFunctions functions) {
        this.functions = functions;
    }

    List<Outcome> run(OpGenerator.Sequence sequence) {
        AtomicLong now = new AtomicLong();
        InstantSource clock = () -> Instant.ofEpochMilli(now.get());
        Map<String, String> env = new LinkedHashMap<>();
        sequence.env().forEach((name, value) -> {
            if (value != null) {
                env.put(name, value);
            }
        });
        List<Outcome> outcomes = new ArrayList<>();
        try (Jconvex convex = Jconvex.builder()
                .inMemory()
                .env(env)
                .clock(clock)
                .random(new SplittableRandom(sequence.ops().size()))
                .replacingModules(functions.modules())
                .build()) {
            for (OpGenerator.Op op : sequence.ops()) {
                now.set(op.now());
                FunctionKind kind = op.kind().equals("query") ? FunctionKind.QUERY : FunctionKind.MUTATION;
                String path = op.name().contains(":") ? op.name() : "mutable:" + op.name();
                outcomes.add(JavaSide.outcome(() -> convex.call(FunctionCall.of(kind, path, op.args()))));
            }
        }
        return outcomes;
    }
}
