package dev.jconvex.functions.differential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jconvex.values.ConvexJson;
import dev.jconvex.values.ConvexValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The proof against the seed: generated operation sequences run on the Java port (embedded,
 * in-memory) and on the seed's own TypeScript under the official convex-test backend, and every
 * result, ConvexError data and plain error message must be identical once ids and creation times are
 * placeholders. {@code -Doracle.ops=100000} scales the run (default 5,000), {@code -Doracle.seed=N}
 * picks another seed. See docs/mutable-port.md.
 */
class MutableDifferentialIT {

    private static final int OPS_PER_SEQUENCE = 40;
    private static final int OPS_PER_NODE_RUN = 25_000;

    @Test
    void javaPortGivesTheSeedsResultsOnEveryGeneratedSequence() throws Exception {
        int operations = Integer.getInteger("oracle.ops", 5_000);
        long seed = Long.getLong("oracle.seed", 20_261_129L);
        Path moduleDir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Oracle oracle = Oracle.locate(moduleDir);
        OpGenerator generator = new OpGenerator(seed, 1_780_000_000_000L);

        List<String> differences = new ArrayList<>();
        Set<String> functionsSeen = new HashSet<>();
        Set<String> outcomeKinds = new HashSet<>();
        int compared = 0;
        long javaMillis = 0;
        long oracleMillis = 0;
        for (int done = 0; done < operations; done += OPS_PER_NODE_RUN) {
            List<OpGenerator.Sequence> batch =
                    generator.sequences(Math.min(OPS_PER_NODE_RUN, operations - done), OPS_PER_SEQUENCE);
            // The node process runs the batch while this JVM runs the same batch on the Java port.
            long start = System.nanoTime();
            CompletableFuture<List<List<Outcome>>> oracleRun = CompletableFuture.supplyAsync(() -> {
                try {
                    return oracle.run(batch, moduleDir.resolve("target/oracle"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            // Sequences are independent (each has its own in-memory runtime): run them on every core.
            List<List<Outcome>> javaResults =
                    batch.parallelStream().map(JavaSide::run).toList();
            javaMillis += (System.nanoTime() - start) / 1_000_000;
            List<List<Outcome>> expected = oracleRun.join();
            oracleMillis += (System.nanoTime() - start) / 1_000_000;
            assertThat(expected).hasSize(batch.size());
            for (int s = 0; s < batch.size(); s++) {
                OpGenerator.Sequence sequence = batch.get(s);
                List<Outcome> actual = javaResults.get(s);
                Placeholders oracleIds = new Placeholders();
                Placeholders javaIds = new Placeholders();
                for (int i = 0; i < sequence.ops().size(); i++) {
                    OpGenerator.Op op = sequence.ops().get(i);
                    Outcome want = oracleIds.apply(expected.get(s).get(i));
                    Outcome got = javaIds.apply(actual.get(i));
                    compared++;
                    functionsSeen.add(op.name());
                    outcomeKinds.add(kind(want));
                    if (!want.equals(got)) {
                        differences.add("sequence " + (done / OPS_PER_SEQUENCE + s) + " op " + i + " " + op.name() + " "
                                + ConvexJson.write(op.args()) + " env " + sequence.env()
                                + "\n  seed: " + render(want) + "\n  java: " + render(got));
                    }
                }
            }
        }

        Files.createDirectories(moduleDir.resolve("target/oracle"));
        Files.writeString(
                moduleDir.resolve("target/oracle/differential-report.txt"),
                "seed " + seed + "\noperations compared " + compared + "\ndifferences " + differences.size()
                        + "\njava side ms " + javaMillis
                        + "\nuntil oracle done ms " + oracleMillis + "\noutcome kinds "
                        + new TreeSet<>(outcomeKinds) + "\n");
        assertThat(differences.size())
                .as(
                        "%d differences in %d operations; the first ones:%n%s",
                        differences.size(),
                        compared,
                        String.join("\n", differences.subList(0, Math.min(20, differences.size()))))
                .isZero();
        assertThat(compared).isEqualTo(operations);
        assertThat(functionsSeen)
                .containsExactlyInAnyOrder(
                        "set",
                        "update",
                        "deleteKey",
                        "purgeNamespace",
                        "transaction",
                        "purgeMany",
                        "get",
                        "exists",
                        "list",
                        "count",
                        "purgeAll");
        if (operations >= 5_000) {
            assertThat(outcomeKinds)
                    .contains(
                            "value",
                            "convexError:MUTABLE_KEY_NOT_FOUND",
                            "convexError:MUTABLE_KEY_NOT_FOUND: <ns>/<key>",
                            "error:Error:MUTABLE_VALUE_NOT_ARRAY",
                            "error:Error:PURGE_DISABLED_IN_PRODUCTION",
                            "error:TypeError:Cannot mix BigInt and other types",
                            "error:Error:BigInt",
                            "error:Error:undefined is not a valid Convex value",
                            "validation");
        }
    }

    private static final List<String> KNOWN_ERRORS = List.of(
            "MUTABLE_VALUE_NOT_ARRAY",
            "PURGE_DISABLED_IN_PRODUCTION",
            "Cannot mix BigInt and other types",
            "BigInt",
            "undefined is not a valid Convex value");

    private static String kind(Outcome outcome) {
        return switch (outcome) {
            case Outcome.Value v -> "value";
            case Outcome.ConvexErr e ->
                e.data() instanceof ConvexValue.Str s
                        ? "convexError:" + (s.value().contains(": ") ? "MUTABLE_KEY_NOT_FOUND: <ns>/<key>" : s.value())
                        : "convexError:" + ConvexJson.write(e.data());
            case Outcome.PlainError p ->
                "error:" + p.name() + ":"
                        + KNOWN_ERRORS.stream()
                                .filter(p.message()::startsWith)
                                .findFirst()
                                .orElse("other");
            case Outcome.ValidationError v -> "validation";
        };
    }

    private static String render(Outcome outcome) {
        return switch (outcome) {
            case Outcome.Value v -> "value " + ConvexJson.write(v.value());
            case Outcome.ConvexErr e -> "ConvexError " + ConvexJson.write(e.data());
            case Outcome.PlainError p -> p.name() + ": " + p.message();
            case Outcome.ValidationError v -> "validation error";
        };
    }
}
