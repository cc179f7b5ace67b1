package dev.jconvex.http.internal;

import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * The request-body timeout ({@link HttpTimeouts#requestBody()}): closes the connection when a body
 * is not fully received in time (shorter than its {@code Content-Length}, or trickled in). Answering
 * is pointless then: the client is still sending, not reading.
 *
 * <p>Used on the connection's I/O thread only: start reading the body, {@link #run()} from both
 * receiver callbacks, then {@link #arm}. A body already in the buffer (the common case) completes
 * inside the read, so {@code arm} finds it done and schedules nothing: the hot path pays no timer.
 */
final class BodyDeadline implements Runnable {

    private boolean done;
    private XnioExecutor.@Nullable Key timer;

    /** The body is in (or failed): cancels the timer, or keeps {@link #arm} from starting one. */
    @Override
    public void run() {
        done = true;
        if (timer != null) {
            timer.remove();
            timer = null;
        }
    }

    /** Starts the timer unless the body is already in. */
    void arm(HttpServerExchange exchange, Duration timeout) {
        if (done) {
            return;
        }
        timer = exchange.getIoThread()
                .executeAfter(
                        () -> {
                            if (!done) {
                                IoUtils.safeClose(exchange.getConnection());
                            }
                        },
                        timeout.toMillis(),
                        TimeUnit.MILLISECONDS);
    }
}
