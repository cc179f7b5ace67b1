package dev.jconvex.client.store;

/** Client-side argument checks: a bad call fails here, with a clear message, before anything is sent. */
final class Checks {
    /** Convex arrays hold at most 8192 elements (values §1.6), so no list can return more. */
    static final int MAX_LIST_LIMIT = 8192;

    private Checks() {}

    static String namespace(String namespace) {
        return nonBlank(namespace, "namespace");
    }

    static String key(String key) {
        return nonBlank(key, "key");
    }

    static String nonBlank(String value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    /**
     * An increment/decrement amount. The module computes {@code (value || 0) + (amount || 1)}, so 0
     * would silently count as 1: it is rejected together with NaN and the infinities.
     */
    static double amount(double amount) {
        if (!Double.isFinite(amount)) {
            throw new IllegalArgumentException("amount must be a finite number, got " + amount);
        }
        if (amount == 0) {
            throw new IllegalArgumentException(
                    "amount must not be 0 (the mutable module treats a 0 amount as 1); use set to keep a value");
        }
        return amount;
    }

    static int limit(int limit) {
        if (limit < 1 || limit > MAX_LIST_LIMIT) {
            throw new IllegalArgumentException("limit must be in 1.." + MAX_LIST_LIMIT + ", got " + limit);
        }
        return limit;
    }

    static int offset(int offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        }
        return offset;
    }

    static long time(long millis, String name) {
        if (millis < 0) {
            throw new IllegalArgumentException(name + " must be a time in milliseconds since the epoch, got " + millis);
        }
        return millis;
    }
}
