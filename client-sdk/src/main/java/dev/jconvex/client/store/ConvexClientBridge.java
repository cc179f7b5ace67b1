package dev.jconvex.client.store;

import dev.jconvex.client.ConvexCallException;
import dev.jconvex.client.ConvexErrorException;
import dev.jconvex.client.ConvexFunctionException;
import dev.jconvex.client.ConvexRequestException;
import dev.jconvex.client.ConvexTransportException;
import dev.jconvex.embedded.EmbeddedOutcome;
import dev.jconvex.embedded.EmbeddedRuntime;
import dev.jconvex.values.ConvexValue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Runs caller code inside one mutation of an embedded runtime, mapping its outcome to client exceptions. */
final class ConvexClientBridge {
    private ConvexClientBridge() {}

    static CompletableFuture<ConvexValue> runInMutation(EmbeddedRuntime runtime, EmbeddedRuntime.MutationBody body) {
        return runtime.runInMutation(body).handle((outcome, error) -> {
            if (error != null) {
                Throwable cause =
                        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                throw new CompletionException(
                        cause instanceof RuntimeException
                                ? cause
                                : new ConvexTransportException("The embedded runtime failed", cause));
            }
            return switch (outcome) {
                case EmbeddedOutcome.Success s -> s.value();
                case EmbeddedOutcome.Rejected r ->
                    // as HTTP: refused (4xx), or a system error (5xx, e.g. OCC after the last retry)
                    throw new CompletionException(
                            r.status() < 500
                                    ? new ConvexRequestException(r.status(), r.code(), r.message())
                                    : new ConvexTransportException(
                                            "HTTP " + r.status() + ": " + r.code() + ": " + r.message(), null));
                case EmbeddedOutcome.Failure f -> {
                    ConvexCallException e = f.errorData().isPresent()
                            ? new ConvexErrorException(
                                    f.errorMessage(), f.errorData().get(), f.logLines())
                            : new ConvexFunctionException(f.errorMessage(), f.logLines());
                    throw new CompletionException(e);
                }
            };
        });
    }
}
