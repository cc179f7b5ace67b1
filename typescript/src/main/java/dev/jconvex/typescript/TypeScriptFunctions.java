package dev.jconvex.typescript;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jconvex.execution.ConvexModule;
import dev.jconvex.execution.Visibility;
import dev.jconvex.protocol.FunctionKind;
import dev.jconvex.schema.TableDefinition;
import dev.jconvex.validators.Validator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.graalvm.polyglot.Value;

/**
 * A Convex project's TypeScript {@code convex/} folder, bundled and ready to register beside Java
 * modules: {@code Jconvex.builder().replacingModules(TypeScriptFunctions.load(dir).modules())}.
 *
 * <p>Loading bundles the folder with esbuild ({@link TypeScriptConfig#toolchain()}), then evaluates
 * each module once on GraalJS to read what it exports, as Convex's deploy-time analysis does: every
 * export whose value is a registered {@code query}, {@code mutation}, {@code internalQuery} or
 * {@code internalMutation} becomes a function at {@code <module path>:<export name>}, with the
 * argument validator of its {@code exportArgs()} and the return validator of its {@code
 * exportReturns()}; actions too (their {@code ctx.runQuery}/{@code runMutation}/{@code runAction} go
 * through the runtime). The default export of {@code schema.ts} supplies the tables and indexes.
 * HTTP actions are not served yet: they are listed by {@link #skipped()}.
 *
 * <p>Close it to release the GraalJS engine once the deployment using its modules is closed.
 */
public final class TypeScriptFunctions implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final JsRuntime runtime;
    private final List<ConvexModule> modules;
    private final List<String> skipped;

    private TypeScriptFunctions(Path directory, JsRuntime runtime, List<ConvexModule> modules, List<String> skipped) {
        this.directory = directory;
        this.runtime = runtime;
        this.modules = List.copyOf(modules);
        this.skipped = List.copyOf(skipped);
    }

    /** Loads {@code convexDir} with the {@linkplain TypeScriptConfig#defaults() default configuration}. */
    public static TypeScriptFunctions load(Path convexDir) {
        return load(convexDir, TypeScriptConfig.defaults());
    }

    /**
     * Bundles and analyzes {@code convexDir}.
     *
     * @throws IllegalArgumentException if the folder is missing, a module fails to evaluate, or its
     *     metadata or schema uses something this runtime does not support
     * @throws IllegalStateException if the toolchain is not installed or esbuild fails (with its messages)
     */
    public static TypeScriptFunctions load(Path convexDir, TypeScriptConfig config) {
        Bundle bundle = new Bundler(config.toolchain(), config.cacheDirectory(), config.node()).bundle(convexDir);
        JsRuntime runtime = new JsRuntime(bundle::source, config.timeLimit(), config.warmUpAllowance());
        try {
            List<ConvexModule> modules = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            if (bundle.hasSchema()) {
                modules.add(new TypeScriptModule("schema", List.of(), schemaTables(runtime), runtime));
            }
            for (String path : bundle.modules()) {
                List<TypeScriptModule.Export> exports = analyze(runtime, path, skipped);
                if (!exports.isEmpty()) {
                    modules.add(new TypeScriptModule(path, exports, List.of(), runtime));
                }
            }
            return new TypeScriptFunctions(convexDir, runtime, modules, skipped);
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    /** The modules to register: one per file with functions, plus {@code schema} with the tables. */
    public List<ConvexModule> modules() {
        return modules;
    }

    /** The paths of the modules with functions ({@code "mutable"}, {@code "dir/file"}). */
    public List<String> modulePaths() {
        return modules.stream()
                .filter(m -> !((TypeScriptModule) m).exports().isEmpty())
                .map(ConvexModule::path)
                .toList();
    }

    /** Exports that are Convex functions this runtime does not serve yet (HTTP actions), as {@code path:name (kind)}. */
    public List<String> skipped() {
        return skipped;
    }

    /** The folder these modules were loaded from. */
    public Path directory() {
        return directory;
    }

    /**
     * How GraalJS executes: the Truffle runtime's name ("Interpreted" when the optimizing runtime is
     * not available on this JVM, see docs/typescript.md).
     */
    public String engineMode() {
        return runtime.mode();
    }

    @Override
    public void close() {
        runtime.close();
    }

    private static List<TableDefinition> schemaTables(JsRuntime runtime) {
        try (JsRuntime.Loaded schema = runtime.load("schema")) {
            Value definition = schema.exports.getMember("default");
            if (definition == null || !definition.hasMember("export")) {
                throw new IllegalArgumentException("schema.ts must `export default defineSchema({...})`");
            }
            return ValidatorCodec.tables(
                    JSON.readTree(definition.invokeMember("export").asString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<TypeScriptModule.Export> analyze(JsRuntime runtime, String path, List<String> skipped) {
        List<TypeScriptModule.Export> exports = new ArrayList<>();
        JsRuntime.Loaded module = runtime.load(path);
        try {
            for (String name : module.exports.getMemberKeys()) {
                Value value = module.exports.getMember(name);
                if (value == null || !value.canExecute()) {
                    continue;
                }
                FunctionKind kind;
                if (flag(value, "isQuery")) {
                    kind = FunctionKind.QUERY;
                } else if (flag(value, "isMutation")) {
                    kind = FunctionKind.MUTATION;
                } else if (flag(value, "isAction")) {
                    kind = FunctionKind.ACTION;
                } else if (flag(value, "isHttp")) {
                    skipped.add(path + ":" + name + " (httpAction)");
                    continue;
                } else {
                    continue; // a helper or an httpAction: not a callable function
                }
                Visibility visibility = flag(value, "isInternal") ? Visibility.INTERNAL : Visibility.PUBLIC;
                Validator args = validator(value, "exportArgs", path, name).orElseThrow();
                Optional<Validator> returns = validator(value, "exportReturns", path, name);
                exports.add(new TypeScriptModule.Export(name, kind, visibility, args, returns));
            }
        } catch (RuntimeException e) {
            module.close();
            throw e;
        }
        runtime.offer(path, module); // the first function run reuses the evaluated module
        return exports;
    }

    private static boolean flag(Value function, String member) {
        Value flag = function.getMember(member);
        return flag != null && flag.isBoolean() && flag.asBoolean();
    }

    private static Optional<Validator> validator(Value function, String member, String path, String name) {
        try {
            String json = function.invokeMember(member).asString();
            var node = JSON.readTree(json);
            return node.isNull() ? Optional.empty() : Optional.of(ValidatorCodec.validator(node));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "cannot read the validators of " + path + ":" + name + ": " + e.getMessage(), e);
        }
    }
}
