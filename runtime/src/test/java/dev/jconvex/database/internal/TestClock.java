package dev.jconvex.database.internal;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move by hand; starts at 2026-01-01T00:00:00Z. */
final class TestClock implements InstantSource {
    private final AtomicLong nanos = new AtomicLong(1_767_225_600_000_000_000L);

    @Override
    public Instant instant() {
        long n = nanos.get();
        return Instant.ofEpochSecond(n / 1_000_000_000L, n % 1_000_000_000L);
    }

    void advanceMillis(long ms) {
        nanos.addAndGet(ms * 1_000_000L);
    }
}
