package dev.jconvex.database.internal;

import static dev.jconvex.database.internal.Values.i;
import static dev.jconvex.database.internal.Values.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jconvex.database.DatabaseConfig;
import dev.jconvex.database.Patch;
import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import dev.jconvex.protocol.Timestamp;
import dev.jconvex.testkit.TestEngine;
import dev.jconvex.values.ConvexValue;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mutations are serializable (spec values-and-validation §8), on a real H2 file with durable acks. */
class ConcurrencyTest {

    /** The engine this class runs on; {@code ConcurrencyPostgresTest} runs it on PostgreSQL. */
    TestEngine engine() {
        return TestEngine.EMBEDDED;
    }

    @TempDir
    Path dir;

    private Database open(DatabaseConfig.Builder config) {
        return Database.open(config.build(), List.of(), InstantSource.system(), new Random(3));
    }

    private static long n(ConvexValue.Obj doc) {
        return ((ConvexValue.Int64) doc.get("n")).value();
    }

    @Test
    void sixteenThreads_x500_readModifyWriteIncrements_endAtExactly8000() throws Exception {
        try (Database db = open(engine().config(dir))) {
            String id = db.mutate(tx -> tx.insert("counters", obj("n", i(0)))).value();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                done.add(pool.submit(() -> {
                    for (int k = 0; k < 500; k++) {
                        db.mutate(tx -> {
                            long n = n(tx.get(id).orElseThrow());
                            tx.patch(id, Patch.of(Map.of("n", i(n + 1))));
                            return null;
                        });
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            try (ReadTransaction r = db.beginRead()) {
                assertThat(n(r.get(id).orElseThrow())).isEqualTo(8000);
            }
        }
    }

    /**
     * Two on-call doctors, both on call. Each mutation reads both rows and goes off call only if the
     * other is still on call. Any serial order leaves exactly one on call; write skew would leave none.
     * Both first attempts are forced to overlap (they meet at a barrier between their reads and
     * their write), so every trial exercises the conflict check.
     */
    @Test
    void writeSkew_neverProducesAnOutcomeNoSerialOrderExplains() throws Exception {
        try (Database db = open(engine().config(dir))) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            for (int trial = 0; trial < 1000; trial++) {
                List<String> ids = db.mutate(tx -> List.of(
                                tx.insert("doctors", obj("onCall", ConvexValue.bool(true))),
                                tx.insert("doctors", obj("onCall", ConvexValue.bool(true)))))
                        .value();
                CyclicBarrier barrier = new CyclicBarrier(2);
                List<Future<?>> both = new ArrayList<>();
                for (int me = 0; me < 2; me++) {
                    String mine = ids.get(me);
                    String other = ids.get(1 - me);
                    AtomicInteger attempts = new AtomicInteger();
                    both.add(pool.submit(() -> db.mutate(tx -> {
                        boolean otherOnCall =
                                tx.get(other).orElseThrow().get("onCall").equals(ConvexValue.bool(true));
                        boolean meOnCall =
                                tx.get(mine).orElseThrow().get("onCall").equals(ConvexValue.bool(true));
                        if (attempts.getAndIncrement() == 0) {
                            meet(barrier);
                        }
                        if (otherOnCall && meOnCall) {
                            tx.patch(mine, Patch.of(Map.of("onCall", ConvexValue.bool(false))));
                        }
                        return null;
                    })));
                }
                for (Future<?> f : both) {
                    f.get(30, TimeUnit.SECONDS);
                }
                try (ReadTransaction r = db.beginRead()) {
                    long onCall = ids.stream()
                            .filter(id -> r.get(id).orElseThrow().get("onCall").equals(ConvexValue.bool(true)))
                            .count();
                    assertThat(onCall).as("trial %d", trial).isEqualTo(1);
                }
            }
            pool.shutdown();
        }
    }

    private static void meet(CyclicBarrier barrier) {
        try {
            barrier.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void conflictOnEveryAttempt_failsWithConvexOccText_afterFourRetries_whenFallbackDisabled() throws Exception {
        try (Database db = open(engine().config(dir)
                .exclusiveLastAttempt(false)
                .occBackoff(Duration.ofMillis(1), Duration.ofMillis(5)))) {
            String id = db.mutate(tx -> tx.insert("counters", obj("n", i(0)))).value();
            ExecutorService other = Executors.newSingleThreadExecutor();
            AtomicInteger attempts = new AtomicInteger();
            assertThatThrownBy(() -> db.mutate(tx -> {
                        attempts.incrementAndGet();
                        long n = n(tx.get(id).orElseThrow());
                        // a concurrent mutation changes what this one read, before it commits
                        await(other.submit(() -> db.mutate(t2 -> {
                            t2.patch(id, Patch.of(Map.of("n", i(n(t2.get(id).orElseThrow()) + 100))));
                            return null;
                        })));
                        tx.patch(id, Patch.of(Map.of("n", i(n + 1))));
                        return null;
                    }))
                    .isInstanceOfSatisfying(
                            ConvexException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.OptimisticConcurrencyControlFailure))
                    .hasMessage("Documents read from or written to the \"counters\" table changed while this mutation"
                            + " was being run and on every subsequent retry. See https://docs.convex.dev/error#1");
            assertThat(attempts).hasValue(5);
            other.shutdown();
            try (ReadTransaction r = db.beginRead()) {
                assertThat(n(r.get(id).orElseThrow())).isEqualTo(500);
            }
        }
    }

    @Test
    void conflictOnEveryAttempt_commitsOnTheExclusiveLastAttempt_byDefault() throws Exception {
        try (Database db = open(engine().config(dir).occBackoff(Duration.ZERO, Duration.ZERO))) {
            String id = db.mutate(tx -> tx.insert("counters", obj("n", i(0)))).value();
            ExecutorService other = Executors.newSingleThreadExecutor();
            AtomicInteger attempts = new AtomicInteger();
            db.mutate(tx -> {
                long n = n(tx.get(id).orElseThrow());
                if (attempts.incrementAndGet() < 5) {
                    await(other.submit(() -> db.mutate(t2 -> {
                        t2.patch(id, Patch.of(Map.of("n", i(n(t2.get(id).orElseThrow()) + 100))));
                        return null;
                    })));
                }
                tx.patch(id, Patch.of(Map.of("n", i(n + 1))));
                return null;
            });
            other.shutdown();
            assertThat(attempts).hasValue(5);
            try (ReadTransaction r = db.beginRead()) {
                assertThat(n(r.get(id).orElseThrow())).isEqualTo(401);
            }
        }
    }

    @Test
    void aQuery_neverWaitsForAMutationBody_evenOnTheExclusiveLastAttempt() throws Exception {
        // occMaxRetries(0): the first attempt is the last, so it holds the committer exclusively
        try (Database db = open(engine().config(dir).occMaxRetries(0))) {
            String id = db.mutate(tx -> tx.insert("c", obj("n", i(1)))).value();
            java.util.concurrent.CountDownLatch inBody = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.atomic.AtomicBoolean exclusive = new java.util.concurrent.atomic.AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<?> mutation = pool.submit(() -> db.mutate(tx -> {
                    exclusive.set(db.committer().commitLock.isHeldByCurrentThread());
                    inBody.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    tx.patch(id, Patch.of(Map.of("n", i(2))));
                    return null;
                }));
                inBody.await();
                Future<ConvexValue> read = pool.submit(() -> {
                    try (ReadTransaction r = db.beginRead()) {
                        return r.get(id).orElseThrow().get("n");
                    }
                });
                // the body is still parked on the latch: the query completes without it
                assertThat(read.get(30, TimeUnit.SECONDS)).isEqualTo(i(1));
                assertThat(exclusive).isTrue();
                release.countDown();
                mutation.get(30, TimeUnit.SECONDS);
                try (ReadTransaction r = db.beginRead()) {
                    assertThat(r.get(id).orElseThrow().get("n")).isEqualTo(i(2));
                }
            } finally {
                release.countDown();
                pool.shutdownNow();
            }
        }
    }

    @Test
    void queries_readOneSnapshot_andTsIsTheLastCommitTheySee() {
        try (Database db = open(engine().config(dir))) {
            db.mutate(tx -> tx.insert("a", obj("n", i(1))));
            Timestamp before = db.latestTimestamp();
            try (ReadTransaction r = db.beginRead()) {
                assertThat(r.ts()).isEqualTo(before);
                assertThat(r.query("a").collect()).hasSize(1);
                db.mutate(tx -> List.of(tx.insert("a", obj()), tx.insert("b", obj())));
                assertThat(r.query("a").collect()).hasSize(1);
                assertThat(r.query("b").collect()).isEmpty();
            }
            assertThat(db.latestTimestamp()).isGreaterThan(before);
        }
    }

    private static void await(Future<?> f) {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
