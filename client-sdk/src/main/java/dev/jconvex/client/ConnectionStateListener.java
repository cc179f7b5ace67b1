package dev.jconvex.client;

/** Told about every change of the sync session's {@link ConnectionState}, in order, on the client's callback thread. */
@FunctionalInterface
public interface ConnectionStateListener {
    void onStateChange(ConnectionState state);
}
