package dev.jconvex.functions.differential;

import dev.jconvex.typescript.TypeScriptFunctions;
import java.util.List;

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
        return JavaSide.run(sequence, builder -> builder.replacingModules(functions.modules()));
    }
}
