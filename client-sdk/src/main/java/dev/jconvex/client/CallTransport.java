package dev.jconvex.client;

import dev.jconvex.protocol.FunctionKind;
import dev.jconvex.values.ConvexValue;
import java.util.concurrent.CompletableFuture;

/** One way of running a function call: HTTP, the WebSocket sync session, or an in-process runtime. */
interface CallTransport extends AutoCloseable {

    /**
     * Runs {@code path} with {@code args}. The future fails with a {@link ConvexCallException}
     * subclass, never with another exception type.
     */
    CompletableFuture<ConvexValue> call(FunctionKind kind, String path, ConvexValue.Obj args);

    @Override
    void close();
}
