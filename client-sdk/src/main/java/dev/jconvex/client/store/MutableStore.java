package dev.jconvex.client.store;

import dev.jconvex.client.ConvexClient;
import dev.jconvex.client.ConvexErrorException;
import dev.jconvex.client.ValueMapper;
import dev.jconvex.client.internal.EmbeddedAccess;
import dev.jconvex.embedded.EmbeddedRuntime;
import dev.jconvex.values.ConvexError;
import dev.jconvex.values.ConvexValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The mutable store (Cortex SDK Layer 1c) with Java types: live, frequently-changing values stored by
 * namespace and key through the {@code mutable} Convex module ({@code mutable:set},
 * {@code mutable:update}, ...). Every method is one function call unless its Javadoc says otherwise.
 *
 * <pre>{@code
 * MutableStore store = MutableStore.of(client);
 * store.set("inventory", "widgets", 100);
 * store.decrement("inventory", "widgets", 1);          // atomic, one mutation
 * MutableStore acme = store.forTenant("acme");          // sees only acme's entries
 * }</pre>
 *
 * <p><b>Checks before sending.</b> Namespaces and keys must be non-blank, amounts finite and non-zero,
 * list limits in 1..8192 and offsets non-negative; a violation throws {@link IllegalArgumentException}
 * and sends nothing.
 *
 * <p><b>Errors.</b> Operations on a missing key throw {@link ConvexErrorException} whose {@code data()}
 * is {@code "MUTABLE_KEY_NOT_FOUND"} (in a transaction {@code "MUTABLE_KEY_NOT_FOUND: ns/key"}); other
 * failures are the client's usual exceptions.
 *
 * <p><b>Tenants.</b> A store made by {@link #forTenant} passes its {@code tenantId} on every call: it
 * reads and writes only that tenant's entries, and the global store (no tenant) never sees them.
 * One quirk comes from the module itself: a global lookup takes the FIRST entry with the namespace and
 * key (tenant or not) and ignores it if it belongs to a tenant, so a global entry whose namespace and
 * key a tenant created earlier is invisible to the global store. Keep global and tenant keys apart.
 */
public final class MutableStore {

    /** The module path of the functions this store calls. */
    public static final String DEFAULT_MODULE = "mutable";

    /** The data of the ConvexError for a key that does not exist. */
    public static final String KEY_NOT_FOUND = "MUTABLE_KEY_NOT_FOUND";

    private final ConvexClient client;
    private final ValueMapper mapper;
    private final String module;
    private final Optional<String> tenantId;

    private MutableStore(ConvexClient client, String module, Optional<String> tenantId) {
        this.client = Objects.requireNonNull(client, "client");
        this.mapper = client.valueMapper();
        this.module = Checks.nonBlank(module, "module");
        this.tenantId = tenantId;
    }

    /** A global (tenant-less) store over the {@code mutable} module of {@code client}'s deployment. */
    public static MutableStore of(ConvexClient client) {
        return new MutableStore(client, DEFAULT_MODULE, Optional.empty());
    }

    /** A global store over a module deployed under another path (e.g. {@code "cortex/mutable"}). */
    public static MutableStore of(ConvexClient client, String module) {
        return new MutableStore(client, module, Optional.empty());
    }

    /** The same store scoped to {@code tenantId}: it sees and changes only that tenant's entries. */
    public MutableStore forTenant(String tenantId) {
        return new MutableStore(client, module, Optional.of(Checks.nonBlank(tenantId, "tenantId")));
    }

    /** The tenant this store is scoped to; empty for the global store. */
    public Optional<String> tenantId() {
        return tenantId;
    }

    // ------------------------------------------------------------------ writes

    /** Creates or overwrites {@code namespace/key} with {@code value} (converted by {@link ValueMapper}). */
    public MutableEntry set(String namespace, String key, Object value) {
        return set(namespace, key, value, SetOptions.none());
    }

    /**
     * Creates or overwrites {@code namespace/key}; {@code options} sets the user and metadata (left
     * unchanged on an existing entry when absent).
     */
    public MutableEntry set(String namespace, String key, Object value, SetOptions options) {
        Objects.requireNonNull(options, "options");
        Map<String, ConvexValue> args = keyArgs(namespace, key);
        args.put("value", mapper.toValue(value));
        options.userId().ifPresent(u -> args.put("userId", ConvexValue.str(u)));
        options.metadata().ifPresent(m -> args.put("metadata", mapper.toValue(m)));
        return MutableEntry.of(mutation("set", args));
    }

    /**
     * Replaces the value of an existing entry with {@code updater.apply(current value)}.
     *
     * <p><b>What is atomic.</b> Against a remote deployment this is TWO calls: the query {@code get}
     * reads the current value, the updater runs here, and the mutation "update" with {@code
     * operation: "custom"} writes the result. That write is <em>not</em> a compare-and-set: if another
     * client writes the entry between the read and the write, its write is overwritten (a lost update),
     * and a delete in between makes the write fail with {@code MUTABLE_KEY_NOT_FOUND}. Use {@link
     * #increment}, {@link #decrement}, {@link #append} or {@link #transaction} when concurrent writers
     * must not lose updates; they run entirely in one mutation.
     *
     * <p>On an embedded client ({@link ConvexClient#embedded()}) the read, the updater and the write run
     * inside ONE mutation, so the update is atomic and serializable; the runtime may run the updater
     * more than once if the transaction conflicts, so it must be a pure function of its input.
     *
     * @throws ConvexErrorException with data {@code "MUTABLE_KEY_NOT_FOUND"} if the entry does not exist
     */
    public MutableEntry update(String namespace, String key, UnaryOperator<ConvexValue> updater) {
        Objects.requireNonNull(updater, "updater");
        Map<String, ConvexValue> lookup = keyArgs(namespace, key);
        Optional<EmbeddedRuntime> runtime = EmbeddedAccess.runtime(client);
        if (runtime.isPresent()) {
            ConvexValue written = ConvexClient.join(ConvexClientBridge.runInMutation(runtime.get(), scope -> {
                ConvexValue current = scope.query(path("get"), ConvexValue.obj(lookup));
                if (!(current instanceof ConvexValue.Obj doc)) {
                    throw new ConvexError(KEY_NOT_FOUND);
                }
                ConvexValue next = Objects.requireNonNull(
                        updater.apply(valueOf(doc)), "the updater returned Java null; return ConvexValue.NULL");
                return scope.mutation(path("update"), ConvexValue.obj(customUpdate(lookup, next)));
            }));
            return MutableEntry.of(written);
        }
        ConvexValue current = query("get", lookup);
        if (!(current instanceof ConvexValue.Obj doc)) {
            throw new ConvexErrorException(KEY_NOT_FOUND, ConvexValue.str(KEY_NOT_FOUND), List.of());
        }
        ConvexValue next = Objects.requireNonNull(
                updater.apply(valueOf(doc)), "the updater returned Java null; return ConvexValue.NULL");
        return MutableEntry.of(mutation("update", customUpdate(lookup, next)));
    }

    /** {@link #update(String, String, UnaryOperator)} with the value bound to {@code type} and back. */
    public <T> MutableEntry update(String namespace, String key, Class<T> type, UnaryOperator<T> updater) {
        Objects.requireNonNull(updater, "updater");
        return update(namespace, key, v -> mapper.toValue(updater.apply(mapper.fromValue(v, type))));
    }

    private static ConvexValue valueOf(ConvexValue.Obj doc) {
        ConvexValue v = doc.get("value");
        return v == null ? ConvexValue.NULL : v;
    }

    private Map<String, ConvexValue> customUpdate(Map<String, ConvexValue> lookup, ConvexValue next) {
        Map<String, ConvexValue> args = new LinkedHashMap<>(lookup);
        args.put("operation", ConvexValue.str("custom"));
        args.put("operand", next);
        return args;
    }

    /** Adds 1 to a numeric entry, atomically (one mutation). */
    public MutableEntry increment(String namespace, String key) {
        return increment(namespace, key, 1);
    }

    /**
     * Adds {@code amount} to a numeric entry, atomically (one mutation). A missing value counts as 0.
     *
     * @throws IllegalArgumentException if {@code amount} is not finite or is 0
     */
    public MutableEntry increment(String namespace, String key, double amount) {
        return operation(namespace, key, "increment", ConvexValue.float64(Checks.amount(amount)));
    }

    /** Subtracts 1 from a numeric entry, atomically (one mutation). */
    public MutableEntry decrement(String namespace, String key) {
        return decrement(namespace, key, 1);
    }

    /**
     * Subtracts {@code amount} from a numeric entry, atomically (one mutation).
     *
     * @throws IllegalArgumentException if {@code amount} is not finite or is 0
     */
    public MutableEntry decrement(String namespace, String key, double amount) {
        return operation(namespace, key, "decrement", ConvexValue.float64(Checks.amount(amount)));
    }

    /**
     * Appends {@code item} to an entry whose value is an array, atomically (one mutation). Fails with
     * {@link dev.jconvex.client.ConvexFunctionException} ({@code MUTABLE_VALUE_NOT_ARRAY}) otherwise.
     */
    public MutableEntry append(String namespace, String key, Object item) {
        return operation(namespace, key, "append", mapper.toValue(item));
    }

    private MutableEntry operation(String namespace, String key, String operation, ConvexValue operand) {
        Map<String, ConvexValue> args = keyArgs(namespace, key);
        args.put("operation", ConvexValue.str(operation));
        args.put("operand", operand);
        return MutableEntry.of(mutation("update", args));
    }

    /** Deletes an entry. @throws ConvexErrorException {@code MUTABLE_KEY_NOT_FOUND} if it does not exist */
    public DeleteResult delete(String namespace, String key) {
        return DeleteResult.of(mutation("deleteKey", keyArgs(namespace, key)));
    }

    /**
     * Deletes every entry of {@code namespace} (of this store's tenant, if scoped). With {@code dryRun}
     * nothing is deleted and the keys that would be are listed.
     */
    public PurgeNamespaceResult purgeNamespace(String namespace, boolean dryRun) {
        Map<String, ConvexValue> args = tenantArgs();
        args.put("namespace", ConvexValue.str(Checks.namespace(namespace)));
        args.put("dryRun", ConvexValue.bool(dryRun));
        return PurgeNamespaceResult.of(mutation("purgeNamespace", args));
    }

    /** Deletes the entries matching {@code filter}, in one mutation. */
    public PurgeManyResult purgeMany(PurgeFilter filter) {
        Objects.requireNonNull(filter, "filter");
        Map<String, ConvexValue> args = tenantArgs();
        args.put("namespace", ConvexValue.str(filter.namespace()));
        filter.keyPrefix().ifPresent(p -> args.put("keyPrefix", ConvexValue.str(p)));
        filter.userId().ifPresent(u -> args.put("userId", ConvexValue.str(u)));
        filter.updatedBefore().ifPresent(t -> args.put("updatedBefore", ConvexValue.float64((double) t)));
        return PurgeManyResult.of(mutation("purgeMany", args));
    }

    /** Runs the operations added by {@code ops} atomically: all commit or none does. */
    public TransactionResult transaction(Consumer<Transaction> ops) {
        Transaction tx = new Transaction(mapper);
        ops.accept(tx);
        return transaction(tx.operations());
    }

    /** Runs {@code operations} atomically, in order, in one mutation. */
    public TransactionResult transaction(List<TransactionOp> operations) {
        List<ConvexValue> encoded = new ArrayList<>();
        for (TransactionOp op : operations) {
            Map<String, ConvexValue> o = new LinkedHashMap<>();
            o.put("namespace", ConvexValue.str(op.namespace()));
            o.put("key", ConvexValue.str(op.key()));
            switch (op) {
                case TransactionOp.Set s -> {
                    o.put("op", ConvexValue.str("set"));
                    o.put("value", s.value());
                }
                case TransactionOp.Update u -> {
                    o.put("op", ConvexValue.str("update"));
                    o.put("value", u.value());
                }
                case TransactionOp.Delete d -> o.put("op", ConvexValue.str("delete"));
                case TransactionOp.Increment i -> {
                    o.put("op", ConvexValue.str("increment"));
                    o.put("amount", ConvexValue.float64(i.amount()));
                }
                case TransactionOp.Decrement d -> {
                    o.put("op", ConvexValue.str("decrement"));
                    o.put("amount", ConvexValue.float64(d.amount()));
                }
            }
            encoded.add(ConvexValue.obj(o));
        }
        Map<String, ConvexValue> args = tenantArgs();
        args.put("operations", ConvexValue.array(encoded));
        return TransactionResult.of(mutation("transaction", args));
    }

    /**
     * Deletes every entry of this store's tenant, or of the whole deployment for the global store. The
     * module allows it only in test and dev deployments. Returns how many entries were deleted.
     */
    public long purgeAll() {
        ConvexValue result = mutation("purgeAll", tenantArgs());
        return (long) Results.number(Results.obj(result), "deleted");
    }

    // ------------------------------------------------------------------ reads

    /** The value of {@code namespace/key}, or empty if there is no such entry. */
    public Optional<ConvexValue> get(String namespace, String key) {
        return getRecord(namespace, key).map(MutableEntry::value);
    }

    /** The value bound to {@code type}; empty if there is no such entry or its value is null. */
    public <T> Optional<T> get(String namespace, String key, Class<T> type) {
        return get(namespace, key).map(v -> mapper.fromValue(v, type));
    }

    /** The whole entry (value, owner, timestamps), or empty. */
    public Optional<MutableEntry> getRecord(String namespace, String key) {
        ConvexValue doc = query("get", keyArgs(namespace, key));
        return doc instanceof ConvexValue.Null ? Optional.empty() : Optional.of(MutableEntry.of(doc));
    }

    /** Whether {@code namespace/key} exists. */
    public boolean exists(String namespace, String key) {
        return query("exists", keyArgs(namespace, key)) instanceof ConvexValue.Bool b && b.value();
    }

    /** The entries matching {@code filter}, sorted, after {@code offset}, at most {@code limit} (default 100). */
    public List<MutableEntry> list(ListFilter filter) {
        Objects.requireNonNull(filter, "filter");
        Map<String, ConvexValue> args = tenantArgs();
        args.put("namespace", ConvexValue.str(filter.namespace()));
        filter.keyPrefix().ifPresent(p -> args.put("keyPrefix", ConvexValue.str(p)));
        filter.userId().ifPresent(u -> args.put("userId", ConvexValue.str(u)));
        filter.updatedAfter().ifPresent(t -> args.put("updatedAfter", ConvexValue.float64((double) t)));
        filter.updatedBefore().ifPresent(t -> args.put("updatedBefore", ConvexValue.float64((double) t)));
        args.put("sortBy", ConvexValue.str(filter.sortBy().wire));
        args.put("sortOrder", ConvexValue.str(filter.descending() ? "desc" : "asc"));
        filter.offset().ifPresent(o -> args.put("offset", ConvexValue.float64(o)));
        filter.limit().ifPresent(l -> args.put("limit", ConvexValue.float64(l)));
        ConvexValue result = query("list", args);
        List<MutableEntry> out = new ArrayList<>();
        if (result instanceof ConvexValue.Array a) {
            a.values().forEach(v -> out.add(MutableEntry.of(v)));
        }
        return out;
    }

    /** All entries of {@code namespace} in key order (at most 100, the module's default limit). */
    public List<MutableEntry> list(String namespace) {
        return list(ListFilter.namespace(namespace).build());
    }

    /** How many entries match {@code filter}. */
    public long count(CountFilter filter) {
        Objects.requireNonNull(filter, "filter");
        Map<String, ConvexValue> args = tenantArgs();
        args.put("namespace", ConvexValue.str(filter.namespace()));
        filter.keyPrefix().ifPresent(p -> args.put("keyPrefix", ConvexValue.str(p)));
        filter.userId().ifPresent(u -> args.put("userId", ConvexValue.str(u)));
        filter.updatedAfter().ifPresent(t -> args.put("updatedAfter", ConvexValue.float64((double) t)));
        filter.updatedBefore().ifPresent(t -> args.put("updatedBefore", ConvexValue.float64((double) t)));
        ConvexValue result = query("count", args);
        return switch (result) {
            case ConvexValue.Float64 f -> (long) f.value();
            case ConvexValue.Int64 i -> i.value();
            default -> throw new IllegalStateException("Expected a count, got " + result);
        };
    }

    /** How many entries {@code namespace} holds. */
    public long count(String namespace) {
        return count(CountFilter.all(namespace));
    }

    // ------------------------------------------------------------------ helpers

    /** The function path of {@code name} in this store's module, {@code "mutable:name"}. */
    public String path(String name) {
        return module + ":" + name;
    }

    private Map<String, ConvexValue> tenantArgs() {
        Map<String, ConvexValue> args = new LinkedHashMap<>();
        tenantId.ifPresent(t -> args.put("tenantId", ConvexValue.str(t)));
        return args;
    }

    private Map<String, ConvexValue> keyArgs(String namespace, String key) {
        Map<String, ConvexValue> args = tenantArgs();
        args.put("namespace", ConvexValue.str(Checks.namespace(namespace)));
        args.put("key", ConvexValue.str(Checks.key(key)));
        return args;
    }

    private ConvexValue query(String name, Map<String, ConvexValue> args) {
        return client.query(path(name), ConvexValue.obj(args));
    }

    private ConvexValue mutation(String name, Map<String, ConvexValue> args) {
        return client.mutation(path(name), ConvexValue.obj(args));
    }
}
