package dev.jconvex.client;

/** A live query subscription; {@link #close()} unsubscribes (idempotent). */
public interface Subscription extends AutoCloseable {
    @Override
    void close();
}
