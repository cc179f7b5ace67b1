package dev.jconvex.functions.differential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jconvex.typescript.TypeScriptConfig;
import dev.jconvex.typescript.TypeScriptFunctions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The seed's own {@code mutable.ts}, run as TypeScript on jconvex (GraalJS, Convex's syscall
 * interface), against the same seed under the official convex-test backend: the generated sequences
 * of {@link MutableDifferentialIT} must give identical results, ConvexError data and error messages.
 * GraalJS runs interpreted on a stock JDK, so the default is a smaller run: {@code -Doracle.tsOps=N}
 * (default 400).
 *
 * <p>One difference is by design and left out: Convex's bundler inlines {@code process.env.NODE_ENV}
 * as {@code "production"} (so does jconvex's, as Convex's CLI does), while convex-test reads Node's
 * variable; sequences run with {@code NODE_ENV=test} (where the seed's {@code purgeAll} guard reads
 * it) are not compared.
 */
class MutableTypeScriptDifferentialIT {

    @Test
    void theSeedsTypeScriptOnJconvexGivesConvexTestsResults() throws Exception {
        int operations = Integer.getInteger("oracle.tsOps", 400);
        long seed = Long.getLong("oracle.seed", 20_261_129L);
        Path moduleDir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Oracle oracle = Oracle.locate(moduleDir);
        Path seedFolder = moduleDir.resolve("../conformance/oracle/convex").normalize();
        TypeScriptConfig config = TypeScriptConfig.defaults();
        Path toolchain = moduleDir.resolve("../typescript/toolchain").normalize();
        config = new TypeScriptConfig(
                toolchain, config.cacheDirectory(), config.node(), config.timeLimit(), config.warmUpAllowance());
        MutableDifferentialIT.Tally tally = new MutableDifferentialIT.Tally();
        int compared;
        try (TypeScriptFunctions functions = TypeScriptFunctions.load(seedFolder, config)) {
            TypeScriptSide side = new TypeScriptSide(functions);
            OpGenerator generator = new OpGenerator(seed, 1_780_000_000_000L);
            List<OpGenerator.Sequence> sequences = generator.sequences(operations, 40).stream()
                    .filter(sequence -> !"test".equals(sequence.env().get("NODE_ENV")))
                    .toList();
            compared = sequences.stream()
                    .mapToInt(sequence -> sequence.ops().size())
                    .sum();
            MutableDifferentialIT.compare(oracle, moduleDir, sequences, tally, side::run);
        }
        Files.createDirectories(moduleDir.resolve("target/oracle"));
        Files.writeString(
                moduleDir.resolve("target/oracle/differential-typescript-report.txt"),
                "seed " + seed + "\noperations compared " + tally.compared + "\ndifferences "
                        + tally.differences.size() + "\ntypescript side ms " + tally.javaMillis + "\n"
                        + String.join("\n", tally.differences.subList(0, Math.min(20, tally.differences.size()))));
        assertThat(tally.differences.size())
                .as(
                        "%d differences in %d operations; the first ones:%n%s",
                        tally.differences.size(),
                        tally.compared,
                        String.join("\n", tally.differences.subList(0, Math.min(20, tally.differences.size()))))
                .isZero();
        assertThat(tally.compared).isEqualTo(compared).isGreaterThan(operations / 2);
    }
}
