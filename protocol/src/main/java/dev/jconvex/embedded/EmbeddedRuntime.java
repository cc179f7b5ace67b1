package dev.jconvex.embedded;

import dev.jconvex.protocol.FunctionKind;
import dev.jconvex.values.ConvexValue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * An in-process jconvex runtime: it runs functions without HTTP, speaks the sync protocol through
 * in-memory channels, and can run caller-supplied code inside one mutation. {@link #close()} stops it
 * and discards its in-memory data.
 */
public interface EmbeddedRuntime extends AutoCloseable {

    /**
     * Runs a public function of kind {@code kind} as an anonymous caller, exactly as {@code POST
     * /api/<kind>} would (same path rules, validation and error texts).
     */
    CompletableFuture<EmbeddedOutcome> call(FunctionKind kind, String path, ConvexValue.Obj args);

    /**
     * Runs {@code body} inside ONE mutation: every query and mutation it calls through its {@link
     * TransactionScope} reads and writes the same serializable transaction, which commits when the body
     * returns and is rolled back entirely when it throws. Conflicting concurrent transactions are
     * retried by the runtime as for any mutation, so the body may run more than once: it must not have
     * side effects outside the scope.
     *
     * <p>If the body, or a function it calls, throws, the transaction is rolled back and the outcome
     * is a {@link EmbeddedOutcome.Failure}, as for any mutation: with the data of a {@code ConvexError},
     * otherwise with the error's message ({@code "Uncaught Error: ..."}).
     */
    CompletableFuture<EmbeddedOutcome> runInMutation(MutationBody body);

    /**
     * Opens an in-memory sync session: {@code toClient} receives each server message (JSON text, as on a
     * WebSocket, wire-protocol §2.4) and {@code onClosed} is called once when the server ends the session.
     */
    SyncChannel openSync(Consumer<String> toClient, Runnable onClosed);

    /**
     * Deletes every document of every table of every module (tables and indexes stay), for a clean
     * deployment between tests; returns how many documents were deleted.
     */
    long clearAll();

    @Override
    void close();

    /** The caller's code run by {@link #runInMutation}. */
    @FunctionalInterface
    interface MutationBody {
        ConvexValue run(TransactionScope scope);
    }

    /**
     * Calls other functions inside the current transaction, as Convex's {@code ctx.runQuery} /
     * {@code ctx.runMutation} would from a mutation: arguments are validated, and a failing function
     * throws its exception (a {@code dev.jconvex.values.ConvexError} keeps its data).
     */
    interface TransactionScope {
        ConvexValue query(String path, ConvexValue.Obj args);

        ConvexValue mutation(String path, ConvexValue.Obj args);
    }

    /** The client end of an in-memory sync session. */
    interface SyncChannel {
        /** Hands one client message (JSON text) to the session. */
        void send(String clientMessage);

        /** Ends the session, as closing a WebSocket would. */
        void close();
    }
}
