package dev.jconvex.sync;

import dev.jconvex.server.Jconvex;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sync protocol over a runtime, independent of any transport: opens {@link SyncSession}s that
 * share one live-query engine (one execution and one cached result per distinct query, re-run only
 * when a commit touches what it read).
 *
 * <p>The WebSocket endpoint ({@link SyncEndpoint}) is one transport; an in-process client (embedded
 * mode) is another: it calls {@link #open(Jconvex, SyncConfig, Consumer)} and exchanges the same
 * JSON messages without a socket.
 */
public final class SyncProtocol implements AutoCloseable {

    /**
     * One engine per runtime. Weak on both sides: a closed, unreferenced runtime and its engine are
     * collected (the engine holds no thread while idle).
     */
    private static final Map<Jconvex, WeakReference<SyncProtocol>> SHARED = new WeakHashMap<>();

    private static final Pattern VERSION = Pattern.compile("(\\d{1,9})\\.(\\d{1,9})(?:\\.\\d+)?.*");

    private final Jconvex runtime;
    private final SyncConfig config;
    private final SubscriptionHub hub;

    private SyncProtocol(Jconvex runtime, SyncConfig config) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.config = Objects.requireNonNull(config, "config");
        this.hub = new SubscriptionHub(runtime, config);
    }

    /**
     * The protocol engine of {@code runtime}, created on first use: every transport of one runtime
     * shares it, so their subscribers share query executions. The configuration of the first call
     * wins.
     */
    public static SyncProtocol of(Jconvex runtime, SyncConfig config) {
        synchronized (SHARED) {
            WeakReference<SyncProtocol> existing = SHARED.get(runtime);
            SyncProtocol protocol = existing == null ? null : existing.get();
            if (protocol == null) {
                protocol = new SyncProtocol(runtime, config);
                SHARED.put(runtime, new WeakReference<>(protocol));
            }
            return protocol;
        }
    }

    /** Opens an in-process session whose server messages go to {@code outbound} (embedded mode). */
    public static SyncSession open(Jconvex runtime, SyncConfig config, Consumer<String> outbound) {
        Objects.requireNonNull(outbound, "outbound");
        return of(runtime, config).open(Optional.empty(), new SyncOutbound() {
            @Override
            public void send(String json) {
                outbound.accept(json);
            }

            @Override
            public void close(int code, String reason) {
                // An in-process client learns that the session ended from the FatalError or AuthError
                // message that precedes every protocol-initiated close.
            }
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
        Session session = new Session(runtime, config, hub, outbound, supportsChunks(clientVersion));
        session.start();
        return session;
    }

    /** The configuration in force. */
    public SyncConfig config() {
        return config;
    }

    /** Stops the live-query engine; open sessions stop receiving updates. */
    @Override
    public void close() {
        synchronized (SHARED) {
            WeakReference<SyncProtocol> existing = SHARED.get(runtime);
            if (existing != null && existing.get() == this) {
                SHARED.remove(runtime);
            }
        }
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
