package dev.jconvex.admin;

import dev.jconvex.database.Order;
import dev.jconvex.database.PaginationOptions;
import dev.jconvex.database.PaginationResult;
import dev.jconvex.execution.ConvexModule;
import dev.jconvex.execution.FunctionSpec;
import dev.jconvex.execution.ModuleBuilder;
import dev.jconvex.execution.QueryHandler;
import dev.jconvex.execution.RegisteredFunction;
import dev.jconvex.execution.Visibility;
import dev.jconvex.values.ConvexError;
import dev.jconvex.values.ConvexValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The system queries the {@code npx convex} CLI runs over the sync protocol with the admin key,
 * named as in Convex's backend ({@code npm-packages/system-udfs/convex/_system/cli/}):
 *
 * <table>
 *   <caption>system functions</caption>
 *   <tr><th>path</th><th>used by</th><th>answers</th></tr>
 *   <tr><td>{@code _system/cli/tables}</td><td>{@code data}</td><td>a page of {@code {name}}</td></tr>
 *   <tr><td>{@code _system/cli/tableData}</td><td>{@code data <table>}</td><td>a page of documents,
 *       {@code order} {@code "asc"|"desc"} by creation time</td></tr>
 *   <tr><td>{@code _system/cli/queryEnvironmentVariables}</td><td>{@code env list}</td><td>{@code [{name, value}]}</td></tr>
 *   <tr><td>{@code _system/cli/queryEnvironmentVariables:get}</td><td>{@code env get}</td><td>{@code {name, value}} or null</td></tr>
 *   <tr><td>{@code _system/cli/modules:apiSpec}</td><td>{@code function-spec}, {@code run}</td><td>one entry per function</td></tr>
 *   <tr><td>{@code _system/cli/convexUrl:cloudUrl}</td><td>{@code function-spec}</td><td>the deployment URL</td></tr>
 *   <tr><td>{@code _system/cli/exports:getLatest}</td><td>{@code export}</td><td>the latest export's state</td></tr>
 *   <tr><td>{@code _system/cli/queryImport}, {@code :list}</td><td>{@code import}</td><td>an import's state; all imports</td></tr>
 * </table>
 *
 * <p>{@link #modules} also holds the dashboard's functions, under {@code _system/dashboard/}
 * ({@link DashboardFunctions}).
 *
 * <p>Functions under {@code _system/} are "not found" to anyone but an admin ({@code
 * FunctionRunner}). Their handlers reach the deployment through {@link Admin}, bound once the
 * runtime is built.
 */
public final class SystemFunctions {

    /** The most documents one {@code tableData} page holds. */
    static final int MAX_PAGE = 1000;

    private SystemFunctions() {}

    /** The modules, whose handlers ask {@code admin} for the deployment once it exists. */
    public static List<ConvexModule> modules(Supplier<Admin> admin) {
        List<ConvexModule> modules = new ArrayList<>(cli(admin));
        modules.addAll(DashboardFunctions.modules(admin));
        return List.copyOf(modules);
    }

    /** The {@code _system/cli/} modules. */
    private static List<ConvexModule> cli(Supplier<Admin> admin) {
        return List.of(
                module(
                        "_system/cli/tables",
                        m -> m.query("default", any((ctx, args) -> {
                            List<ConvexValue> page = new ArrayList<>();
                            for (String name : admin.get().database().tableNames()) {
                                page.add(ConvexValue.obj(Map.of("name", ConvexValue.str(name))));
                            }
                            return page(page, true, "");
                        }))),
                module(
                        "_system/cli/tableData",
                        m -> m.query("default", any((ctx, args) -> {
                            String table = string(args, "table");
                            Order order =
                                    optionalString(args, "order").orElse("asc").equals("desc") ? Order.DESC : Order.ASC;
                            PaginationOptions options = pagination(args);
                            if (!admin.get().database().tableNames().contains(table)) {
                                return page(List.of(), true, "");
                            }
                            PaginationResult result =
                                    ctx.db().query(table).order(order).paginate(options);
                            return page(result.page(), result.isDone(), result.continueCursor());
                        }))),
                module(
                        "_system/cli/queryEnvironmentVariables",
                        m -> m.query("default", any((ctx, args) -> {
                                    List<ConvexValue> list = new ArrayList<>();
                                    admin.get()
                                            .environment()
                                            .list()
                                            .forEach((name, value) -> list.add(variable(name, value)));
                                    return ConvexValue.array(list);
                                }))
                                .query("get", any((ctx, args) -> {
                                    String name = string(args, "name");
                                    return Optional.ofNullable(admin.get()
                                                    .environment()
                                                    .list()
                                                    .get(name))
                                            .<ConvexValue>map(value -> variable(name, value))
                                            .orElse(ConvexValue.NULL);
                                }))),
                module("_system/cli/modules", m -> m.query("apiSpec", any((ctx, args) -> apiSpec(admin.get())))),
                module(
                        "_system/cli/convexUrl",
                        m -> m.query(
                                "cloudUrl",
                                any((ctx, args) -> ctx.env("CONVEX_CLOUD_URL")
                                        .<ConvexValue>map(ConvexValue::str)
                                        .orElse(ConvexValue.NULL)))),
                module(
                        "_system/cli/exports",
                        m -> m.query(
                                "getLatest",
                                any((ctx, args) -> admin.get()
                                        .exports()
                                        .latest()
                                        .map(SnapshotExports.State::toValue)
                                        .orElse(ConvexValue.NULL)))),
                module(
                        "_system/cli/queryImport",
                        m -> m.query(
                                        "default",
                                        any((ctx, args) -> admin.get()
                                                .imports()
                                                .find(string(args, "importId"))
                                                .map(SnapshotImports.Job::toValue)
                                                .orElse(ConvexValue.NULL)))
                                .query(
                                        "list",
                                        any((ctx, args) -> ConvexValue.array(admin.get().imports().all().stream()
                                                .map(SnapshotImports.Job::toValue)
                                                .toList())))));
    }

    /** {@code [{functionType, identifier, visibility: {kind}, args, returns}]} for the user's functions. */
    private static ConvexValue apiSpec(Admin admin) {
        List<ConvexValue> out = new ArrayList<>();
        for (RegisteredFunction function : admin.functions()) {
            if (function.path().isSystem()) {
                continue;
            }
            var spec = admin.registry().spec(function.path()).orElseThrow();
            Map<String, ConvexValue> entry = new LinkedHashMap<>();
            entry.put("functionType", ConvexValue.str(function.kind().displayName()));
            entry.put("identifier", ConvexValue.str(function.path().canonical()));
            entry.put(
                    "visibility",
                    ConvexValue.obj(Map.of(
                            "kind",
                            ConvexValue.str(function.visibility() == Visibility.PUBLIC ? "public" : "internal"))));
            entry.put(
                    "args",
                    ConvexValue.str(
                            spec.args().map(v -> ValidatorJson.of(v).toString()).orElse("{\"type\":\"any\"}")));
            entry.put(
                    "returns",
                    ConvexValue.str(spec.returns()
                            .map(v -> ValidatorJson.of(v).toString())
                            .orElse("{\"type\":\"any\"}")));
            out.add(ConvexValue.obj(entry));
        }
        return ConvexValue.array(out);
    }

    // ---- helpers

    static ConvexModule module(String path, java.util.function.Consumer<ModuleBuilder> define) {
        return new ConvexModule() {
            @Override
            public String path() {
                return path;
            }

            @Override
            public void define(ModuleBuilder module) {
                define.accept(module);
            }
        };
    }

    /** A query that takes any arguments (system functions check their own). */
    private static FunctionSpec<QueryHandler> any(QueryHandler handler) {
        return new FunctionSpec<>(Optional.empty(), Optional.empty(), handler);
    }

    private static ConvexValue variable(String name, String value) {
        return ConvexValue.obj(Map.of("name", ConvexValue.str(name), "value", ConvexValue.str(value)));
    }

    static ConvexValue page(List<? extends ConvexValue> page, boolean isDone, String continueCursor) {
        return ConvexValue.obj(Map.of(
                "page", ConvexValue.array(page),
                "isDone", ConvexValue.bool(isDone),
                "continueCursor", ConvexValue.str(continueCursor)));
    }

    static String string(ConvexValue.Obj args, String name) {
        return optionalString(args, name).orElseThrow(() -> new ConvexError("missing string argument `" + name + "`"));
    }

    static Optional<String> optionalString(ConvexValue.Obj args, String name) {
        ConvexValue value = args.fields().get(name);
        if (value == null || value instanceof ConvexValue.Null) {
            return Optional.empty();
        }
        if (value instanceof ConvexValue.Str s) {
            return Optional.of(s.value());
        }
        throw new ConvexError("argument `" + name + "` must be a string");
    }

    /** {@code paginationOpts: {numItems, cursor}} as the CLI sends it ({@code numItems} up to 10,000). */
    private static PaginationOptions pagination(ConvexValue.Obj args) {
        if (!(args.fields().get("paginationOpts") instanceof ConvexValue.Obj opts)) {
            return new PaginationOptions(100, Optional.empty());
        }
        int numItems = opts.fields().get("numItems") instanceof ConvexValue.Float64 f ? (int) f.value() : 100;
        Optional<String> cursor = optionalString(opts, "cursor");
        // A page is bounded like any query's; the CLI asks for more pages until it has its --limit.
        return new PaginationOptions(Math.clamp(numItems, 1, MAX_PAGE), cursor);
    }
}
