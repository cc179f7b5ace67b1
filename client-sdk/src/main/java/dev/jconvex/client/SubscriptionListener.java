package dev.jconvex.client;

/**
 * Receives a subscribed query's results. {@link #onUpdate} is called with the current value as soon
 * as the deployment has computed it, then once per change (a result equal to the previous one is not
 * delivered again). As with every Convex client, the deployment may fold several quick commits into
 * one update, so intermediate states can be skipped; the last value delivered is always the latest
 * one. Calls are made one at a time, in order, on the client's callback thread: do not block in them
 * for long. An exception thrown by a listener is logged and does not stop later deliveries.
 *
 * @param <T> the type results are mapped to
 */
public interface SubscriptionListener<T> {

    /** A new result of the query. */
    void onUpdate(T value);

    /**
     * The query failed ({@link ConvexErrorException} or {@link ConvexFunctionException}); a later
     * change may bring {@link #onUpdate} again. Also called with a {@link ConvexTransportException} if
     * the subscription can never deliver again (the client got a {@code FatalError}). The default
     * ignores errors.
     */
    default void onError(ConvexCallException error) {}
}
