package dev.jconvex.typescript;

import dev.jconvex.execution.FunctionEnvironment;
import dev.jconvex.execution.JsException;
import dev.jconvex.protocol.FunctionKind;
import dev.jconvex.values.ConvexError;
import dev.jconvex.values.ConvexJson;
import dev.jconvex.values.ConvexValue;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.jspecify.annotations.Nullable;

/**
 * Runs bundled Convex modules on GraalJS.
 *
 * <p><b>Design.</b> One {@link Engine} is shared by every context, so a module's parsed code (and,
 * with the optimizing Truffle runtime, its compiled code) is shared too. Each module has a pool of
 * warmed contexts: a context in which {@code prelude.js} and the module's bundle were evaluated once.
 * A function run borrows a context (making one when none is idle), binds it to the run's {@link
 * Syscalls} and {@link FunctionEnvironment} (frozen {@code Date}, seeded {@code Math.random}), calls the
 * export's {@code invokeQuery}/{@code invokeMutation} with the arguments' Convex JSON, and reads the
 * settled promise. A context is used by one run at a time; module-level JavaScript state may survive
 * from one run to the next, as in Convex's isolates, so functions must not rely on it.
 *
 * <p>Every syscall resolves synchronously (the database is in-process), so GraalJS's microtask queue,
 * drained when a host call into JavaScript returns, settles the function's promise before {@link
 * #run} looks at it; a promise still pending then can never settle (there are no timers) and fails.
 *
 * <p><b>Limits.</b> A watchdog cancels a run whose JavaScript time (the running thread's CPU time,
 * syscalls excluded: {@link RunClock}) passes the time limit (Convex: 1 s for queries and mutations), failing it with Convex's
 * text; the cancelled context is closed and not reused. A context's first run gets a warm-up
 * allowance on top, since it also parses and warms up the module's code. Contexts
 * have no I/O, no threads, no native access and no host class access: the only ways out are the
 * syscalls and the console.
 */
final class JsRuntime implements AutoCloseable {

    /** Convex's limit for an action's execution (its calls of other functions included). */
    static final Duration ACTION_TIME_LIMIT = Duration.ofMinutes(10);

    /** The most idle contexts kept per module. */
    private static final int MAX_IDLE = 8;

    private final Engine engine;
    private final Source prelude;
    private final Function<String, String> sources;
    private final Duration timeLimit;
    private final Duration warmUpAllowance;
    private final Map<String, ConcurrentLinkedDeque<Loaded>> pools = new ConcurrentHashMap<>();
    private final Map<String, Source> moduleSources = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("jconvex-js-watchdog").factory());

    /**
     * @param sources the bundled source of a module path
     * @param timeLimit how long one run may execute, syscalls excluded
     * @param warmUpAllowance extra time for the first run in a new context
     */
    JsRuntime(Function<String, String> sources, Duration timeLimit, Duration warmUpAllowance) {
        this.sources = sources;
        this.timeLimit = timeLimit;
        this.warmUpAllowance = warmUpAllowance;
        this.engine = Engine.newBuilder("js")
                .option("engine.WarnInterpreterOnly", "false")
                .build();
        this.prelude = Source.newBuilder(
                        "js", new String(Bundler.resource("prelude.js"), StandardCharsets.UTF_8), "jconvex-prelude.js")
                .buildLiteral();
    }

    /** The GraalJS runtime in use: the Truffle runtime's name, e.g. "Interpreted" or a compiler's. */
    String mode() {
        return engine.getImplementationName();
    }

    /** A context with {@code modulePath} loaded, for analysis; the caller closes it. */
    Loaded load(String modulePath) {
        return newContext(modulePath);
    }

    /** Puts a context loaded with {@code modulePath} into that module's pool of idle contexts. */
    void offer(String modulePath, Loaded loaded) {
        ConcurrentLinkedDeque<Loaded> pool = pools.computeIfAbsent(modulePath, p -> new ConcurrentLinkedDeque<>());
        if (pool.size() < MAX_IDLE) {
            pool.addFirst(loaded);
        } else {
            loaded.close();
        }
    }

    /**
     * Runs the export {@code name} of {@code modulePath} as a function of {@code kind}, its syscalls
     * answered by {@code syscalls}.
     *
     * @return the function's return value
     * @throws ConvexError when the function threw one
     * @throws JsException when it threw another JavaScript error, or ran past the time limit
     * @throws RuntimeException the runtime's own exception when the function failed with a failed syscall's error
     */
    ConvexValue run(
            String modulePath,
            String name,
            FunctionKind kind,
            FunctionEnvironment env,
            Syscalls syscalls,
            ConvexValue.Obj args) {
        ConcurrentLinkedDeque<Loaded> pool = pools.computeIfAbsent(modulePath, p -> new ConcurrentLinkedDeque<>());
        Loaded loaded = pool.pollFirst();
        if (loaded == null) {
            loaded = newContext(modulePath);
        }
        Loaded running = loaded;
        // A context's first run also pays for parsing and warming the module's code (GraalJS
        // parses function bodies lazily): it gets the warm-up allowance on top of the limit.
        Duration limit = kind == FunctionKind.ACTION ? ACTION_TIME_LIMIT : timeLimit;
        Duration budget = loaded.runs++ == 0 ? limit.plus(warmUpAllowance) : limit;
        RunClock clock =
                new RunClock(watchdog, cpuTime(Thread.currentThread()), budget, () -> running.context.close(true));
        loaded.bind(syscalls, env, clock);
        boolean reusable = false;
        try {
            long seed = Double.doubleToLongBits(env.random()) ^ Double.doubleToLongBits(env.random()) << 11;
            loaded.begin.execute(
                    (double) env.now(), (int) seed, (int) (seed >>> 32), (int) env.now(), (int) (seed >>> 17));
            Value function = loaded.exports.getMember(name);
            String argsJson = "[" + ConvexJson.write(args) + "]";
            Value promise = switch (kind) {
                case QUERY -> function.invokeMember("invokeQuery", argsJson);
                case MUTATION -> function.invokeMember("invokeMutation", argsJson);
                case ACTION -> function.invokeMember("invokeAction", "", argsJson);
            };
            Settled settled = new Settled();
            loaded.settle.execute(promise, settled.onValue(), settled.onError());
            ConvexValue result = settled.result(syscalls);
            reusable = true;
            return result;
        } catch (PolyglotException e) {
            if (e.isCancelled() || clock.expired()) {
                throw timeout(limit);
            }
            if (e.isHostException() && e.asHostException() instanceof RuntimeException host) {
                throw host;
            }
            if (e.isGuestException()) {
                reusable = !e.isExit();
                throw Settled.translate(e.getGuestObject(), e.getMessage(), syscalls);
            }
            throw new JsException("Error", String.valueOf(e.getMessage()));
        } catch (IllegalStateException e) {
            if (clock.expired()) {
                throw timeout(limit);
            }
            throw e;
        } finally {
            clock.stop();
            loaded.bind(null, null, null);
            if (reusable && !clock.expired() && pool.size() < MAX_IDLE) {
                pool.addFirst(loaded);
            } else if (!clock.expired()) {
                loaded.context.close();
            }
        }
    }

    /**
     * The CPU time of {@code thread}, the run's clock: Convex limits the function's own execution, so
     * a run that waits for a core on a busy machine is not charged for the wait. Wall time on a
     * virtual thread (HTTP and sync requests run on them) and where the JVM does not measure thread
     * CPU time.
     */
    private static java.util.function.LongSupplier cpuTime(Thread thread) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        // A virtual thread's CPU time is not measured (getThreadCpuTime answers -1): wall time then.
        if (thread.isVirtual() || !threads.isThreadCpuTimeSupported() || !threads.isThreadCpuTimeEnabled()) {
            return System::nanoTime;
        }
        long id = thread.threadId();
        return () -> threads.getThreadCpuTime(id);
    }

    private static JsException timeout(Duration limit) {
        // values-and-validation §7: "Function execution timed out (maximum duration: 1s)"
        long millis = limit.toMillis();
        String duration = millis % 1000 == 0 ? (millis / 1000) + "s" : millis + "ms";
        return new JsException("Error", "Function execution timed out (maximum duration: " + duration + ")");
    }

    private Loaded newContext(String modulePath) {
        Loaded loaded = new Loaded();
        Context context = Context.newBuilder("js")
                .engine(engine)
                .allowHostAccess(HostAccess.NONE)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .allowIO(IOAccess.NONE)
                .allowCreateThread(false)
                .allowNativeAccess(false)
                .allowCreateProcess(false)
                .option("js.esm-eval-returns-exports", "true")
                .option("js.console", "false")
                .option("js.print", "false")
                .option("js.load", "false")
                .build();
        loaded.context = context;
        try {
            Value hooks = context.eval(prelude)
                    .execute(
                            (ProxyExecutable) a -> loaded.syscall(a[0].asString(), a[1].asString()),
                            (ProxyExecutable) a -> {
                                loaded.log(a[0].asString(), a[1]);
                                return null;
                            },
                            (ProxyExecutable) a -> loaded.env(a[0].asString()));
            loaded.begin = hooks.getMember("begin");
            loaded.settle = hooks.getMember("settle");
            Source source = moduleSources.computeIfAbsent(
                    modulePath,
                    p -> Source.newBuilder("js", sources.apply(p), p + ".js")
                            .mimeType("application/javascript+module")
                            .buildLiteral());
            loaded.exports = context.eval(source);
            return loaded;
        } catch (RuntimeException e) {
            context.close();
            if (e instanceof PolyglotException p && p.isGuestException()) {
                throw new IllegalArgumentException("module " + modulePath + " failed to load: " + p.getMessage(), p);
            }
            throw e;
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        pools.values().forEach(pool -> pool.forEach(l -> l.context.close()));
        pools.clear();
        engine.close();
    }

    /** A context with the prelude and one module evaluated, and what the current run binds to it. */
    @SuppressWarnings("NullAway.Init") // load() sets context, exports, begin and settle before it returns the Loaded
    static final class Loaded implements AutoCloseable {
        Context context;
        Value exports;
        Value begin;
        Value settle;
        int runs;
        private volatile @Nullable Syscalls syscalls;
        private volatile @Nullable FunctionEnvironment env;
        private volatile @Nullable RunClock clock;

        void bind(@Nullable Syscalls syscalls, @Nullable FunctionEnvironment env, @Nullable RunClock clock) {
            this.syscalls = syscalls;
            this.env = env;
            this.clock = clock;
        }

        String syscall(String op, String args) {
            RunClock running = clock;
            if (running == null) {
                // module-level code runs at load time, outside any function
                return "\0" + op + " was called outside a function run (at module load)";
            }
            running.pause();
            try {
                // bind() sets the syscalls before the clock, so a run's clock means its syscalls are there
                return Objects.requireNonNull(syscalls).call(op, args);
            } finally {
                running.resume();
            }
        }

        /** {@code process.env[name]}: the variable's value, or null (undefined) outside a run or when unset. */
        @Nullable
        String env(String name) {
            FunctionEnvironment run = env;
            return run == null ? null : run.env(name).orElse(null);
        }

        void log(String level, Value args) {
            FunctionEnvironment run = env;
            if (run == null) {
                return; // module-level console output at load time has no function to log to
            }
            Object[] values = new Object[(int) args.getArraySize()];
            for (int i = 0; i < values.length; i++) {
                values[i] = plain(args.getArrayElement(i), 0);
            }
            switch (level) {
                case "info" -> run.console().info(values);
                case "warn" -> run.console().warn(values);
                case "error" -> run.console().error(values);
                case "debug" -> run.console().debug(values);
                default -> run.console().log(values);
            }
        }

        @Override
        public void close() {
            context.close();
        }
    }

    /** A JavaScript value as the Java types the runtime's console formats like JavaScript. */
    private static @Nullable Object plain(Value value, int depth) {
        if (value.isNull()) {
            return value.toString().equals("null") ? ConvexValue.NULL : null;
        }
        if (value.isString()) {
            return value.asString();
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isNumber()) {
            return value.fitsInDouble() ? (Object) value.asDouble() : (Object) value.as(BigInteger.class);
        }
        if (value.isException()) {
            return new JsException("Error", String.valueOf(value.getMember("message")));
        }
        if (depth > 6) {
            return value.toString();
        }
        if (value.hasArrayElements()) {
            List<Object> list = new ArrayList<>();
            for (long i = 0; i < value.getArraySize(); i++) {
                list.add(plain(value.getArrayElement(i), depth + 1));
            }
            return list;
        }
        if (value.hasMembers() && !value.canExecute()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (String key : value.getMemberKeys()) {
                map.put(key, plain(value.getMember(key), depth + 1));
            }
            return map;
        }
        return value.toString();
    }

    /** How the function's promise settled, filled by the callbacks of {@code settle}. */
    private static final class Settled {
        private boolean done;
        private @Nullable String value;
        private @Nullable Value error;

        ProxyExecutable onValue() {
            return a -> {
                done = true;
                value = a[0].asString();
                return null;
            };
        }

        ProxyExecutable onError() {
            return a -> {
                done = true;
                error = a[0];
                return null;
            };
        }

        ConvexValue result(Syscalls syscalls) {
            if (!done) {
                throw new JsException(
                        "Error",
                        "The function's promise never settled: it awaited something that cannot complete"
                                + " (jconvex has no timers or network in queries and mutations)");
            }
            if (error != null) {
                throw translate(error, null, syscalls);
            }
            return ConvexJson.parse(Objects.requireNonNull(value)); // settled without an error: onValue set it
        }

        /**
         * The Java exception for a JavaScript error: a {@code ConvexError} (its {@code data} already
         * serialized by registration_impl.js's {@code serializeConvexErrorData}), the runtime's own
         * exception behind a failed syscall, or a {@link JsException} with the error's class name.
         */
        static RuntimeException translate(@Nullable Value error, @Nullable String fallbackMessage, Syscalls syscalls) {
            if (error == null || !error.hasMembers()) {
                String text = error == null ? fallbackMessage : error.toString();
                return new JsException("", text == null ? "" : text);
            }
            Value data = error.getMember("data");
            if (error.hasMember("ConvexErrorSymbol") && data != null && data.isString()) {
                return new ConvexError(ConvexJson.parse(data.asString()));
            }
            Value messageValue = error.getMember("message");
            String message = messageValue != null && messageValue.isString() ? messageValue.asString() : "";
            var failure = syscalls.failure(message);
            if (failure.isPresent()) {
                return failure.get();
            }
            Value nameValue = error.getMember("name");
            String name = nameValue != null && nameValue.isString() ? nameValue.asString() : "Error";
            return new JsException(name, V8Messages.of(name, message));
        }
    }
}
