package dev.jconvex.client.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jconvex.client.testing.EmulatorMode;
import dev.jconvex.client.testing.JconvexTest;
import dev.jconvex.values.ConvexValue;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The store contract in embedded mode, plus what only embedded mode promises: an atomic update. */
@JconvexTest(mode = EmulatorMode.EMBEDDED, resetBetweenTests = true)
class MutableStoreEmbeddedTest extends MutableStoreContract {

    @Test
    void update_withAnUpdater_isAtomicInEmbeddedMode(MutableStore store) throws Exception {
        store.set("counters", "n", 0);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<MutableEntry>> results = pool.invokeAll(IntStream.range(0, 64)
                    .<Callable<MutableEntry>>mapToObj(
                            i -> () -> store.update("counters", "n", Double.class, n -> n + 1))
                    .toList());
            for (Future<MutableEntry> f : results) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        // a read-modify-write over two calls would lose updates under this contention
        assertThat(store.get("counters", "n")).contains(ConvexValue.float64(64));
    }
}
