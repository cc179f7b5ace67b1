package dev.jconvex.functions.differential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jconvex.typescript.TypeScriptConfig;
import dev.jconvex.typescript.TypeScriptFunctions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link MutableTypeScriptDifferentialIT} over the wire: the seed's {@code mutable.ts} served as
 * TypeScript by real jconvex servers, called by the official npm {@code ConvexClient} over the
 * WebSocket sync protocol ({@link WebSocketSide}), against the same seed under convex-test: the
 * generated sequences must give identical results, ConvexError data and error messages. So the
 * values, errors and their texts survive the sync protocol's encoding and the client's decoding as
 * they do in-process.
 *
 * <p>GraalJS runs interpreted on a stock JDK, and every op is a WebSocket round trip: the default is
 * a small run, {@code -Doracle.wsOps=N} (default 400) makes a bigger one, {@code
 * -Doracle.wsConcurrency=N} (default 2) sequences run at once. Sequences run with {@code
 * NODE_ENV=test} are left out, as in {@link MutableTypeScriptDifferentialIT}.
 */
class MutableTypeScriptWebSocketDifferentialIT {

    @Test
    void theSeedsTypeScriptOverWebSocketGivesConvexTestsResults() throws Exception {
        int operations = Integer.getInteger("oracle.wsOps", 400);
        int concurrency = Integer.getInteger("oracle.wsConcurrency", 2);
        long seed = Long.getLong("oracle.seed", 20_261_129L);
        Path moduleDir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Oracle oracle = Oracle.locate(moduleDir);
        Path seedFolder = moduleDir.resolve("../conformance/oracle/convex").normalize();
        TypeScriptConfig defaults = TypeScriptConfig.defaults();
        TypeScriptConfig config = new TypeScriptConfig(
                moduleDir.resolve("../typescript/toolchain").normalize(),
                defaults.cacheDirectory(),
                defaults.node(),
                defaults.timeLimit(),
                defaults.warmUpAllowance());
        MutableDifferentialIT.Tally tally = new MutableDifferentialIT.Tally();
        int compared;
        try (TypeScriptFunctions functions = TypeScriptFunctions.load(seedFolder, config)) {
            WebSocketSide side = new WebSocketSide(
                    functions,
                    moduleDir.resolve("target/oracle"),
                    concurrency,
                    Duration.ofMinutes(10).plusMillis(operations * 500L));
            OpGenerator generator = new OpGenerator(seed, 1_780_000_000_000L);
            List<OpGenerator.Sequence> sequences = generator.sequences(operations, 40).stream()
                    .filter(sequence -> !"test".equals(sequence.env().get("NODE_ENV")))
                    .toList();
            compared = sequences.stream()
                    .mapToInt(sequence -> sequence.ops().size())
                    .sum();
            MutableDifferentialIT.compareBatch(oracle, moduleDir, sequences, tally, side::run);
        }
        List<String> first = tally.differences.subList(0, Math.min(20, tally.differences.size()));
        Files.createDirectories(moduleDir.resolve("target/oracle"));
        Files.writeString(
                moduleDir.resolve("target/oracle/differential-websocket-report.txt"),
                "seed " + seed + "\noperations compared " + tally.compared + "\ndifferences "
                        + tally.differences.size() + "\nwebsocket side ms " + tally.javaMillis
                        + "\noutcome kinds " + new java.util.TreeSet<>(tally.outcomeKinds) + "\n"
                        + String.join("\n", first));
        assertThat(tally.differences.size())
                .as(
                        "%d differences in %d operations; the first ones:%n%s",
                        tally.differences.size(), tally.compared, String.join("\n", first))
                .isZero();
        assertThat(tally.compared).isEqualTo(compared).isGreaterThan(operations / 2);
        assertThat(tally.outcomeKinds).contains("value", "validation");
    }
}
