package dev.jconvex.client;

/**
 * Receives a subscribed query's results. {@link #onUpdate} is called with the current value as soon
 * as the deployment has computed it, then once per change (a result equal to the previous one is not
 * delivered again). Calls are made one at a time, in order, on the client's callback thread: do not
 * block in them for long.
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
