package dev.jconvex.execution.internal;

import dev.jconvex.errors.ConvexException;
import dev.jconvex.execution.ActionHandler;
import dev.jconvex.execution.ConvexModule;
import dev.jconvex.execution.FunctionSpec;
import dev.jconvex.execution.ModuleBuilder;
import dev.jconvex.execution.MutationHandler;
import dev.jconvex.execution.QueryHandler;
import dev.jconvex.execution.RegisteredFunction;
import dev.jconvex.execution.Visibility;
import dev.jconvex.protocol.FunctionKind;
import dev.jconvex.protocol.FunctionPath;
import dev.jconvex.schema.TableDefinition;
import dev.jconvex.validators.Validator;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The functions and tables that a set of {@link ConvexModule}s declare, indexed by canonical path.
 * Immutable once built; {@link #of} calls each module's {@link ConvexModule#define} exactly once.
 */
public final class FunctionRegistry {

    private final Map<FunctionPath, Entry> functions;
    private final List<TableDefinition> tables;

    private FunctionRegistry(Map<FunctionPath, Entry> functions, List<TableDefinition> tables) {
        this.functions = functions;
        this.tables = tables;
    }

    /**
     * Builds the registry of {@code modules}.
     *
     * @throws IllegalArgumentException if two modules share a path, a module or function name is not
     *     a valid Convex path, a function is declared twice, an args validator is neither {@code
     *     v.object} nor {@code v.any()}, or two modules declare one table
     */
    public static FunctionRegistry of(Collection<? extends ConvexModule> modules) {
        Map<FunctionPath, Entry> functions = new LinkedHashMap<>();
        Map<String, TableDefinition> tables = new LinkedHashMap<>();
        Map<String, ConvexModule> byPath = new LinkedHashMap<>();
        for (ConvexModule module : modules) {
            String modulePath = Objects.requireNonNull(module.path(), "module path");
            FunctionPath probe = parseDeclared(modulePath, FunctionPath.DEFAULT_EXPORT, module);
            ConvexModule previous = byPath.putIfAbsent(probe.modulePath(), module);
            if (previous != null) {
                throw new IllegalArgumentException("two modules have the path " + probe.modulePath() + ": "
                        + previous.getClass().getName() + " and "
                        + module.getClass().getName());
            }
            module.define(new Builder(module, functions, tables));
        }
        return new FunctionRegistry(Map.copyOf(functions), List.copyOf(tables.values()));
    }

    /** The function at {@code path}, whatever its visibility. */
    Optional<Entry> find(FunctionPath path) {
        return Optional.ofNullable(functions.get(path));
    }

    /** Every function, sorted by canonical path. */
    public List<RegisteredFunction> functions() {
        return functions.values().stream()
                .map(Entry::describe)
                .sorted(Comparator.comparing(f -> f.path().canonical()))
                .toList();
    }

    /** The function at {@code path} with its kind and visibility, if it exists. */
    public Optional<RegisteredFunction> function(FunctionPath path) {
        return find(path).map(Entry::describe);
    }

    /** The argument and return validators of the function at {@code path}, if it exists. */
    public Optional<FunctionSpec<?>> spec(FunctionPath path) {
        return find(path).map(Entry::spec);
    }

    /** The tables the modules declare, in declaration order: the deployment's schema. */
    public List<TableDefinition> tables() {
        return tables;
    }

    private static FunctionPath parseDeclared(String modulePath, String name, ConvexModule module) {
        try {
            FunctionPath path = FunctionPath.parse(modulePath + ":" + name);
            if (!path.functionName().equals(name)) {
                throw new IllegalArgumentException("invalid function name " + name + " in module "
                        + module.getClass().getName());
            }
            return path;
        } catch (ConvexException e) {
            throw new IllegalArgumentException(
                    "module " + module.getClass().getName() + " declares an invalid function: " + e.getMessage(), e);
        }
    }

    /** A registered function: its public description and its spec, whose handler type matches the kind. */
    record Entry(RegisteredFunction function, FunctionSpec<?> spec, RunCost cost) {
        RegisteredFunction describe() {
            return function;
        }

        FunctionKind kind() {
            return function.kind();
        }

        FunctionPath path() {
            return function.path();
        }
    }

    private static final class Builder implements ModuleBuilder {
        private final ConvexModule module;
        private final Map<FunctionPath, Entry> functions;
        private final Map<String, TableDefinition> tables;

        Builder(ConvexModule module, Map<FunctionPath, Entry> functions, Map<String, TableDefinition> tables) {
            this.module = module;
            this.functions = functions;
            this.tables = tables;
        }

        @Override
        public ModuleBuilder table(TableDefinition table) {
            Objects.requireNonNull(table, "table");
            if (tables.putIfAbsent(table.name(), table) != null) {
                throw new IllegalArgumentException("table " + table.name() + " is declared twice (again by "
                        + module.getClass().getName() + ")");
            }
            return this;
        }

        @Override
        public ModuleBuilder query(String name, FunctionSpec<QueryHandler> spec) {
            return add(name, FunctionKind.QUERY, Visibility.PUBLIC, spec);
        }

        @Override
        public ModuleBuilder mutation(String name, FunctionSpec<MutationHandler> spec) {
            return add(name, FunctionKind.MUTATION, Visibility.PUBLIC, spec);
        }

        @Override
        public ModuleBuilder action(String name, FunctionSpec<ActionHandler> spec) {
            return add(name, FunctionKind.ACTION, Visibility.PUBLIC, spec);
        }

        @Override
        public ModuleBuilder internalQuery(String name, FunctionSpec<QueryHandler> spec) {
            return add(name, FunctionKind.QUERY, Visibility.INTERNAL, spec);
        }

        @Override
        public ModuleBuilder internalMutation(String name, FunctionSpec<MutationHandler> spec) {
            return add(name, FunctionKind.MUTATION, Visibility.INTERNAL, spec);
        }

        @Override
        public ModuleBuilder internalAction(String name, FunctionSpec<ActionHandler> spec) {
            return add(name, FunctionKind.ACTION, Visibility.INTERNAL, spec);
        }

        private ModuleBuilder add(String name, FunctionKind kind, Visibility visibility, FunctionSpec<?> spec) {
            Objects.requireNonNull(spec, "spec");
            FunctionPath path = parseDeclared(module.path(), Objects.requireNonNull(name, "name"), module);
            // values §5.1: "args validators must be v.object or v.any()"
            spec.args().ifPresent(args -> {
                if (!(args instanceof Validator.ObjectV || args instanceof Validator.AnyV)) {
                    throw new IllegalArgumentException("the args validator of " + path.display()
                            + " must be v.object(...) or v.any(), not " + args.display());
                }
            });
            Entry entry = new Entry(new RegisteredFunction(path, kind, visibility), spec, new RunCost());
            if (functions.putIfAbsent(path, entry) != null) {
                throw new IllegalArgumentException("function " + path.display() + " is declared twice");
            }
            return this;
        }
    }
}
