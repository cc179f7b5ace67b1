package dev.jconvex.execution.internal;

import dev.jconvex.database.DatabaseReader;
import dev.jconvex.database.DatabaseUnavailable;
import dev.jconvex.database.internal.Committed;
import dev.jconvex.database.internal.Database;
import dev.jconvex.database.internal.ReadTransaction;
import dev.jconvex.database.internal.WriteTransaction;
import dev.jconvex.errors.ConvexException;
import dev.jconvex.execution.ActionHandler;
import dev.jconvex.execution.FunctionCall;
import dev.jconvex.execution.FunctionOutcome;
import dev.jconvex.execution.Identity;
import dev.jconvex.execution.JsException;
import dev.jconvex.execution.MutationHandler;
import dev.jconvex.execution.QueryHandler;
import dev.jconvex.execution.Visibility;
import dev.jconvex.protocol.FunctionKind;
import dev.jconvex.protocol.FunctionPath;
import dev.jconvex.protocol.Timestamp;
import dev.jconvex.validators.TableResolver;
import dev.jconvex.validators.ValidationError;
import dev.jconvex.validators.Validator;
import dev.jconvex.values.ConvexError;
import dev.jconvex.values.ConvexValue;
import dev.jconvex.values.ValueDisplay;
import dev.jconvex.values.ValueSize;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Runs function calls against a {@link Database}: resolves the path, checks visibility, kind and
 * arguments, runs the handler in the context its kind allows, checks the return value, and turns
 * everything the handler throws into Convex's error texts.
 *
 * <h2>Design note</h2>
 *
 * <p>The pipeline follows Convex's backend ({@code udf/src/validation.rs}, wire-protocol §1.6,
 * values-and-validation §5.5): parse path (a malformed path is a request error, thrown as {@link
 * ConvexException} {@code BadConvexFunctionIdentifier}); find the function, where an internal one is
 * "not found" unless the caller is an admin or another function; compare the kind; check the args
 * size and validator; run; validate and size-check the return value. Every failure from the second
 * step on is a {@link FunctionOutcome.Failure} whose message ends with a newline and carries no
 * request-id prefix (transports add it) and no JavaScript stack frames (there is no JS source).
 *
 * <p>Mutations run inside {@link Database#mutate}, which re-runs the body after an OCC conflict, so
 * the context (console, frozen time) is created inside the body. A failing handler or return value
 * aborts the transaction by throwing {@link Aborted} through {@code mutate}, so nothing it wrote is
 * committed. Errors the database raises at commit (OCC after the last retry) are not function
 * failures: they propagate from {@link #run} as {@link ConvexException} for the transport to map.
 * Nor is an unreachable engine ({@link DatabaseUnavailable}, e.g. PostgreSQL restarting), wherever
 * it happens: it propagates as itself, and transports answer Convex's internal error.
 *
 * <p>Thread-safe; every call is independent.
 */
public final class FunctionRunner {

    /** {@code FUNCTION_MAX_ARGS_SIZE}: 16 MiB for the {@code [args]} array (values §5.5, §7). */
    static final long MAX_ARGS_SIZE = 16L << 20;

    /** The largest return value: 16 MiB (values §5.5). */
    static final long MAX_RETURN_SIZE = 16L << 20;

    private final FunctionRegistry registry;
    private final Database database;
    private final RuntimeEnvironment environment;
    private final TableResolver tables;
    private final boolean stackTracesInErrors;

    /**
     * A runner. Functions read {@code Date.now()} from {@code clock} (once per execution and per
     * mutation attempt), draw {@code Math.random()} from {@code random} (shared, access serialized)
     * and see {@code variables} as {@code process.env}. With {@code stackTracesInErrors} (serve {@code
     * --dev}) the message of a failure caused by a Java exception that is not a Convex error goes on
     * with the handler's stack frames ({@link StackFrames}); in production it carries none.
     */
    public FunctionRunner(
            FunctionRegistry registry,
            Database database,
            InstantSource clock,
            RandomGenerator random,
            EnvironmentVariables variables,
            boolean stackTracesInErrors) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.database = Objects.requireNonNull(database, "database");
        this.environment = new RuntimeEnvironment(clock, random, variables);
        this.tables = database::tableName;
        this.stackTracesInErrors = stackTracesInErrors;
    }

    /** The functions this runner knows. */
    public FunctionRegistry registry() {
        return registry;
    }

    /**
     * Runs one call to completion on the calling thread.
     *
     * @throws ConvexException for a request that cannot name a function ({@code
     *     BadConvexFunctionIdentifier}), and for system errors raised outside the handler (an OCC
     *     failure after the last retry); everything the function itself does wrong is a {@link
     *     FunctionOutcome.Failure}
     * @throws DatabaseUnavailable if the storage engine cannot be reached (a system error)
     */
    public FunctionOutcome run(FunctionCall call) {
        return run(call, false);
    }

    /**
     * Runs queries on one snapshot: every success carries the same timestamp, and each run reports
     * its own read set. A call that names a non-query fails with the wrong-kind text.
     *
     * @throws ConvexException if a path is malformed
     */
    public SnapshotResult runQueries(List<FunctionCall> calls) {
        List<FunctionPath> paths =
                calls.stream().map(c -> FunctionPath.parse(c.path())).toList();
        try (ReadTransaction tx = database.beginRead()) {
            List<SnapshotResult.QueryRun> runs = new ArrayList<>(calls.size());
            for (int i = 0; i < calls.size(); i++) {
                FunctionCall call = calls.get(i);
                FunctionCall asQuery = new FunctionCall(
                        call.path(), Optional.of(FunctionKind.QUERY), call.args(), call.identity(), Optional.empty());
                FunctionOutcome outcome = switch (prepare(asQuery, paths.get(i), false)) {
                    case Prepared.Rejected r -> r.failure();
                    case Prepared.Ready ready -> runQuery(ready, call.identity(), tx);
                };
                runs.add(new SnapshotResult.QueryRun(outcome, tx.takeReadSet()));
            }
            return new SnapshotResult(tx.ts(), runs);
        }
    }

    /**
     * Whether {@code call} names a query whose recent runs took on average less than {@code
     * budgetNanos}: such a call may run on the transport's own thread instead of being handed to a
     * worker (see {@code Jconvex#callAsync}). False for anything else, including a malformed path.
     */
    public boolean isBriefQuery(FunctionCall call, long budgetNanos) {
        if (call.requiredKind().isPresent() && call.requiredKind().get() != FunctionKind.QUERY) {
            return false;
        }
        Optional<FunctionPath> path = FunctionPath.tryParse(call.path());
        return path.flatMap(registry::find)
                .filter(e -> e.kind() == FunctionKind.QUERY && e.cost().below(budgetNanos))
                .isPresent();
    }

    FunctionOutcome run(FunctionCall call, boolean fromFunction) {
        FunctionPath path = FunctionPath.parse(call.path());
        return switch (prepare(call, path, fromFunction)) {
            case Prepared.Rejected r -> r.failure();
            case Prepared.Ready ready ->
                switch (ready.entry().kind()) {
                    case QUERY -> {
                        try (ReadTransaction tx = database.beginRead()) {
                            yield runQuery(ready, call.identity(), tx);
                        }
                    }
                    case MUTATION -> runMutation(ready, call.identity(), call.idempotencyKey());
                    case ACTION -> runAction(ready, call.identity());
                };
        };
    }

    /**
     * Runs a query that a query or mutation calls ({@code ctx.runQuery}) on the caller's transaction
     * {@code reader} (snapshot {@code ts}): the same resolution, visibility (internal functions
     * reachable), argument and return checks as {@link #run}.
     *
     * @throws ConvexException if the path is malformed (it throws into the caller)
     */
    FunctionOutcome runNestedQuery(FunctionCall call, DatabaseReader reader, Timestamp ts) {
        return switch (prepare(call, FunctionPath.parse(call.path()), true)) {
            case Prepared.Rejected r -> r.failure();
            case Prepared.Ready ready -> {
                QueryCtxImpl ctx = new QueryCtxImpl(environment, call.identity(), reader, ts, this);
                QueryHandler handler = (QueryHandler) ready.entry().spec().handler();
                yield nestedOutcome(invoke(ready, ctx, () -> handler.handle(ctx, ready.args())), ctx, ts);
            }
        };
    }

    /**
     * Runs a mutation that a mutation calls ({@code ctx.runMutation}) as a sub-transaction of the
     * caller's {@code tx}, with the checks of {@link #run}: if it fails, its writes are rolled back to
     * where it began ({@link WriteTransaction#subTransaction}) and the caller's stay.
     *
     * @throws ConvexException if the path is malformed (it throws into the caller)
     */
    FunctionOutcome runNestedMutation(FunctionCall call, WriteTransaction tx) {
        return switch (prepare(call, FunctionPath.parse(call.path()), true)) {
            case Prepared.Rejected r -> r.failure();
            case Prepared.Ready ready -> {
                MutationCtxImpl ctx = new MutationCtxImpl(environment, call.identity(), tx, this);
                MutationHandler handler = (MutationHandler) ready.entry().spec().handler();
                Result result = tx.subTransaction(
                        () -> invoke(ready, ctx, () -> handler.handle(ctx, ready.args())),
                        r -> r instanceof Result.Failed);
                yield nestedOutcome(result, ctx, tx.ts());
            }
        };
    }

    private static FunctionOutcome nestedOutcome(Result result, FunctionEnvironmentImpl ctx, Timestamp ts) {
        return switch (result) {
            case Result.Returned r ->
                new FunctionOutcome.Success(r.value(), ctx.console().lines(), ts);
            case Result.Failed f -> f.failure();
        };
    }

    // ---- resolution and argument checks (wire-protocol §1.6, values §5.5) ----

    private sealed interface Prepared {
        record Ready(FunctionRegistry.Entry entry, ConvexValue.Obj args) implements Prepared {}

        record Rejected(FunctionOutcome.Failure failure) implements Prepared {}
    }

    private Prepared prepare(FunctionCall call, FunctionPath path, boolean fromFunction) {
        Optional<FunctionRegistry.Entry> found =
                registry.find(path).filter(e -> mayCall(e, call.identity(), fromFunction));
        if (found.isEmpty()) {
            return reject(notFound(path, call.requiredKind().isPresent()));
        }
        FunctionRegistry.Entry entry = found.get();
        if (call.requiredKind().isPresent() && call.requiredKind().get() != entry.kind()) {
            return reject("Trying to execute " + path.canonical() + " as "
                    + call.requiredKind().get().displayName() + ", but it is defined as "
                    + entry.kind().displayName() + ".\n");
        }
        ConvexValue.Array args = call.args();
        long size = ValueSize.size(args);
        if (size > MAX_ARGS_SIZE) {
            return reject("Arguments for " + path.canonical() + " are too large (actual: " + ValueSize.humanSize(size)
                    + ", limit: " + ValueSize.humanSize(MAX_ARGS_SIZE) + ")\n");
        }
        Optional<Validator> validator = entry.spec().args();
        if (args.values().isEmpty() && validator.isEmpty()) {
            return new Prepared.Ready(entry, ConvexValue.emptyObj());
        }
        if (args.values().size() != 1) {
            return reject(
                    argumentError("Expected to receive a single object as the function's argument. Instead received "
                            + args.values().size() + " arguments: " + ValueDisplay.display(args)));
        }
        if (!(args.values().getFirst() instanceof ConvexValue.Obj obj)) {
            return reject(argumentError("Expected to receive an object as the function's argument. Instead received: "
                    + ValueDisplay.display(args.values().getFirst())));
        }
        if (validator.isPresent()) {
            Optional<ValidationError> error = validator.get().validate(obj, tables);
            if (error.isPresent()) {
                return reject(argumentError(error.get().message()));
            }
        }
        return new Prepared.Ready(entry, obj);
    }

    /**
     * Internal functions, and functions under {@code _system/}, exist only for admins and for other
     * functions; to anyone else they are "not found" so that their existence does not leak.
     */
    private static boolean mayCall(FunctionRegistry.Entry entry, Identity identity, boolean fromFunction) {
        if (identity.isAdmin()) {
            return true;
        }
        if (entry.path().isSystem()) {
            return false;
        }
        return entry.function().visibility() == Visibility.PUBLIC || fromFunction;
    }

    private static String notFound(FunctionPath path, boolean kindRequired) {
        return kindRequired
                ? "Could not find public function for '" + path.display() + "'.\n"
                : "Could not find function for '" + path.display() + "'. Did you forget to run `npx convex dev`?\n";
    }

    private static String argumentError(String message) {
        return "ArgumentValidationError: " + message + "\n";
    }

    private static Prepared reject(String message) {
        return new Prepared.Rejected(FunctionOutcome.Failure.of(message, List.of()));
    }

    // ---- execution by kind ----

    private FunctionOutcome runQuery(Prepared.Ready ready, Identity identity, ReadTransaction tx) {
        long start = System.nanoTime();
        QueryCtxImpl ctx = new QueryCtxImpl(environment, identity, tx, tx.ts(), this);
        QueryHandler handler = (QueryHandler) ready.entry().spec().handler();
        Result result = invoke(ready, ctx, () -> handler.handle(ctx, ready.args()));
        ready.entry().cost().record(System.nanoTime() - start);
        return switch (result) {
            case Result.Returned r ->
                new FunctionOutcome.Success(r.value(), ctx.console().lines(), tx.ts());
            case Result.Failed f -> f.failure();
        };
    }

    /**
     * Runs a mutation. With an idempotency key, a committed record of the key is returned as it was
     * (value, log lines, original commit timestamp) without running the handler. The check runs at
     * the start of each attempt, so a concurrent duplicate that loses the commit race (its record
     * conflicts) replays the winner's outcome on its retry. Failed mutations record nothing.
     */
    private FunctionOutcome runMutation(Prepared.Ready ready, Identity identity, Optional<String> idempotencyKey) {
        MutationHandler handler = (MutationHandler) ready.entry().spec().handler();
        try {
            Committed<Attempt> committed = database.mutate((WriteTransaction tx) -> {
                Optional<FunctionOutcome.Success> recorded = idempotencyKey.flatMap(this::replay);
                if (recorded.isPresent()) {
                    return new Attempt.Replayed(recorded.get());
                }
                MutationCtxImpl ctx = new MutationCtxImpl(environment, identity, tx, this);
                return switch (invoke(ready, ctx, () -> handler.handle(ctx, ready.args()))) {
                    case Result.Failed f -> throw new Aborted(f.failure());
                    case Result.Returned r -> {
                        StoredOutcome outcome =
                                new StoredOutcome(r.value(), ctx.console().lines());
                        idempotencyKey.ifPresent(key -> tx.recordMutation(key, outcome.encode()));
                        yield new Attempt.Ran(outcome);
                    }
                };
            });
            return switch (committed.value()) {
                case Attempt.Replayed r -> r.outcome();
                case Attempt.Ran r ->
                    new FunctionOutcome.Success(r.outcome().value(), r.outcome().logLines(), committed.ts());
            };
        } catch (Aborted aborted) {
            return aborted.failure;
        }
    }

    /** What one committed mutation attempt did. */
    private sealed interface Attempt {
        record Ran(StoredOutcome outcome) implements Attempt {}

        record Replayed(FunctionOutcome.Success outcome) implements Attempt {}
    }

    private Optional<FunctionOutcome.Success> replay(String key) {
        return database.findMutation(key).map(record -> {
            StoredOutcome stored = StoredOutcome.decode(record.outcome());
            return new FunctionOutcome.Success(stored.value(), stored.logLines(), record.ts());
        });
    }

    private FunctionOutcome runAction(Prepared.Ready ready, Identity identity) {
        ActionCtxImpl ctx = new ActionCtxImpl(environment, identity, this);
        ActionHandler handler = (ActionHandler) ready.entry().spec().handler();
        Result result = invoke(ready, ctx, () -> handler.handle(ctx, ready.args()));
        return switch (result) {
            case Result.Returned r ->
                new FunctionOutcome.Success(r.value(), ctx.console().lines(), database.latestTimestamp());
            case Result.Failed f -> f.failure();
        };
    }

    // ---- invoking a handler and checking what it returns ----

    private sealed interface Result {
        record Returned(ConvexValue value) implements Result {}

        record Failed(FunctionOutcome.Failure failure) implements Result {}
    }

    @FunctionalInterface
    private interface Body {
        ConvexValue run();
    }

    private Result invoke(Prepared.Ready ready, FunctionEnvironmentImpl ctx, Body body) {
        ConvexValue value;
        try {
            ConvexValue returned = body.run();
            value = returned == null ? ConvexValue.NULL : returned;
        } catch (StackOverflowError e) {
            return failed("Uncaught RangeError: Maximum call stack size exceeded\n", Optional.empty(), ctx, e);
        } catch (DatabaseUnavailable e) {
            // a system error, not the function's: the transport answers Convex's internal error
            throw e;
        } catch (RuntimeException e) {
            Optional<Throwable> bug = bug(e);
            String message = uncaught(e);
            if (stackTracesInErrors && bug.isPresent() && bug.get() == e) {
                message += StackFrames.of(e);
            }
            return new Result.Failed(new FunctionOutcome.Failure(
                    message, errorData(e), ctx.console().lines(), bug));
        }
        return checkReturn(ready, value, ctx);
    }

    /**
     * The Java exception behind {@code e} when it is a bug in the handler rather than an error it
     * meant to raise: anything but a {@link ConvexError}, a {@link JsException} or a {@link
     * ConvexException} from a database call. A {@link JsException} that an action's call of another
     * function raised carries that function's bug as its cause.
     */
    private static Optional<Throwable> bug(RuntimeException e) {
        return switch (e) {
            case ConvexError c -> Optional.empty();
            case ConvexException c -> Optional.empty();
            case JsException js -> Optional.ofNullable(js.getCause());
            default -> Optional.of(e);
        };
    }

    private Result checkReturn(Prepared.Ready ready, ConvexValue value, FunctionEnvironmentImpl ctx) {
        String path = ready.entry().path().canonical();
        long size = ValueSize.size(value);
        if (size > MAX_RETURN_SIZE) {
            return failed(
                    "Function " + path + " return value is too large (actual: " + ValueSize.humanSize(size)
                            + ", limit: " + ValueSize.humanSize(MAX_RETURN_SIZE) + ")\n",
                    Optional.empty(),
                    ctx);
        }
        try {
            ValueSize.checkValue(value);
        } catch (ConvexException e) {
            return failed(
                    "Function " + path + " return value invalid: " + e.getMessage() + "\n", Optional.empty(), ctx);
        }
        Optional<Validator> returns = ready.entry().spec().returns();
        if (returns.isPresent()) {
            Optional<ValidationError> error = returns.get().validate(value, tables);
            if (error.isPresent()) {
                return failed("ReturnsValidationError: " + error.get().message() + "\n", Optional.empty(), ctx);
            }
        }
        return new Result.Returned(value);
    }

    private static Result.Failed failed(String message, Optional<ConvexValue> data, FunctionEnvironmentImpl ctx) {
        return new Result.Failed(
                new FunctionOutcome.Failure(message, data, ctx.console().lines()));
    }

    private static Result.Failed failed(
            String message, Optional<ConvexValue> data, FunctionEnvironmentImpl ctx, Throwable cause) {
        return new Result.Failed(
                new FunctionOutcome.Failure(message, data, ctx.console().lines(), Optional.of(cause)));
    }

    /**
     * The text of an uncaught error, {@code "Uncaught <Name>: <message>\n"} (wire-protocol §1.6):
     * {@link ConvexError} keeps its name, {@link JsException} carries one, and every other exception,
     * including a {@link ConvexException} from a database call (as a failing syscall surfaces in
     * JavaScript), is a plain {@code Error}.
     */
    private static String uncaught(RuntimeException e) {
        String name = switch (e) {
            case ConvexError c -> "ConvexError";
            case JsException js -> js.name();
            default -> "Error";
        };
        // A Java exception without a message names its class, which a JS error cannot lack.
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return formatUncaught(name, message) + "\n";
    }

    /** Convex's {@code format_uncaught_error} (backend {@code isolate/src/helpers.rs}). */
    static String formatUncaught(String name, String message) {
        if (!name.isEmpty() && !message.isEmpty()) {
            return "Uncaught " + name + ": " + message;
        } else if (!name.isEmpty()) {
            return "Uncaught " + name;
        } else if (!message.isEmpty()) {
            return "Uncaught " + message;
        }
        return "Uncaught";
    }

    private static Optional<ConvexValue> errorData(RuntimeException e) {
        return e instanceof ConvexError c ? Optional.of(c.data()) : Optional.empty();
    }

    /** Thrown through {@link Database#mutate} to roll back a mutation whose handler failed. */
    private static final class Aborted extends RuntimeException {
        private final FunctionOutcome.Failure failure;

        Aborted(FunctionOutcome.Failure failure) {
            super(failure.errorMessage(), null, false, false);
            this.failure = failure;
        }
    }
}
