package dev.jconvex.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SyncLink} over {@code java.net.http.WebSocket} to {@code ws(s)://host/api/<version>/sync}
 * (wire-protocol §2.1): text frames of one JSON object each. Sends are chained so that one starts
 * only after the previous completed, as the JDK requires.
 */
final class WebSocketLink implements SyncLink {

    private final WebSocket socket;
    private CompletableFuture<WebSocket> sendChain;

    private WebSocketLink(WebSocket socket) {
        this.socket = socket;
        this.sendChain = CompletableFuture.completedFuture(socket);
    }

    /** Opens links to the sync endpoint of {@code deploymentUrl} (http → ws, https → wss). */
    static SyncLink.Factory factory(HttpClient http, URI deploymentUrl, Duration connectTimeout) {
        String scheme = deploymentUrl.getScheme().equals("https") ? "wss" : "ws";
        URI uri = URI.create(scheme + "://" + deploymentUrl.getRawAuthority() + "/api/"
                + ConvexClient.SYNC_PROTOCOL_VERSION + "/sync");
        return events -> {
            Listener listener = new Listener(events);
            return http.newWebSocketBuilder()
                    .connectTimeout(connectTimeout)
                    .header("Convex-Client", ConvexClient.CLIENT_ID)
                    .buildAsync(uri, listener)
                    .thenApply(WebSocketLink::new);
        };
    }

    @Override
    public synchronized void send(String message) {
        sendChain = sendChain.thenCompose(ws -> ws.sendText(message, true));
        sendChain.exceptionally(e -> {
            socket.abort();
            return null;
        });
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").whenComplete((ws, e) -> socket.abort());
    }

    private static final class Listener implements WebSocket.Listener {
        private final SyncLink.Events events;
        private final StringBuilder partial = new StringBuilder();
        private final AtomicBoolean closed = new AtomicBoolean();

        Listener(SyncLink.Events events) {
            this.events = events;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                events.onMessage(message);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public @Nullable CompletionStage<?> onBinary(WebSocket webSocket, java.nio.ByteBuffer data, boolean last) {
            webSocket.request(1); // the protocol uses text frames only (§2.1)
            return null;
        }

        @Override
        public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (closed.compareAndSet(false, true)) {
                events.onClosed(reason == null || reason.isEmpty() ? "closed with code " + statusCode : reason);
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            if (closed.compareAndSet(false, true)) {
                events.onClosed("closed with error " + error);
            }
        }
    }
}
