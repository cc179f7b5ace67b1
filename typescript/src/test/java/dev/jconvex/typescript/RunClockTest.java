package dev.jconvex.typescript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The run budget: JavaScript time counts, syscall time does not, and expiry fires once. */
class RunClockTest {

    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger expiries = new AtomicInteger();

    @AfterEach
    void stop() {
        watchdog.shutdownNow();
    }

    private RunClock clock(Duration budget) {
        return new RunClock(watchdog, now::get, budget, expiries::incrementAndGet);
    }

    @Test
    void timeSpentInASyscall_isNotCharged() {
        RunClock clock = clock(Duration.ofMillis(50));
        clock.pause();
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        clock.resume();
        await().during(Duration.ofMillis(150)).atMost(Duration.ofSeconds(2)).until(() -> !clock.expired());
        assertThat(expiries).hasValue(0);
    }

    @Test
    void runningPastTheBudget_expiresOnce() {
        RunClock clock = clock(Duration.ofMillis(50));
        now.addAndGet(Duration.ofMillis(30).toNanos());
        clock.pause();
        clock.resume();
        now.addAndGet(Duration.ofMillis(30).toNanos()); // 60 ms of running time in all
        await().atMost(Duration.ofSeconds(5)).until(clock::expired);
        assertThat(expiries).hasValue(1);
    }

    @Test
    void theRunThread_canStillPauseAndResume_whileTheExpiryWaitsForIt() throws Exception {
        // onExpiry closes the GraalJS context, which waits until the run's thread has left it; that
        // thread may be entering or leaving a syscall (pause/resume) meanwhile, and must not block
        CountDownLatch syscallDone = new CountDownLatch(1);
        AtomicBoolean expiryWaitedForTheRunThread = new AtomicBoolean();
        AtomicReference<RunClock> clock = new AtomicReference<>();
        Thread runThread = Thread.ofPlatform().unstarted(() -> {
            clock.get().pause();
            clock.get().resume();
            syscallDone.countDown();
        });
        clock.set(new RunClock(watchdog, now::get, Duration.ofMillis(20), () -> {
            runThread.start();
            try {
                expiryWaitedForTheRunThread.set(syscallDone.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        now.addAndGet(Duration.ofMillis(30).toNanos());
        await().atMost(Duration.ofSeconds(15)).untilTrue(expiryWaitedForTheRunThread);
        assertThat(clock.get().expired()).isTrue();
    }

    @Test
    void aStoppedClock_neverExpires() {
        RunClock clock = clock(Duration.ofMillis(20));
        clock.stop();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2)).until(() -> !clock.expired());
        assertThat(expiries).hasValue(0);
    }
}
