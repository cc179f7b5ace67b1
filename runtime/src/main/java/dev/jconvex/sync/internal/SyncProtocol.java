package dev.jconvex.sync.internal;

import dev.jconvex.execution.internal.FunctionRuntime;
import dev.jconvex.sync.SyncConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sync protocol over a runtime, independent of any transport: opens {@link SyncSession}s that
 * share one live-query engine (one execution and one cached result per distinct query, re-run only
 * when a commit touches what it read).
 *
 * <p>The WebSocket endpoint ({@link SyncEndpoint}) is one transport; an in-process client (embedded
 * mode) is another: it calls {@link #open(Consumer)} and exchanges the same JSON messages without a
 * socket. Whoever creates a protocol owns its hub and closes it; nothing is shared behind the
 * caller's back.
 */
public final class SyncProtocol implements AutoCloseable {

    private static final Pattern VERSION = Pattern.compile("(\\d{1,9})\\.(\\d{1,9})(?:\\.\\d+)?.*");

    private final FunctionRuntime runtime;
    private final SyncConfig config;
    private final SubscriptionHub hub;
    private final SyncMetrics metrics;

    private SyncProtocol(FunctionRuntime runtime, SyncConfig config, MeterRegistry meters) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.config = Objects.requireNonNull(config, "config");
        this.metrics = new SyncMetrics(Objects.requireNonNull(meters, "meters"));
        this.hub = new SubscriptionHub(runtime, config, metrics);
    }

    /**
     * The sync protocol of {@code runtime}: one {@link SubscriptionHub} shared by the sessions it
     * opens. The caller owns it and closes it (which stops the hub) before closing the runtime.
     */
    public static SyncProtocol of(FunctionRuntime runtime, SyncConfig config) {
        return new SyncProtocol(runtime, config, new CompositeMeterRegistry());
    }

    /**
     * The sync protocol of {@code runtime}, as {@link #of(FunctionRuntime, SyncConfig)}, with its
     * meters (open sessions, subscriptions, live queries, re-runs: {@link SyncMetrics}) in {@code
     * meters}.
     */
    public static SyncProtocol of(FunctionRuntime runtime, SyncConfig config, MeterRegistry meters) {
        return new SyncProtocol(runtime, config, meters);
    }

    /**
     * Opens a session whose server messages go to {@code outbound} (an in-process client, as the
     * embedded mode and the multi-node tests use); it learns that the session ended from the {@code
     * FatalError} or {@code AuthError} that precedes every protocol-initiated close.
     */
    public SyncSession open(Consumer<String> outbound) {
        Objects.requireNonNull(outbound, "outbound");
        return open(Optional.empty(), new SyncOutbound() {
            @Override
            public void send(String json) {
                outbound.accept(json);
            }

            @Override
            public void close(int code, String reason) {}
        });
    }

    /**
     * Opens a session.
     *
     * @param clientVersion the npm client version from the URL ({@code /api/1.48.0/sync}), if any;
     *     clients from 1.28.0 on get large Transitions in chunks (§2.12)
     * @param outbound where the session's messages go
     */
    public SyncSession open(Optional<String> clientVersion, SyncOutbound outbound) {
        SessionStateMachine session =
                new SessionStateMachine(runtime, config, hub, outbound, supportsChunks(clientVersion), metrics);
        session.start();
        return session;
    }

    /** The live queries of every open session, as the hub last counted them. */
    public LiveQueries liveQueries() {
        return hub.liveQueries();
    }

    /** The configuration in force. */
    public SyncConfig config() {
        return config;
    }

    /** Stops the live-query engine; open sessions stop receiving updates. */
    @Override
    public void close() {
        hub.close();
    }

    /** Whether the client is at least 1.28.0 ({@code MIN_NPM_VERSION_FOR_TRANSITION_CHUNKS}). */
    static boolean supportsChunks(Optional<String> clientVersion) {
        if (clientVersion.isEmpty()) {
            return false;
        }
        Matcher m = VERSION.matcher(clientVersion.get());
        if (!m.matches()) {
            return false;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return major > 1 || (major == 1 && minor >= 28);
    }
}
