package dev.jconvex.sync.internal;

import dev.jconvex.sync.SyncConfig;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.StreamSinkFrameChannel;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSocketFrameType;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;

/**
 * The WebSocket transport of the sync protocol: an Undertow handler to mount at {@code
 * /api/{version}/sync} and {@code /api/sync} (wire-protocol §2.1). It only adapts frames to a {@link
 * SyncSession}: each text frame goes to {@link SyncSession#receive}, each server message becomes a
 * text frame.
 *
 * <p>Socket settings (§2.9, §2.12): text messages up to {@link SyncConfig#maxMessageBytes()}; an idle
 * timeout of {@link SyncConfig#idleTimeout()} (the session's Pings keep the socket busy meanwhile);
 * and at most {@link SyncConfig#outboundQueueBytes()} of messages waiting to be written, beyond which
 * the client is too slow: it is disconnected with close code 1013 so that its memory stays bounded,
 * other clients are unaffected, and it reconnects and resynchronises from scratch.
 */
public final class SyncEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(SyncEndpoint.class);
    private static final Pattern VERSIONED_PATH = Pattern.compile(".*/api/([^/]+)/sync/?$");

    private SyncEndpoint() {}

    /**
     * The handler for the sync endpoint of {@code protocol}, which the caller owns and closes.
     * Requests that are not WebSocket upgrades get 404 from it; mount it on both sync paths.
     */
    public static HttpHandler handler(SyncProtocol protocol) {
        return Handlers.websocket(new Connections(protocol, protocol.config()));
    }

    /** The npm client version in a sync URL ({@code /api/1.48.0/sync}), if the path has one. */
    static Optional<String> clientVersion(String requestPath) {
        Matcher m = VERSIONED_PATH.matcher(requestPath);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private record Connections(SyncProtocol protocol, SyncConfig config) implements WebSocketConnectionCallback {
        @Override
        public void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel) {
            String path = exchange.getRequestURI();
            int query = path.indexOf('?');
            Optional<String> version = clientVersion(query < 0 ? path : path.substring(0, query));
            channel.setIdleTimeout(config.idleTimeout().toMillis());
            SocketOutbound outbound = new SocketOutbound(channel, config.outboundQueueBytes());
            SyncSession session = protocol.open(version, outbound);
            outbound.onOverflow(session::close);
            channel.addCloseTask(ch -> session.close());
            channel.getReceiveSetter().set(new AbstractReceiveListener() {
                @Override
                protected void onFullTextMessage(WebSocketChannel ch, BufferedTextMessage message) {
                    session.receive(message.getData());
                }

                @Override
                protected long getMaxTextBufferSize() {
                    return config.maxMessageBytes();
                }

                @Override
                protected void onFullBinaryMessage(
                        WebSocketChannel ch, io.undertow.websockets.core.BufferedBinaryMessage message) {
                    message.getData().free();
                    session.receive("binary frames are not part of the protocol");
                }

                @Override
                protected void onError(WebSocketChannel ch, Throwable error) {
                    LOG.debug("sync socket error", error);
                    session.close();
                    IoUtils.safeClose(ch);
                }
            });
            channel.resumeReceives();
        }
    }

    /**
     * Convex closes after {@code FatalError} and {@code AuthError} with a close frame that has no
     * status code (§2.9); Undertow's {@code sendClose} always writes one, so the empty frame is
     * written directly.
     */
    private static void closeWithoutStatus(WebSocketChannel channel) {
        try {
            StreamSinkFrameChannel frame = channel.send(WebSocketFrameType.CLOSE);
            frame.shutdownWrites();
            if (frame.flush()) {
                IoUtils.safeClose(channel);
            } else {
                frame.getWriteSetter()
                        .set(ChannelListeners.flushingChannelListener(
                                ch -> IoUtils.safeClose(channel), (ch, e) -> IoUtils.safeClose(channel)));
                frame.resumeWrites();
            }
        } catch (IOException e) {
            IoUtils.safeClose(channel);
        }
    }

    /** Writes a session's messages to a socket, bounding what may wait to be written. */
    private static final class SocketOutbound implements SyncOutbound {
        private final WebSocketChannel channel;
        private final long limit;
        private final AtomicLong queued = new AtomicLong();
        private final AtomicBoolean closing = new AtomicBoolean();
        private volatile Runnable onOverflow = () -> {};

        /** What to stop when the client falls too far behind: its session, so no more work is done. */
        void onOverflow(Runnable action) {
            this.onOverflow = action;
        }

        SocketOutbound(WebSocketChannel channel, long limit) {
            this.channel = channel;
            this.limit = limit;
        }

        @Override
        public void send(String json) {
            if (closing.get()) {
                return;
            }
            long size = json.length();
            long waiting = queued.getAndAdd(size);
            // One message is always accepted when nothing waits, so memory stays under limit + one message.
            if (waiting > 0 && waiting + size > limit) {
                LOG.warn("sync client too slow: more than {} bytes waiting; disconnecting it", limit);
                close(TRY_AGAIN_LATER, "ClientTooSlow");
                onOverflow.run();
                return;
            }
            WebSockets.sendText(json, channel, new WebSocketCallback<Void>() {
                @Override
                public void complete(WebSocketChannel ch, Void context) {
                    queued.addAndGet(-size);
                }

                @Override
                public void onError(WebSocketChannel ch, Void context, Throwable error) {
                    queued.addAndGet(-size);
                    IoUtils.safeClose(ch);
                }
            });
        }

        private void sendCloseWithoutStatus() {
            closeWithoutStatus(channel);
        }

        @Override
        public void close(int code, String reason) {
            if (!closing.compareAndSet(false, true)) {
                return;
            }
            WebSocketCallback<Void> thenClose = new WebSocketCallback<>() {
                @Override
                public void complete(WebSocketChannel ch, Void context) {
                    IoUtils.safeClose(ch);
                }

                @Override
                public void onError(WebSocketChannel ch, Void context, Throwable error) {
                    IoUtils.safeClose(ch);
                }
            };
            if (code == NO_STATUS_CODE) {
                sendCloseWithoutStatus();
            } else {
                WebSockets.sendClose(new CloseMessage(code, reason), channel, thenClose);
            }
        }
    }
}
