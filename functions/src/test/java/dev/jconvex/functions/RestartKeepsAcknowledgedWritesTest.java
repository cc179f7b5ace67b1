package dev.jconvex.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jconvex.execution.FunctionCall;
import dev.jconvex.execution.FunctionOutcome;
import dev.jconvex.server.Jconvex;
import dev.jconvex.values.ConvexValue;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every acknowledged {@code mutable:set} is there after a clean close and reopen of the data directory. */
class RestartKeepsAcknowledgedWritesTest {

    @TempDir
    Path dataDirectory;

    @Test
    void acknowledgedSets_surviveEveryCleanRestart() {
        int written = 0;
        for (int round = 0; round < 15; round++) {
            try (Jconvex runtime =
                    Jconvex.builder().dataDirectory(dataDirectory).build()) {
                assertThat(count(runtime)).as("entries after reopen %d", round).isEqualTo(written);
                for (int i = 0; i < 50; i++) {
                    FunctionOutcome outcome = runtime.call(FunctionCall.mutation(
                            "mutable:set",
                            ConvexValue.obj(Map.of(
                                    "namespace", ConvexValue.str("ns"),
                                    "key", ConvexValue.str("k" + written),
                                    "value", ConvexValue.float64(written)))));
                    assertThat(outcome).isInstanceOf(FunctionOutcome.Success.class);
                    written++;
                }
                assertThat(count(runtime)).isEqualTo(written);
            }
        }
    }

    private static double count(Jconvex runtime) {
        FunctionOutcome outcome = runtime.call(
                FunctionCall.query("mutable:count", ConvexValue.obj(Map.of("namespace", ConvexValue.str("ns")))));
        return ((ConvexValue.Float64) ((FunctionOutcome.Success) outcome).value()).value();
    }
}
