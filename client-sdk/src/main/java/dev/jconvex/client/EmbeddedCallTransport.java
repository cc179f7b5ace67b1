package dev.jconvex.client;

import dev.jconvex.embedded.EmbeddedOutcome;
import dev.jconvex.embedded.EmbeddedRuntime;
import dev.jconvex.protocol.FunctionKind;
import dev.jconvex.values.ConvexValue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Runs calls in an in-process runtime: no HTTP, the same outcomes and errors. */
final class EmbeddedCallTransport implements CallTransport {

    private final EmbeddedRuntime runtime;

    EmbeddedCallTransport(EmbeddedRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public CompletableFuture<ConvexValue> call(FunctionKind kind, String path, ConvexValue.Obj args) {
        CompletableFuture<EmbeddedOutcome> outcome;
        try {
            outcome = runtime.call(kind, path, args);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new ConvexTransportException("The embedded runtime failed", e));
        }
        return unwrap(outcome);
    }

    /** Turns an outcome into a value or the matching {@link ConvexCallException}. */
    static CompletableFuture<ConvexValue> unwrap(CompletableFuture<EmbeddedOutcome> outcome) {
        return outcome.handle((o, error) -> {
            if (error != null) {
                Throwable cause =
                        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                // a system error outside any function (e.g. write conflicts after the last retry): HTTP 5xx
                throw new CompletionException(
                        cause instanceof ConvexCallException
                                ? cause
                                : new ConvexTransportException("The embedded runtime failed: " + cause, cause));
            }
            return switch (o) {
                case EmbeddedOutcome.Success s -> s.value();
                case EmbeddedOutcome.Rejected r -> throw new CompletionException(rejection(r));
                case EmbeddedOutcome.Failure f ->
                    throw new CompletionException(
                            f.errorData().isPresent()
                                    ? new ConvexErrorException(
                                            f.errorMessage(), f.errorData().get(), f.logLines())
                                    : new ConvexFunctionException(f.errorMessage(), f.logLines()));
            };
        });
    }

    /** The exception {@link HttpCallTransport} raises for the same HTTP answer: 4xx refused, 5xx lost. */
    static ConvexCallException rejection(EmbeddedOutcome.Rejected r) {
        if (r.status() < 500) {
            return new ConvexRequestException(r.status(), r.code(), r.message());
        }
        com.fasterxml.jackson.databind.node.ObjectNode body = Wire.object();
        body.put("code", r.code());
        body.put("message", r.message());
        return new ConvexTransportException("HTTP " + r.status() + ": " + Wire.write(body), null);
    }

    /** Links to in-memory sync sessions of the runtime. */
    static SyncLink.Factory links(EmbeddedRuntime runtime) {
        return events -> {
            EmbeddedRuntime.SyncChannel channel = runtime.openSync(events::onMessage, () -> events.onClosed("closed"));
            return CompletableFuture.completedFuture(new SyncLink() {
                @Override
                public void send(String message) {
                    channel.send(message);
                }

                @Override
                public void close() {
                    channel.close();
                }
            });
        };
    }

    @Override
    public void close() {
        // the runtime belongs to ConvexClient
    }
}
