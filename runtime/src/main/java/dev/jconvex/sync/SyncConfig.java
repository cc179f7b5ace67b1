package dev.jconvex.sync;

import dev.jconvex.auth.AuthConfig;
import dev.jconvex.auth.TokenVerifier;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * How the WebSocket sync endpoint behaves: an immutable value built and validated once by {@link
 * Builder#build()}.
 *
 * <p>Defaults ({@link #defaults()}), each from wire-protocol.md §2:
 *
 * <ul>
 *   <li>{@code pingInterval} 15 s: a {@code {"type":"Ping"}} is sent whenever nothing else was sent
 *       for this long (§2.9; the client gives up after 60 s of silence);
 *   <li>{@code idleTimeout} 120 s: the socket is dropped when the peer has sent nothing, not even a
 *       pong, for this long (Convex's {@code CLIENT_TIMEOUT}, §2.9);
 *   <li>{@code maxMessageBytes} 17 MiB: the largest client text message accepted, 16 MiB of
 *       arguments (§2.12, {@code FUNCTION_MAX_ARGS_SIZE}) plus 1 MiB of envelope;
 *   <li>{@code transitionChunkBytes} 5,000,000: a Transition whose JSON is larger is split into
 *       {@code TransitionChunk}s for clients from version 1.28.0 on (§2.12);
 *   <li>{@code outboundQueueBytes} 64 MiB: how many bytes may wait to be written to one socket;
 *       beyond it the client is too slow and is disconnected with close code 1013 so it reconnects
 *       and resynchronises, which bounds its memory and never slows other clients;
 *   <li>{@code maxPendingMutations} 1,000: mutations one socket may queue (§2.7,
 *       {@code OPERATION_QUEUE_BUFFER_SIZE}); beyond it the socket is closed with 1013;
 *   <li>{@code queryCacheSize} 10,000: results of distinct (function, arguments, identity) kept by
 *       the shared query cache;
 *   <li>{@code clock} {@link SyncClock#system()}: the wall clock, the monotonic clock and the timer
 *       the sessions use for pings and token expiry;
 *   <li>{@code adminKey}: decides whether an {@code Authenticate} of type {@code Admin} carries this
 *       deployment's admin key (§2.8); by default no key is accepted.
 * </ul>
 *
 * @param pingInterval idle time after which a Ping message is sent
 * @param idleTimeout time without any inbound traffic after which the socket is closed
 * @param maxMessageBytes largest accepted client message, in bytes
 * @param transitionChunkBytes Transition size above which it is sent in chunks, in bytes
 * @param outboundQueueBytes bytes that may wait to be written to one socket
 * @param maxPendingMutations mutations one socket may have queued
 * @param queryCacheSize entries of the shared query-result cache
 * @param adminKey tells whether a string is the deployment's admin key
 * @param tokens verifies {@code Authenticate{tokenType:"User"}} tokens; by default there are no
 *     auth providers, so every token is refused with an {@code AuthError}, as in Convex
 * @param clock the time sessions live by: pings, token expiry, Transition timestamps
 */
public record SyncConfig(
        Duration pingInterval,
        Duration idleTimeout,
        long maxMessageBytes,
        int transitionChunkBytes,
        long outboundQueueBytes,
        int maxPendingMutations,
        long queryCacheSize,
        Predicate<String> adminKey,
        TokenVerifier tokens,
        SyncClock clock) {

    /** 16 MiB of arguments plus 1 MiB for the message envelope (§2.12). */
    public static final long DEFAULT_MAX_MESSAGE_BYTES = 17L * 1024 * 1024;

    public SyncConfig {
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(adminKey, "adminKey");
        Objects.requireNonNull(tokens, "tokens");
        requirePositive(pingInterval, "pingInterval");
        requirePositive(idleTimeout, "idleTimeout");
        if (idleTimeout.compareTo(pingInterval) <= 0) {
            throw new IllegalArgumentException("idleTimeout must exceed pingInterval");
        }
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 1024, got " + maxMessageBytes);
        }
        if (transitionChunkBytes < 1024) {
            throw new IllegalArgumentException(
                    "transitionChunkBytes must be at least 1024, got " + transitionChunkBytes);
        }
        if (outboundQueueBytes < 1024) {
            throw new IllegalArgumentException("outboundQueueBytes must be at least 1024, got " + outboundQueueBytes);
        }
        if (maxPendingMutations < 1) {
            throw new IllegalArgumentException("maxPendingMutations must be positive, got " + maxPendingMutations);
        }
        if (queryCacheSize < 0) {
            throw new IllegalArgumentException("queryCacheSize must not be negative, got " + queryCacheSize);
        }
    }

    private static void requirePositive(Duration d, String name) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }

    /** The defaults listed above. */
    public static SyncConfig defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder()
                .pingInterval(pingInterval)
                .idleTimeout(idleTimeout)
                .maxMessageBytes(maxMessageBytes)
                .transitionChunkBytes(transitionChunkBytes)
                .outboundQueueBytes(outboundQueueBytes)
                .maxPendingMutations(maxPendingMutations)
                .queryCacheSize(queryCacheSize)
                .adminKey(adminKey)
                .tokens(tokens)
                .clock(clock);
    }

    /** Collects the settings of a {@link SyncConfig}. */
    public static final class Builder {
        private Duration pingInterval = Duration.ofSeconds(15);
        private Duration idleTimeout = Duration.ofMinutes(2);
        private long maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
        private int transitionChunkBytes = 5_000_000;
        private long outboundQueueBytes = 64L * 1024 * 1024;
        private int maxPendingMutations = 1_000;
        private long queryCacheSize = 10_000;
        private Predicate<String> adminKey = key -> false;
        private @Nullable TokenVerifier tokens;
        private SyncClock clock = SyncClock.system();

        private Builder() {}

        /** The time sessions live by (tests pass a clock they move forward). */
        public Builder clock(SyncClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How user tokens are verified (the deployment's auth providers). */
        public Builder tokens(TokenVerifier tokens) {
            this.tokens = Objects.requireNonNull(tokens, "tokens");
            return this;
        }

        public Builder pingInterval(Duration pingInterval) {
            this.pingInterval = pingInterval;
            return this;
        }

        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        public Builder maxMessageBytes(long maxMessageBytes) {
            this.maxMessageBytes = maxMessageBytes;
            return this;
        }

        public Builder transitionChunkBytes(int transitionChunkBytes) {
            this.transitionChunkBytes = transitionChunkBytes;
            return this;
        }

        public Builder outboundQueueBytes(long outboundQueueBytes) {
            this.outboundQueueBytes = outboundQueueBytes;
            return this;
        }

        public Builder maxPendingMutations(int maxPendingMutations) {
            this.maxPendingMutations = maxPendingMutations;
            return this;
        }

        public Builder queryCacheSize(long queryCacheSize) {
            this.queryCacheSize = queryCacheSize;
            return this;
        }

        /** Accepts, as admin keys, exactly the strings {@code isAdminKey} accepts. */
        public Builder adminKey(Predicate<String> isAdminKey) {
            this.adminKey = Objects.requireNonNull(isAdminKey, "isAdminKey");
            return this;
        }

        /** Accepts {@code key} as the admin key when present. */
        public Builder adminKey(Optional<String> key) {
            return adminKey(candidate -> key.isPresent() && key.get().equals(candidate));
        }

        public SyncConfig build() {
            return new SyncConfig(
                    pingInterval,
                    idleTimeout,
                    maxMessageBytes,
                    transitionChunkBytes,
                    outboundQueueBytes,
                    maxPendingMutations,
                    queryCacheSize,
                    adminKey,
                    tokens != null ? tokens : TokenVerifier.create(AuthConfig.none(), Clock.systemUTC()),
                    clock);
        }
    }
}
