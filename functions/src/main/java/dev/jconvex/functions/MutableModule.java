package dev.jconvex.functions;

import static dev.jconvex.values.ConvexValue.float64;
import static dev.jconvex.values.ConvexValue.str;

import dev.jconvex.database.DatabaseReader;
import dev.jconvex.database.DatabaseWriter;
import dev.jconvex.database.Patch;
import dev.jconvex.execution.ConvexModule;
import dev.jconvex.execution.FunctionEnvironment;
import dev.jconvex.execution.FunctionSpec;
import dev.jconvex.execution.JsException;
import dev.jconvex.execution.ModuleBuilder;
import dev.jconvex.execution.MutationCtx;
import dev.jconvex.execution.QueryCtx;
import dev.jconvex.functions.js.Js;
import dev.jconvex.schema.TableDefinition;
import dev.jconvex.validators.Validator;
import dev.jconvex.validators.v;
import dev.jconvex.values.ConvexError;
import dev.jconvex.values.ConvexValue;
import dev.jconvex.values.ConvexValue.Obj;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Cortex SDK - Mutable Store API (Layer 1c): the Java port of the seed module {@code mutable.ts}
 * (ACID-compliant mutable storage for live, frequently-changing data; namespaces: inventory, config,
 * counters, sessions, state, etc.).
 *
 * <p>Design note. Each function below follows its TypeScript original statement by statement, with
 * the TypeScript in a comment where the JavaScript semantics matter; those semantics ({@code ||}
 * defaults, {@code +} and {@code -} on arbitrary values, {@code slice}, {@code localeCompare}, the
 * stable sort) come from {@link Js}, never from ad-hoc Java. A JavaScript {@code undefined} is a Java
 * {@code null} {@link ConvexValue}; a number is a {@code Float64}, so counts and timestamps are
 * returned as float64 exactly as the seed returns JavaScript numbers. The seed repeats the same
 * tenant-aware lookup in eight functions; here it is {@link #lookup} and {@link #scan}, with the
 * seed's SECURITY comments kept there. Proven against the seed itself, run under convex-test, by
 * {@code MutableDifferentialIT} (docs/mutable-port.md).
 */
public final class MutableModule implements ConvexModule {

    /** The module, as {@link java.util.ServiceLoader} creates it for {@code serve} and the embedded runtime. */
    public MutableModule() {}

    /** The table the module stores entries in. */
    public static final String TABLE = "mutable";

    /**
     * The seed's table, as issue 2 lists it: fields and the seven indexes; plus the engine-internal
     * indexes {@code list} reads in sort order ({@link ListPlan#INDEXES}), which no client sees.
     */
    public static final TableDefinition MUTABLE_TABLE = withDerivedIndexes(TableDefinition.define(
                    TABLE,
                    argsObject(
                            "namespace", v.string(),
                            "key", v.string(),
                            "value", v.any(),
                            "userId", v.optional(v.string()),
                            "tenantId", v.optional(v.string()),
                            "metadata", v.optional(v.any()),
                            "createdAt", v.number(),
                            "updatedAt", v.number()))
            .index("by_namespace_key", "namespace", "key")
            .index("by_namespace", "namespace")
            .index("by_tenantId", "tenantId")
            .index("by_tenant_namespace", "tenantId", "namespace")
            .index("by_tenant_namespace_key", "tenantId", "namespace", "key")
            .index("by_userId", "userId")
            .index("by_updated", "updatedAt"));

    private static TableDefinition withDerivedIndexes(TableDefinition table) {
        for (var derived : ListPlan.INDEXES) {
            table = table.derivedIndex(derived);
        }
        return table;
    }

    @Override
    public String path() {
        return "mutable";
    }

    @Override
    public void define(ModuleBuilder module) {
        module.table(MUTABLE_TABLE);

        // ━━ Mutations (Write Operations) ━━
        module.mutation(
                "set",
                FunctionSpec.of(
                        argsObject(
                                "namespace", v.string(),
                                "key", v.string(),
                                "value", v.any(),
                                "userId", v.optional(v.string()),
                                "tenantId", v.optional(v.string()), // Multi-tenancy: SaaS platform isolation
                                "metadata", v.optional(v.any())),
                        MutableModule::set));
        module.mutation(
                "update",
                FunctionSpec.of(
                        argsObject(
                                "namespace", v.string(),
                                "key", v.string(),
                                // Note: updater function is passed as serialized code in the actual implementation
                                // For now, we'll handle simple operations
                                "operation",
                                        v.union(
                                                v.literal("increment"),
                                                v.literal("decrement"),
                                                v.literal("append"),
                                                v.literal("custom")),
                                "operand", v.optional(v.any()),
                                "tenantId", v.optional(v.string())), // Multi-tenancy: SaaS platform isolation
                        MutableModule::update));
        module.mutation(
                "deleteKey",
                FunctionSpec.of(
                        argsObject(
                                "namespace", v.string(),
                                "key", v.string(),
                                "tenantId", v.optional(v.string())), // Multi-tenancy: SaaS platform isolation
                        MutableModule::deleteKey));
        module.mutation(
                "purgeNamespace",
                FunctionSpec.of(
                        argsObject(
                                "namespace", v.string(),
                                "dryRun", v.optional(v.bool()),
                                "tenantId", v.optional(v.string())), // Multi-tenancy: SaaS platform isolation
                        MutableModule::purgeNamespace));
        module.mutation(
                "transaction",
                FunctionSpec.of(
                        argsObject(
                                "operations",
                                        v.array(argsObject(
                                                "op",
                                                        v.union(
                                                                v.literal("set"),
                                                                v.literal("update"),
                                                                v.literal("delete"),
                                                                v.literal("increment"),
                                                                v.literal("decrement")),
                                                "namespace", v.string(),
                                                "key", v.string(),
                                                "value", v.optional(v.any()),
                                                "amount", v.optional(v.number()))),
                                "tenantId", v.optional(v.string())), // Multi-tenancy: SaaS platform isolation
                        MutableModule::transaction));
        module.mutation(
                "purgeMany",
                FunctionSpec.of(
                        argsObject(
                                "namespace", v.string(),
                                "keyPrefix", v.optional(v.string()),
                                "userId", v.optional(v.string()),
                                "updatedBefore", v.optional(v.number()),
                                "tenantId", v.optional(v.string())), // Multi-tenancy: SaaS platform isolation
                        MutableModule::purgeMany));

        // ━━ Queries (Read Operations) ━━
        module.query(
                "get",
                FunctionSpec.of(
                        argsObject(
                                "namespace", v.string(),
                                "key", v.string(),
                                "tenantId", v.optional(v.string())), // Multi-tenancy filter
                        MutableModule::get));
        module.query(
                "exists",
                FunctionSpec.of(
                        argsObject(
                                "namespace", v.string(),
                                "key", v.string(),
                                "tenantId", v.optional(v.string())), // Multi-tenancy filter
                        MutableModule::exists));
        module.query(
                "list",
                FunctionSpec.of(
                        argsObject(
                                "namespace", v.string(),
                                "keyPrefix", v.optional(v.string()),
                                "userId", v.optional(v.string()),
                                "tenantId", v.optional(v.string()), // Multi-tenancy filter
                                "limit", v.optional(v.number()),
                                "offset", v.optional(v.number()),
                                "updatedAfter", v.optional(v.number()),
                                "updatedBefore", v.optional(v.number()),
                                "sortBy", v.optional(v.string()),
                                "sortOrder", v.optional(v.string())),
                        MutableModule::list));
        module.query(
                "count",
                FunctionSpec.of(
                        argsObject(
                                "namespace", v.string(),
                                "userId", v.optional(v.string()),
                                "tenantId", v.optional(v.string()), // Multi-tenancy filter
                                "keyPrefix", v.optional(v.string()),
                                "updatedAfter", v.optional(v.number()),
                                "updatedBefore", v.optional(v.number())),
                        MutableModule::count));

        module.mutation(
                "purgeAll",
                FunctionSpec.of(
                        argsObject("tenantId", v.optional(v.string())), // Multi-tenancy: SaaS platform isolation
                        MutableModule::purgeAll));
    }

    // ━━ Shared lookups (the seed inlines these in every function) ━━

    /**
     * The entry for (tenantId, namespace, key), as every seed function looks it up.
     *
     * <p>{@code if (args.tenantId)}: a truthy tenantId looks for the tenant-specific entry in {@code
     * by_tenant_namespace_key}. Otherwise (no tenantId, or the empty string) it falls back to the
     * global {@code by_namespace_key} lookup, takes the FIRST row (rows with equal index values come
     * in creation order) and keeps it only if it has no truthy tenantId.
     *
     * <p>SECURITY: Must verify the matched record has no tenantId to prevent cross-tenant access.
     * Only match if the record is truly global (no tenantId). A tenant row created before a global row
     * on the same namespace/key therefore hides that global row from global callers, as on Convex.
     */
    private static Optional<Obj> lookup(
            DatabaseReader db, @Nullable ConvexValue tenantId, String namespace, String key) {
        if (Js.truthy(tenantId)) {
            // With tenant isolation: look for tenant-specific entry
            return db.query(TABLE)
                    .withIndex(
                            "by_tenant_namespace_key",
                            q -> q.eq("tenantId", tenantId)
                                    .eq("namespace", str(namespace))
                                    .eq("key", str(key)))
                    .first();
        }
        // Without tenant: fallback to global namespace/key lookup
        Optional<Obj> candidate = db.query(TABLE)
                .withIndex(
                        "by_namespace_key",
                        q -> q.eq("namespace", str(namespace)).eq("key", str(key)))
                .first();
        // existing = candidate && !candidate.tenantId ? candidate : null;
        return candidate.filter(c -> !Js.truthy(field(c, "tenantId")));
    }

    /**
     * The entries of a namespace: a truthy tenantId reads only that tenant's entries ({@code
     * by_tenant_namespace}); otherwise every entry of the namespace, tenants' included ({@code
     * by_namespace}: "Global namespace purge (use with caution)"). Index order, ties in creation order.
     *
     * <p>SECURITY: When tenantId is provided, only entries belonging to that tenant within the
     * namespace are read, purged or counted. This prevents cross-tenant data deletion.
     */
    private static List<Obj> scan(DatabaseReader db, @Nullable ConvexValue tenantId, String namespace) {
        if (Js.truthy(tenantId)) {
            // Tenant-isolated query
            return db.query(TABLE)
                    .withIndex(
                            "by_tenant_namespace",
                            q -> q.eq("tenantId", tenantId).eq("namespace", str(namespace)))
                    .collect();
        }
        return db.query(TABLE)
                .withIndex("by_namespace", q -> q.eq("namespace", str(namespace)))
                .collect();
    }

    // ━━ Mutations (Write Operations) ━━

    /** Set a key to a value (creates or overwrites). */
    static ConvexValue set(MutationCtx ctx, Obj args) {
        ConvexValue now = float64((double) ctx.now());
        DatabaseWriter db = ctx.db();

        // Check if entry exists - must match both namespace/key AND tenantId for proper isolation
        Optional<Obj> existing = lookup(db, field(args, "tenantId"), string(args, "namespace"), string(args, "key"));

        if (existing.isPresent()) {
            // Update existing
            Obj entry = existing.get();
            String id = id(entry);
            ConvexValue userId = field(args, "userId");
            ConvexValue metadata = field(args, "metadata");
            db.patch(
                    id,
                    Patch.builder()
                            .set("value", Objects.requireNonNull(field(args, "value"))) // a required argument
                            // userId: args.userId !== undefined ? args.userId : existing.userId
                            .setOrRemove("userId", userId != null ? userId : field(entry, "userId"))
                            // metadata: args.metadata !== undefined ? args.metadata : existing.metadata
                            .setOrRemove("metadata", metadata != null ? metadata : field(entry, "metadata"))
                            .set("updatedAt", now)
                            .build());
            return db.get(id).<ConvexValue>map(d -> d).orElse(ConvexValue.NULL);
        }
        // Create new
        Map<String, ConvexValue> doc = new LinkedHashMap<>();
        doc.put("namespace", field(args, "namespace"));
        doc.put("key", field(args, "key"));
        doc.put("value", field(args, "value"));
        putIfDefined(doc, "userId", field(args, "userId"));
        putIfDefined(doc, "tenantId", field(args, "tenantId")); // Store tenantId
        putIfDefined(doc, "metadata", field(args, "metadata"));
        doc.put("createdAt", now);
        doc.put("updatedAt", now);
        String id = db.insert(TABLE, ConvexValue.obj(doc));
        return db.get(id).<ConvexValue>map(d -> d).orElse(ConvexValue.NULL);
    }

    /** Atomic update using updater function. */
    static ConvexValue update(MutationCtx ctx, Obj args) {
        DatabaseWriter db = ctx.db();
        Optional<Obj> found = lookup(db, field(args, "tenantId"), string(args, "namespace"), string(args, "key"));

        if (found.isEmpty()) {
            throw new ConvexError("MUTABLE_KEY_NOT_FOUND");
        }
        Obj existing = found.get();
        ConvexValue existingValue = field(existing, "value");
        ConvexValue operand = field(args, "operand");
        ConvexValue updatedAt = float64((double) ctx.now());

        // Apply operation
        ConvexValue newValue = switch (string(args, "operation")) {
            // (existing.value || 0) + (args.operand || 1)
            case "increment" -> Js.add(Js.or(existingValue, float64(0)), Js.or(operand, float64(1)));
            // (existing.value || 0) - (args.operand || 1)
            case "decrement" -> Js.subtract(Js.or(existingValue, float64(0)), Js.or(operand, float64(1)));
            case "append" -> {
                if (existingValue instanceof ConvexValue.Array array) {
                    // [...existing.value, args.operand]
                    yield appendForPatch(array, operand, updatedAt);
                }
                throw new JsException("MUTABLE_VALUE_NOT_ARRAY");
            }
            case "custom" -> operand; // For custom updates via SDK
            default -> existingValue; // unreachable: the args validator admits the four literals
        };

        String id = id(existing);
        db.patch(
                id,
                Patch.builder()
                        .setOrRemove("value", newValue)
                        .set("updatedAt", updatedAt)
                        .build());
        return db.get(id).<ConvexValue>map(d -> d).orElse(ConvexValue.NULL);
    }

    /**
     * {@code [...array, operand]} as the value of {@code db.patch(id, {value, updatedAt})}: an
     * undefined operand makes an array Convex cannot store, and the patch fails with the serializer's
     * error naming {@code .value[n]} and the patch object.
     */
    private static ConvexValue appendForPatch(
            ConvexValue.Array array, @Nullable ConvexValue operand, ConvexValue updatedAt) {
        if (operand == null) {
            List<Object> elements = new ArrayList<>(array.values());
            elements.add(null);
            Map<String, Object> patch = new LinkedHashMap<>();
            patch.put("value", elements);
            patch.put("updatedAt", updatedAt);
            throw Js.undefinedIsNotAValidConvexValue(".value[" + array.values().size() + "]", patch);
        }
        List<ConvexValue> elements = new ArrayList<>(array.values());
        elements.add(operand);
        return ConvexValue.array(elements);
    }

    /** Delete a key. */
    static ConvexValue deleteKey(MutationCtx ctx, Obj args) {
        DatabaseWriter db = ctx.db();
        // SECURITY: a global delete only matches a record without tenantId (see lookup)
        Optional<Obj> entry = lookup(db, field(args, "tenantId"), string(args, "namespace"), string(args, "key"));

        if (entry.isEmpty()) {
            throw new ConvexError("MUTABLE_KEY_NOT_FOUND");
        }
        db.delete(id(entry.get()));

        return object(
                "deleted", ConvexValue.bool(true),
                "namespace", field(args, "namespace"),
                "key", field(args, "key"));
    }

    /**
     * Purge all keys in a namespace.
     *
     * <p>SECURITY: When tenantId is provided, only entries belonging to that tenant within the
     * namespace are purged. This prevents cross-tenant data deletion.
     */
    static ConvexValue purgeNamespace(MutationCtx ctx, Obj args) {
        DatabaseWriter db = ctx.db();
        List<Obj> entries = scan(db, field(args, "tenantId"), string(args, "namespace"));

        // If dryRun, return what would be deleted without actually deleting
        if (Js.truthy(field(args, "dryRun"))) {
            return object(
                    "deleted", float64(entries.size()),
                    "namespace", field(args, "namespace"),
                    "keys", keys(entries),
                    "dryRun", ConvexValue.bool(true));
        }

        int deleted = 0;
        for (Obj entry : entries) {
            db.delete(id(entry));
            deleted++;
        }

        return object(
                "deleted", float64(deleted),
                "namespace", field(args, "namespace"),
                "dryRun", ConvexValue.bool(false));
    }

    /**
     * Execute multiple operations atomically: the first failing operation throws and the runtime
     * rolls the whole transaction back.
     *
     * <p>SECURITY: When tenantId is provided, all operations are scoped to that tenant. This prevents
     * cross-tenant data modification in atomic transactions.
     */
    static ConvexValue transaction(MutationCtx ctx, Obj args) {
        DatabaseWriter db = ctx.db();
        ConvexValue tenantId = field(args, "tenantId");
        List<ConvexValue> operations = ((ConvexValue.Array) Objects.requireNonNull(field(args, "operations"))).values();
        List<ConvexValue> results = new ArrayList<>();

        for (ConvexValue op : operations) {
            Obj operation = (Obj) op;
            String namespace = string(operation, "namespace");
            String key = string(operation, "key");
            Optional<Obj> existing = lookup(db, tenantId, namespace, key);

            switch (string(operation, "op")) {
                case "set" -> {
                    if (existing.isPresent()) {
                        String id = id(existing.get());
                        db.patch(
                                id,
                                Patch.builder()
                                        .setOrRemove("value", field(operation, "value"))
                                        .set("updatedAt", float64((double) ctx.now()))
                                        .build());
                        results.add(db.get(id).<ConvexValue>map(d -> d).orElse(ConvexValue.NULL));
                    } else {
                        ConvexValue now = float64((double) ctx.now());
                        Map<String, ConvexValue> doc = new LinkedHashMap<>();
                        doc.put("namespace", str(namespace));
                        doc.put("key", str(key));
                        putIfDefined(doc, "value", field(operation, "value"));
                        putIfDefined(doc, "tenantId", tenantId); // Store tenantId for new entries
                        doc.put("createdAt", now);
                        doc.put("updatedAt", now);
                        String id = db.insert(TABLE, ConvexValue.obj(doc));
                        results.add(db.get(id).<ConvexValue>map(d -> d).orElse(ConvexValue.NULL));
                    }
                }
                case "update", "increment", "decrement" -> {
                    if (existing.isEmpty()) {
                        throw new ConvexError("MUTABLE_KEY_NOT_FOUND: " + namespace + "/" + key);
                    }
                    ConvexValue existingValue = field(existing.get(), "value");
                    ConvexValue amount = field(operation, "amount");
                    ConvexValue newValue = switch (string(operation, "op")) {
                        // (existing.value || 0) + (operation.amount || 1)
                        case "increment" -> Js.add(Js.or(existingValue, float64(0)), Js.or(amount, float64(1)));
                        // (existing.value || 0) - (operation.amount || 1)
                        case "decrement" -> Js.subtract(Js.or(existingValue, float64(0)), Js.or(amount, float64(1)));
                        default -> field(operation, "value"); // update with provided value
                    };
                    String id = id(existing.get());
                    db.patch(
                            id,
                            Patch.builder()
                                    .setOrRemove("value", newValue)
                                    .set("updatedAt", float64((double) ctx.now()))
                                    .build());
                    results.add(db.get(id).<ConvexValue>map(d -> d).orElse(ConvexValue.NULL));
                }
                case "delete" -> {
                    if (existing.isEmpty()) {
                        throw new ConvexError("MUTABLE_KEY_NOT_FOUND: " + namespace + "/" + key);
                    }
                    db.delete(id(existing.get()));
                    results.add(object(
                            "deleted", ConvexValue.bool(true),
                            "namespace", str(namespace),
                            "key", str(key)));
                }
                default -> {
                    // unreachable: the args validator admits the five literals
                }
            }
        }

        return object(
                "success", ConvexValue.bool(true),
                "operationsExecuted", float64(operations.size()),
                "results", ConvexValue.array(results));
    }

    /**
     * Bulk delete keys matching filters.
     *
     * <p>SECURITY: When tenantId is provided, only entries belonging to that tenant are deleted. This
     * prevents cross-tenant data deletion.
     */
    static ConvexValue purgeMany(MutationCtx ctx, Obj args) {
        DatabaseWriter db = ctx.db();
        List<Obj> entries = scan(db, field(args, "tenantId"), string(args, "namespace"));

        // Apply filters
        entries = filterByKeyPrefix(entries, field(args, "keyPrefix"));
        entries = filterByUserId(entries, field(args, "userId"));
        // Filter by updatedBefore if provided
        entries = filterUpdatedBefore(entries, field(args, "updatedBefore"));

        int deleted = 0;
        for (Obj entry : entries) {
            db.delete(id(entry));
            deleted++;
        }

        return object(
                "deleted", float64(deleted),
                "namespace", field(args, "namespace"),
                "keys", keys(entries));
    }

    // ━━ Queries (Read Operations) ━━

    /** Get value for a key ({@code entry || null}). */
    static ConvexValue get(QueryCtx ctx, Obj args) {
        // SECURITY: a global read only matches a record without tenantId (see lookup)
        return lookup(ctx.db(), field(args, "tenantId"), string(args, "namespace"), string(args, "key"))
                .<ConvexValue>map(d -> d)
                .orElse(ConvexValue.NULL);
    }

    /** Check if key exists ({@code entry !== null}). */
    static ConvexValue exists(QueryCtx ctx, Obj args) {
        // SECURITY: a global check only matches a record without tenantId (see lookup)
        return ConvexValue.bool(
                lookup(ctx.db(), field(args, "tenantId"), string(args, "namespace"), string(args, "key"))
                        .isPresent());
    }

    /**
     * List keys in namespace: filter, sort (stable; "desc" negates the comparator), offset, limit.
     *
     * <p>Read through {@link ListPlan}: in sort order from a derived index, stopping after {@code
     * offset + limit} matches, with the seed's exact result; where that plan cannot be exact, the
     * seed's own collect-filter-sort-slice ({@link #listByCollecting}). Deliberate difference from
     * Convex: a namespace of more than 32,000 entries makes the seed's {@code collect()} fail with the
     * read limit, while a list that stops early succeeds (README, "Differences from Convex").
     */
    static ConvexValue list(QueryCtx ctx, Obj args) {
        return ConvexValue.array(ListPlan.list(ctx.db(), args).orElseGet(() -> listByCollecting(ctx.db(), args)));
    }

    /** {@code mutable:list} as the seed runs it, statement by statement: collect, filter, sort, slice. */
    static List<Obj> listByCollecting(DatabaseReader db, Obj args) {
        // Collect all matching entries first for filtering and sorting
        List<Obj> entries = scan(db, field(args, "tenantId"), string(args, "namespace"));

        // Filter by key prefix if provided
        entries = filterByKeyPrefix(entries, field(args, "keyPrefix"));
        // Filter by userId if provided
        entries = filterByUserId(entries, field(args, "userId"));
        // Filter by updatedAfter if provided
        entries = filterUpdatedAfter(entries, field(args, "updatedAfter"));
        // Filter by updatedBefore if provided
        entries = filterUpdatedBefore(entries, field(args, "updatedBefore"));

        // Sort entries
        String sortBy = Js.or(optionalString(args, "sortBy"), "key");
        String sortOrder = Js.or(optionalString(args, "sortOrder"), "asc");
        double sortMultiplier = sortOrder.equals("desc") ? -1 : 1;

        entries = Js.sort(entries, (a, b) -> {
            double comparison = 0;
            if (sortBy.equals("key")) {
                comparison = Js.localeCompare(string(a, "key"), string(b, "key"));
            } else if (sortBy.equals("updatedAt")) {
                comparison = Js.toNumber(Js.subtract(field(a, "updatedAt"), field(b, "updatedAt")));
            }
            return comparison * sortMultiplier;
        });

        // Apply offset: entries.slice(args.offset || 0)
        double offset = Js.toNumber(Js.or(field(args, "offset"), float64(0)));
        entries = Js.slice(entries, offset);

        // Apply limit: entries.slice(0, args.limit || 100)
        double limit = Js.toNumber(Js.or(field(args, "limit"), float64(100)));
        entries = Js.slice(entries, 0, limit);

        return entries;
    }

    /**
     * Count keys in namespace: the seed's collect and filters, counted as the scan goes ({@link
     * ListPlan#scanNamespace}), so no entry becomes an object. Reads and read set are the seed's: the
     * whole namespace.
     */
    static ConvexValue count(QueryCtx ctx, Obj args) {
        return float64((double) ListPlan.count(ctx.db(), args));
    }

    /**
     * Purge all mutable entries (TEST/DEV ONLY).
     *
     * <p>WARNING: This permanently deletes mutable entries! Only available in test/dev environments,
     * judged from the deployment's environment exactly as the seed reads {@code process.env}.
     *
     * <p>SECURITY: When tenantId is provided, only entries belonging to that tenant are deleted.
     * Without tenantId, ALL entries are deleted (dangerous!).
     */
    static ConvexValue purgeAll(MutationCtx ctx, Obj args) {
        // Safety check: Only allow in test/dev environments
        String siteUrl = Js.or(ctx.env("CONVEX_SITE_URL").orElse(null), ""); // process.env.CONVEX_SITE_URL || ""
        boolean isLocal = siteUrl.contains("localhost") || siteUrl.contains("127.0.0.1");
        boolean isDevDeployment =
                siteUrl.contains(".convex.site") || siteUrl.contains("dev-") || siteUrl.contains("convex.cloud");
        boolean isTestEnv = envEquals(ctx, "NODE_ENV", "test") || envEquals(ctx, "CONVEX_ENVIRONMENT", "test");

        if (!isLocal && !isDevDeployment && !isTestEnv) {
            throw new JsException("PURGE_DISABLED_IN_PRODUCTION: purgeAll is only available in test/dev environments.");
        }

        DatabaseWriter db = ctx.db();
        ConvexValue tenantId = field(args, "tenantId");
        List<Obj> allEntries;
        if (Js.truthy(tenantId)) {
            // Tenant-isolated purge: only delete entries for this tenant
            allEntries = db.query(TABLE)
                    .withIndex("by_tenantId", q -> q.eq("tenantId", tenantId))
                    .collect();
        } else {
            // Global purge (use with extreme caution)
            allEntries = db.query(TABLE).collect();
        }

        for (Obj entry : allEntries) {
            db.delete(id(entry));
        }

        return object("deleted", float64(allEntries.size()));
    }

    // ━━ Filters of the collecting list and purgeMany (list and count scans: ListPlan.filter) ━━

    /** {@code if (args.keyPrefix) entries = entries.filter((e) => e.key.startsWith(args.keyPrefix))}. */
    private static List<Obj> filterByKeyPrefix(List<Obj> entries, @Nullable ConvexValue keyPrefix) {
        if (keyPrefix == null || !Js.truthy(keyPrefix)) {
            return entries;
        }
        String prefix = ((ConvexValue.Str) keyPrefix).value();
        return entries.stream()
                .filter(e -> Js.startsWith(string(e, "key"), prefix))
                .toList();
    }

    /** {@code if (args.userId) entries = entries.filter((e) => e.userId === args.userId)}. */
    private static List<Obj> filterByUserId(List<Obj> entries, @Nullable ConvexValue userId) {
        if (userId == null || !Js.truthy(userId)) {
            return entries;
        }
        return entries.stream().filter(e -> userId.equals(field(e, "userId"))).toList();
    }

    /** {@code if (args.updatedAfter !== undefined) entries = entries.filter((e) => e.updatedAt > args.updatedAfter)}. */
    private static List<Obj> filterUpdatedAfter(List<Obj> entries, @Nullable ConvexValue updatedAfter) {
        if (updatedAfter == null) {
            return entries;
        }
        return entries.stream()
                .filter(e -> Js.greaterThan(field(e, "updatedAt"), updatedAfter))
                .toList();
    }

    /** {@code if (args.updatedBefore !== undefined) entries = entries.filter((e) => e.updatedAt < args.updatedBefore)}. */
    private static List<Obj> filterUpdatedBefore(List<Obj> entries, @Nullable ConvexValue updatedBefore) {
        if (updatedBefore == null) {
            return entries;
        }
        return entries.stream()
                .filter(e -> Js.lessThan(field(e, "updatedAt"), updatedBefore))
                .toList();
    }

    // ━━ Small helpers over Convex objects ━━

    /** {@code obj.name}: the field, or Java null for undefined. */
    private static @Nullable ConvexValue field(Obj obj, String name) {
        return obj.fields().get(name);
    }

    /** A field the validator guarantees to be a string. */
    private static String string(Obj obj, String name) {
        return ((ConvexValue.Str) Objects.requireNonNull(obj.fields().get(name))).value();
    }

    private static @Nullable String optionalString(Obj obj, String name) {
        return obj.fields().get(name) instanceof ConvexValue.Str s ? s.value() : null;
    }

    private static String id(Obj document) {
        return string(document, "_id");
    }

    private static ConvexValue keys(List<Obj> entries) {
        return ConvexValue.array(entries.stream().map(e -> field(e, "key")).toList());
    }

    private static boolean envEquals(FunctionEnvironment ctx, String name, String expected) {
        return ctx.env(name).map(expected::equals).orElse(false);
    }

    /** A JavaScript object literal: a field whose value is undefined is absent. */
    private static void putIfDefined(Map<String, ConvexValue> doc, String name, @Nullable ConvexValue value) {
        if (value != null) {
            doc.put(name, value);
        }
    }

    /** An object of name/value pairs in order, as a literal {@code {a: x, b: y}}. */
    private static Obj object(@Nullable Object... pairs) {
        Map<String, ConvexValue> fields = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            fields.put((String) pairs[i], (ConvexValue) pairs[i + 1]);
        }
        return ConvexValue.obj(fields);
    }

    /** {@code v.object({...})} from name/validator pairs. */
    private static Validator argsObject(String n1, Validator v1, Object... more) {
        Map<String, Validator> fields = new LinkedHashMap<>();
        fields.put(n1, v1);
        for (int i = 0; i < more.length; i += 2) {
            fields.put((String) more[i], (Validator) more[i + 1]);
        }
        return v.object(fields);
    }
}
