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

    /** What the comparison of batches found so far. */
    static final class Tally {
        final List<String> differences = new ArrayList<>();
        final Set<String> functionsSeen = new HashSet<>();
        final Set<String> outcomeKinds = new HashSet<>();
        int compared;
        int sequences;
        long javaMillis;
        long oracleMillis;
    }

    @Test
    void javaPortGivesTheSeedsResultsOnEveryGeneratedSequence() throws Exception {
        int operations = Integer.getInteger("oracle.ops", 5_000);
        long seed = Long.getLong("oracle.seed", 20_261_129L);
        int bulkSequences = Integer.getInteger("oracle.bulk", 2);
        int bulkFill = Integer.getInteger("oracle.bulkFill", 5);
        int bulkOps = Integer.getInteger("oracle.bulkOps", 150);
        Path moduleDir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Oracle oracle = Oracle.locate(moduleDir);
        OpGenerator generator = new OpGenerator(seed, 1_780_000_000_000L);

        Tally tally = new Tally();
        for (int done = 0; done < operations; done += OPS_PER_NODE_RUN) {
            compare(
                    oracle,
                    moduleDir,
                    generator.sequences(Math.min(OPS_PER_NODE_RUN, operations - done), OPS_PER_SEQUENCE),
                    tally);
        }
        int regular = tally.compared;

        // List-heavy sequences on namespaces of 10,000+ entries (mutable:list reads in sort order and
        // stops early; the seed collects and sorts everything)
        Tally bulk = new Tally();
        List<OpGenerator.Sequence> bulkBatch = new ArrayList<>();
        for (int i = 0; i < bulkSequences; i++) {
            bulkBatch.add(generator.bulkSequence(bulkFill, bulkOps));
        }
        List<List<Outcome>> bulkResults = bulkBatch.isEmpty() ? List.of() : compare(oracle, moduleDir, bulkBatch, bulk);
        List<String> namespaceSizes = new ArrayList<>();
        for (List<Outcome> results : bulkResults) {
            namespaceSizes.add(
                    results.get(results.size() - 1) instanceof Outcome.Value(ConvexValue v)
                            ? ConvexJson.write(v)
                            : "?");
        }
        long bulkLists = bulkBatch.stream()
                .flatMap(sq -> sq.ops().stream())
                .filter(op -> op.name().equals("list"))
                .count();

        Files.createDirectories(moduleDir.resolve("target/oracle"));
        Files.writeString(
                moduleDir.resolve("target/oracle/differential-report.txt"),
                "seed " + seed + "\noperations compared " + tally.compared + "\ndifferences " + tally.differences.size()
                        + "\njava side ms " + tally.javaMillis
                        + "\nuntil oracle done ms " + tally.oracleMillis + "\noutcome kinds "
                        + new TreeSet<>(tally.outcomeKinds)
                        + "\nlist-heavy sequences " + bulkSequences + " (" + bulkFill + " bulk:insertMany of "
                        + OpGenerator.FILL_BATCH + " entries, then " + bulkOps + " ops)"
                        + "\nlist-heavy operations compared " + bulk.compared + " (" + bulkLists + " lists)"
                        + "\nlist-heavy differences " + bulk.differences.size()
                        + "\nlist-heavy namespace sizes at the end " + namespaceSizes
                        + "\nlist-heavy java side ms " + bulk.javaMillis
                        + "\nlist-heavy until oracle done ms " + bulk.oracleMillis + "\n");
        for (Tally t : List.of(tally, bulk)) {
            assertThat(t.differences.size())
                    .as(
                            "%d differences in %d operations; the first ones:%n%s",
                            t.differences.size(),
                            t.compared,
                            String.join("\n", t.differences.subList(0, Math.min(20, t.differences.size()))))
                    .isZero();
        }
        assertThat(regular).isEqualTo(operations);
        assertThat(bulk.compared).isEqualTo(bulkSequences * (bulkFill + bulkOps + 1));
        assertThat(tally.functionsSeen)
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
            assertThat(tally.outcomeKinds)
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
        if (bulkFill * OpGenerator.FILL_BATCH > 10_500) {
            for (String size : namespaceSizes) {
                assertThat(Double.parseDouble(size))
                        .as("entries in the list-heavy namespace")
                        .isGreaterThan(10_000);
            }
        }
    }

    /**
     * Runs {@code batch} on the seed (one node process) and on the Java port at the same time and
     * adds every difference to {@code tally}; returns the seed's outcomes.
     */
    private static List<List<Outcome>> compare(
            Oracle oracle, Path moduleDir, List<OpGenerator.Sequence> batch, Tally tally) {
        return compare(oracle, moduleDir, batch, tally, JavaSide::run);
    }

    /** {@link #compare} against another implementation of the seed, {@code side}. */
    static List<List<Outcome>> compare(
            Oracle oracle,
            Path moduleDir,
            List<OpGenerator.Sequence> batch,
            Tally tally,
            java.util.function.Function<OpGenerator.Sequence, List<Outcome>> side) {
        // Sequences are independent (each has its own in-memory runtime): run them on every core.
        return compareBatch(
                oracle,
                moduleDir,
                batch,
                tally,
                sequences -> sequences.parallelStream().map(side).toList());
    }

    /** {@link #compare} against a side that runs the whole batch at once ({@code batchSide}). */
    static List<List<Outcome>> compareBatch(
            Oracle oracle,
            Path moduleDir,
            List<OpGenerator.Sequence> batch,
            Tally tally,
            java.util.function.Function<List<OpGenerator.Sequence>, List<List<Outcome>>> batchSide) {
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
        List<List<Outcome>> javaResults = batchSide.apply(batch);
        tally.javaMillis += (System.nanoTime() - start) / 1_000_000;
        List<List<Outcome>> expected = oracleRun.join();
        tally.oracleMillis += (System.nanoTime() - start) / 1_000_000;
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
                tally.compared++;
                tally.functionsSeen.add(op.name());
                tally.outcomeKinds.add(kind(want));
                if (!want.equals(got)) {
                    tally.differences.add("sequence " + (tally.sequences + s) + " op " + i + " " + op.name() + " "
                            + abbreviate(ConvexJson.write(op.args())) + " env " + sequence.env()
                            + "\n  seed: " + abbreviate(render(want)) + "\n  java: " + abbreviate(render(got)));
                }
            }
        }
        tally.sequences += batch.size();
        return expected;
    }

    /** A long result (a list of thousands of entries) cut to its first 2,000 characters. */
    private static String abbreviate(String text) {
        return text.length() <= 2_000 ? text : text.substring(0, 2_000) + "… (" + text.length() + " chars)";
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
