package dev.jconvex.execution;

import dev.jconvex.protocol.FunctionKind;
import dev.jconvex.values.ConvexValue;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to run one function, as a transport hands it to the runtime.
 *
 * @param path the function path exactly as the client sent it ({@code mutable:set}, {@code
 *     mutable.js:set}, {@code mutable}); it is parsed by the runtime (wire-protocol §1.4)
 * @param requiredKind the kind the endpoint expects ({@code /api/query} → query), or empty when any
 *     kind may run ({@code /api/function}, {@code /api/run}); it also selects the "not found" text
 *     (wire-protocol §1.6 (e), (e'))
 * @param args the positional arguments; official clients always send exactly one object
 * @param identity who is calling
 * @param idempotencyKey for mutations: a key that identifies the request across reconnects (the sync
 *     protocol's {@code sessionId|requestId}); a mutation already committed under this key is not run
 *     again, its stored outcome is returned
 * @param requestId the id the transport puts in the error message's {@code [Request ID: …]} prefix;
 *     the server log and {@code npx convex logs} show the call under it. Empty: the runtime picks
 *     one for the log
 */
public record FunctionCall(
        String path,
        Optional<FunctionKind> requiredKind,
        ConvexValue.Array args,
        Identity identity,
        Optional<String> idempotencyKey,
        Optional<String> requestId) {

    public FunctionCall {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(requiredKind, "requiredKind");
        Objects.requireNonNull(args, "args");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(requestId, "requestId");
    }

    /** A call without a request id. */
    public FunctionCall(
            String path,
            Optional<FunctionKind> requiredKind,
            ConvexValue.Array args,
            Identity identity,
            Optional<String> idempotencyKey) {
        this(path, requiredKind, args, identity, idempotencyKey, Optional.empty());
    }

    /** An anonymous call of a function of kind {@code kind} with one argument object. */
    public static FunctionCall of(FunctionKind kind, String path, ConvexValue.Obj args) {
        return new FunctionCall(
                path, Optional.of(kind), new ConvexValue.Array(List.of(args)), Identity.anonymous(), Optional.empty());
    }

    /** An anonymous query call. */
    public static FunctionCall query(String path, ConvexValue.Obj args) {
        return of(FunctionKind.QUERY, path, args);
    }

    /** An anonymous mutation call. */
    public static FunctionCall mutation(String path, ConvexValue.Obj args) {
        return of(FunctionKind.MUTATION, path, args);
    }

    /** An anonymous action call. */
    public static FunctionCall action(String path, ConvexValue.Obj args) {
        return of(FunctionKind.ACTION, path, args);
    }

    /** A copy with another identity. */
    public FunctionCall withIdentity(Identity identity) {
        return new FunctionCall(path, requiredKind, args, identity, idempotencyKey, requestId);
    }

    /** A copy with an idempotency key. */
    public FunctionCall withIdempotencyKey(String key) {
        return new FunctionCall(path, requiredKind, args, identity, Optional.of(key), requestId);
    }

    /** A copy with the request id the transport shows the caller. */
    public FunctionCall withRequestId(String id) {
        return new FunctionCall(path, requiredKind, args, identity, idempotencyKey, Optional.of(id));
    }
}
