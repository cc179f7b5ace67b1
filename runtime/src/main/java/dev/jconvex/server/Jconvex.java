package dev.jconvex.server;

import dev.jconvex.admin.Admin;
import dev.jconvex.admin.FunctionLog;
import dev.jconvex.admin.SystemFunctions;
import dev.jconvex.database.DatabaseConfig;
import dev.jconvex.database.internal.CommitListener;
import dev.jconvex.database.internal.Database;
import dev.jconvex.errors.ConvexException;
import dev.jconvex.execution.ConvexModule;
import dev.jconvex.execution.FunctionCall;
import dev.jconvex.execution.FunctionOutcome;
import dev.jconvex.execution.RegisteredFunction;
import dev.jconvex.execution.internal.EnvironmentVariables;
import dev.jconvex.execution.internal.ErrorMessages;
import dev.jconvex.execution.internal.FunctionMetrics;
import dev.jconvex.execution.internal.FunctionRegistry;
import dev.jconvex.execution.internal.FunctionRunner;
import dev.jconvex.execution.internal.FunctionRuntime;
import dev.jconvex.execution.internal.SnapshotResult;
import dev.jconvex.protocol.FunctionPath;
import dev.jconvex.protocol.Timestamp;
import dev.jconvex.server.internal.RuntimeAccess;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The jconvex runtime, in process: a database, the registered functions, and the calls that run
 * them. Transports (HTTP, sync) and tests use it the same way.
 *
 * <pre>{@code
 * try (Jconvex convex = Jconvex.builder().inMemory().module(new MutableModule()).build()) {
 *     FunctionOutcome out = convex.call(FunctionCall.mutation("mutable:set", args));
 * }
 * }</pre>
 *
 * <p>Thread-safe. Through {@link #callAsync}, mutations and actions always run on a worker
 * (virtual) thread, and so does any query but a brief one.
 */
public final class Jconvex implements AutoCloseable {

    static {
        RuntimeAccess.install(new RuntimeAccess.Bridge() {
            @Override
            public FunctionRuntime seam(Jconvex runtime) {
                return runtime.seam;
            }

            @Override
            public Admin admin(Jconvex runtime) {
                return runtime.admin;
            }
        });
    }

    /** The default of {@link Builder#inlineQueryBudget}. */
    public static final Duration DEFAULT_INLINE_QUERY_BUDGET = Duration.ofNanos(100_000);

    private final Database database;
    private final FunctionRunner runner;
    private final InstantSource clock;
    private final EnvironmentVariables variables;
    private final ExecutorService workers;
    private final Admin admin;
    private final FunctionLog log;
    private final FunctionMetrics metrics;

    private final long inlineBudgetNanos;
    private final FunctionRuntime seam = new Seam();

    private Jconvex(
            Database database,
            FunctionRunner runner,
            InstantSource clock,
            EnvironmentVariables variables,
            Duration inlineBudget,
            Admin admin,
            FunctionMetrics metrics) {
        this.metrics = metrics;
        this.database = database;
        this.runner = runner;
        this.clock = clock;
        this.variables = variables;
        this.inlineBudgetNanos = inlineBudget.toNanos();
        this.admin = admin;
        this.log = admin.log();
        // One name for all: a numbered name costs a string concatenation per call.
        this.workers = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("jconvex-function").factory());
    }

    /** Starts configuring a runtime. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs one function call on the calling thread and returns its outcome.
     *
     * @throws ConvexException if the path is malformed ({@code BadConvexFunctionIdentifier}) or a
     *     system error happens outside the function (e.g. OCC after the last retry); transports map it
     *     to their error form
     */
    public FunctionOutcome call(FunctionCall call) {
        long start = System.nanoTime();
        FunctionOutcome outcome;
        try {
            outcome = runner.run(call);
        } catch (RuntimeException e) {
            logged(call).ifPresent(function -> {
                long nanos = System.nanoTime() - start;
                String path = function.path().display();
                metrics.record(function.kind(), path, FunctionMetrics.Outcome.ofThrown(e), nanos);
                CallLog.systemError(function.kind(), path, e, nanos, requestId(call));
            });
            throw e;
        }
        record(call, outcome, start);
        return outcome;
    }

    /**
     * Runs one call without making the caller wait for it; the future fails as {@link #call} would
     * throw. The call runs on a worker (virtual) thread, except a query whose recent runs averaged
     * under the {@linkplain Builder#inlineQueryBudget inline budget}: it runs at once on the calling
     * thread and the future is already complete. Queries never block (they read an immutable
     * snapshot and wait for no lock), so for a point read the hand-off to a worker and back costs
     * more than the query itself (a quarter of the server's CPU per {@code mutable:get}, measured in
     * docs/benchmarks.md); a query that turns slow pushes its mean over the budget and goes back to
     * the workers.
     */
    public CompletableFuture<FunctionOutcome> callAsync(FunctionCall call) {
        if (inlineBudgetNanos > 0 && runner.isBriefQuery(call, inlineBudgetNanos)) {
            try {
                return CompletableFuture.completedFuture(call(call));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return CompletableFuture.supplyAsync(() -> call(call), workers);
    }

    /**
     * Runs queries on one snapshot: all successes carry the same timestamp, and each reports its own
     * read set for invalidation.
     */
    private SnapshotResult runQueries(List<FunctionCall> queries) {
        long start = System.nanoTime();
        SnapshotResult result = runner.runQueries(queries);
        long each = (System.nanoTime() - start) / Math.max(1, queries.size());
        for (int i = 0; i < queries.size(); i++) {
            record(queries.get(i), result.runs().get(i).outcome(), System.nanoTime() - each);
        }
        return result;
    }

    /**
     * Adds an execution to the function log ({@code npx convex logs}) and to the server log ({@link
     * CallLog}); system functions and calls of functions that do not exist are left out, as Convex
     * leaves them out of its log stream.
     */
    private void record(FunctionCall call, FunctionOutcome outcome, long startNanos) {
        Optional<RegisteredFunction> function = logged(call);
        if (function.isEmpty()) {
            return;
        }
        long nanos = System.nanoTime() - startNanos;
        String requestId = requestId(call);
        String path = function.get().path().display();
        metrics.record(function.get().kind(), path, FunctionMetrics.Outcome.of(outcome), nanos);
        CallLog.completed(function.get().kind(), path, outcome, nanos, requestId);
        Optional<String> error = outcome instanceof FunctionOutcome.Failure failure
                ? Optional.of(failure.errorMessage().stripTrailing())
                : Optional.empty();
        log.append(function.get().kind(), path, clock.millis(), outcome.logLines(), error, nanos, requestId);
    }

    /** The function {@code call} names, when the logs show its calls: a registered, non-system one. */
    private Optional<RegisteredFunction> logged(FunctionCall call) {
        Optional<FunctionPath> path = FunctionPath.tryParse(call.path());
        if (path.isEmpty() || path.get().isSystem()) {
            return Optional.empty();
        }
        return runner.registry().function(path.get());
    }

    /** The transport's request id, or a fresh one for a caller that has none. */
    private static String requestId(FunctionCall call) {
        return call.requestId()
                .orElseGet(() -> ErrorMessages.httpRequestId(java.util.concurrent.ThreadLocalRandom.current()));
    }

    /**
     * Checks that the runtime can run calls now: returns, or throws {@link
     * dev.jconvex.database.DatabaseUnavailable} naming what is wrong (see {@link
     * Database#checkAvailable()}).
     */
    public void checkAvailable() {
        database.checkAvailable();
    }

    /** The timestamp of the latest commit. */
    public Timestamp latestTimestamp() {
        return database.latestTimestamp();
    }

    /** The environment variables functions see ({@code process.env}) now. */
    public Map<String, String> environment() {
        return variables.effective();
    }

    /**
     * Deletes every document of every table of every module (tables and indexes stay): a clean
     * deployment between tests, as convex-test gives each test a fresh database. The same engine path
     * as {@code POST /api/jconvex/reset} and {@code ./jconvex reset}; returns how many documents were
     * deleted.
     */
    public long clearAll() {
        return admin.reset();
    }

    /** The deployment's administration: environment variables, logs, export, import, reset. */
    Admin admin() {
        return admin;
    }

    /** The engine seam over this runtime that the transports take ({@link RuntimeAccess#seam}). */
    FunctionRuntime seam() {
        return seam;
    }

    /** This runtime as the transports see it; a separate object, so that its methods stay off the API. */
    private final class Seam implements FunctionRuntime {
        @Override
        public CompletableFuture<FunctionOutcome> callAsync(FunctionCall call) {
            return Jconvex.this.callAsync(call);
        }

        @Override
        public SnapshotResult runQueries(List<FunctionCall> queries) {
            return Jconvex.this.runQueries(queries);
        }

        @Override
        public Timestamp latestTimestamp() {
            return Jconvex.this.latestTimestamp();
        }

        @Override
        public void addCommitListener(CommitListener listener) {
            database.addCommitListener(listener);
        }

        @Override
        public long clearAll() {
            return Jconvex.this.clearAll();
        }

        @Override
        public void close() {
            Jconvex.this.close();
        }
    }

    /**
     * Every registered function with its kind and visibility, sorted by path; the system functions
     * under {@code _system/} are left out.
     */
    public List<RegisteredFunction> functions() {
        return runner.registry().functions().stream()
                .filter(f -> !f.path().isSystem())
                .toList();
    }

    /** Stops accepting async calls, waits briefly for running ones, and closes the database. */
    @Override
    public void close() {
        log.close();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            database.close();
        }
    }

    /**
     * Configures a {@link Jconvex}. Defaults: in-memory storage (choose {@link #dataDirectory(Path)}
     * for a durable file); the system clock; a randomly seeded generator; no environment variables;
     * the modules found by {@link ServiceLoader} plus those added with {@link #module}; the database
     * defaults of {@link DatabaseConfig}.
     */
    public static final class Builder {
        private Optional<Path> dataDirectory = Optional.empty();
        private Optional<String> postgresql = Optional.empty();
        private InstantSource clock = InstantSource.system();
        private RandomGenerator random = new SplittableRandom();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final Map<String, String> systemEnv = new LinkedHashMap<>();
        private final List<ConvexModule> modules = new ArrayList<>();
        private final List<ConvexModule> replacingModules = new ArrayList<>();
        private boolean discoverModules = true;
        private Consumer<DatabaseConfig.Builder> databaseConfig = b -> {};
        private Duration inlineQueryBudget = DEFAULT_INLINE_QUERY_BUDGET;
        private boolean stackTracesInErrors;
        private MeterRegistry meters = new CompositeMeterRegistry();

        private Builder() {}

        /**
         * Where the runtime's meters go: function calls and durations ({@link FunctionMetrics}), OCC
         * conflicts and retries, commit batches and durability waits ({@link
         * Database#open(DatabaseConfig, List, InstantSource, RandomGenerator, MeterRegistry)}).
         * Default: an empty composite registry, which measures nothing.
         */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meters = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * Whether the error message of a function that failed with a Java exception other than a
         * Convex error carries the handler's stack frames, as Convex's development deployments show
         * JavaScript frames (default false; serve {@code --dev}). The server log has the full stack
         * trace either way.
         */
        public Builder stackTracesInErrors(boolean enabled) {
            this.stackTracesInErrors = enabled;
            return this;
        }

        /**
         * The mean run time under which {@link #callAsync} runs a query on the caller's thread
         * (default 100 µs); {@link Duration#ZERO} sends every call to a worker thread.
         */
        public Builder inlineQueryBudget(Duration budget) {
            if (budget.isNegative()) {
                throw new IllegalArgumentException("inline query budget must not be negative: " + budget);
            }
            this.inlineQueryBudget = budget;
            return this;
        }

        /** Keeps all data in memory; it is lost on {@link #close()}. */
        public Builder inMemory() {
            this.dataDirectory = Optional.empty();
            this.postgresql = Optional.empty();
            return this;
        }

        /**
         * Stores data in the PostgreSQL database at {@code url} ({@code postgresql://USER@HOST:PORT/DB}
         * or a JDBC URL); several runtimes on one database act as one deployment (docs/postgres.md).
         */
        public Builder postgresql(String url) {
            this.postgresql = Optional.of(Objects.requireNonNull(url, "url"));
            this.dataDirectory = Optional.empty();
            return this;
        }

        /** Stores data under {@code directory} (created if missing): the store file and its write-ahead log. */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = Optional.of(directory);
            this.postgresql = Optional.empty();
            return this;
        }

        /** The clock that {@code Date.now()} and {@code _creationTime} read. */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The source of {@code Math.random()}; the database's id generator is seeded from it, so a
         * seeded generator makes a whole run reproducible.
         */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** Environment variables the functions see as {@code process.env}; replaces earlier ones with the same name. */
        public Builder env(Map<String, String> variables) {
            this.env.putAll(variables);
            return this;
        }

        /**
         * Variables the runtime itself provides ({@code CONVEX_SITE_URL}, {@code CONVEX_CLOUD_URL}):
         * functions see them unless the deployment sets the same name; {@code npx convex env list}
         * does not show them.
         */
        public Builder systemEnv(Map<String, String> variables) {
            this.systemEnv.putAll(variables);
            return this;
        }

        /** Registers modules explicitly (in addition to discovered ones). */
        public Builder module(ConvexModule... modules) {
            for (ConvexModule module : modules) {
                this.modules.add(Objects.requireNonNull(module, "module"));
            }
            return this;
        }

        /**
         * Registers modules that take the place of any discovered or explicitly registered module
         * with the same path: a Convex project's TypeScript module served instead of its Java port.
         */
        public Builder replacingModules(java.util.Collection<? extends ConvexModule> modules) {
            modules.forEach(module -> this.replacingModules.add(Objects.requireNonNull(module, "module")));
            return this;
        }

        /**
         * Whether to load the modules listed in {@code META-INF/services/dev.jconvex.execution.ConvexModule}
         * on the class path (default true). A module class registered both ways is used once.
         */
        public Builder discoverModules(boolean discover) {
            this.discoverModules = discover;
            return this;
        }

        /** Adjusts the database configuration (limits, durability, OCC retries, …). */
        public Builder databaseConfig(Consumer<DatabaseConfig.Builder> customizer) {
            this.databaseConfig = Objects.requireNonNull(customizer, "customizer");
            return this;
        }

        /**
         * Registers the modules, opens the database with their tables, and returns the runtime.
         *
         * @throws IllegalArgumentException if modules clash (same path, same function or table twice)
         */
        public Jconvex build() {
            java.util.concurrent.atomic.AtomicReference<Admin> admin =
                    new java.util.concurrent.atomic.AtomicReference<>();
            List<ConvexModule> modules = allModules();
            modules.addAll(SystemFunctions.modules(admin::get));
            FunctionRegistry registry = FunctionRegistry.of(modules);
            DatabaseConfig.Builder config = postgresql
                    .map(DatabaseConfig::postgresql)
                    .orElseGet(() ->
                            dataDirectory.map(DatabaseConfig::dataDirectory).orElseGet(DatabaseConfig::inMemory));
            databaseConfig.accept(config);
            RandomGenerator databaseRandom;
            RandomGenerator seeds = random; // the caller's generator, which it may share
            synchronized (seeds) {
                databaseRandom = new SplittableRandom(seeds.nextLong());
            }
            Database database = Database.open(config.build(), registry.tables(), clock, databaseRandom, meters);
            EnvironmentVariables variables;
            try {
                variables = dataDirectory
                        .map(dir -> EnvironmentVariables.stored(systemEnv, env, dir))
                        .orElseGet(() -> EnvironmentVariables.inMemory(systemEnv, env));
            } catch (RuntimeException e) {
                database.close();
                throw e;
            }
            admin.set(new Admin(
                    database,
                    variables,
                    registry,
                    new FunctionLog(FunctionLog.DEFAULT_CAPACITY),
                    dataDirectory.map(dir -> dir.resolve("admin")).orElseGet(Admin::temporaryWorkDirectory)));
            return new Jconvex(
                    database,
                    new FunctionRunner(registry, database, clock, random, variables, stackTracesInErrors),
                    clock,
                    variables,
                    inlineQueryBudget,
                    Objects.requireNonNull(admin.get()),
                    new FunctionMetrics(meters));
        }

        private List<ConvexModule> allModules() {
            List<ConvexModule> all = new ArrayList<>(modules);
            Set<Class<?>> explicit = new LinkedHashSet<>();
            modules.forEach(m -> explicit.add(m.getClass()));
            if (discoverModules) {
                for (ConvexModule found : ServiceLoader.load(ConvexModule.class)) {
                    if (!explicit.contains(found.getClass())) {
                        all.add(found);
                    }
                }
            }
            Set<String> replaced = new java.util.HashSet<>();
            replacingModules.forEach(m -> replaced.add(m.path()));
            all.removeIf(m -> replaced.contains(m.path()));
            all.addAll(replacingModules);
            return all;
        }
    }
}
