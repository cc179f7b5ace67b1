package dev.jconvex.admin;

import dev.jconvex.database.Order;
import dev.jconvex.database.PaginationOptions;
import dev.jconvex.database.PaginationResult;
import dev.jconvex.database.Query;
import dev.jconvex.database.QueryInitializer;
import dev.jconvex.database.internal.ReadTransaction;
import dev.jconvex.execution.ConvexModule;
import dev.jconvex.execution.FunctionSpec;
import dev.jconvex.schema.IndexDefinition;
import dev.jconvex.schema.TableDefinition;
import dev.jconvex.validators.v;
import dev.jconvex.values.ConvexError;
import dev.jconvex.values.ConvexValue;
import dev.jconvex.values.DocumentId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The system functions the dashboard ({@code /dashboard}) calls with the admin key, jconvex's own
 * (Convex's dashboard uses its closed {@code _system/frontend/} ones):
 *
 * <table>
 *   <caption>dashboard functions</caption>
 *   <tr><th>path</th><th>kind</th><th>arguments</th><th>answers</th></tr>
 *   <tr><td>{@code _system/dashboard/tables:list}</td><td>query</td><td>{@code {}}</td>
 *       <td>{@code [{name, documents, indexes: [{name, fields}]}]}, sorted by name</td></tr>
 *   <tr><td>{@code _system/dashboard/tables:page}</td><td>query</td>
 *       <td>{@code {table, index?, values?, order?, paginationOpts}}</td>
 *       <td>{@code {page, isDone, continueCursor, idTables}}</td></tr>
 *   <tr><td>{@code _system/dashboard/documents:insert}</td><td>mutation</td><td>{@code {table, document}}</td>
 *       <td>the new {@code _id}</td></tr>
 *   <tr><td>{@code _system/dashboard/documents:replace}</td><td>mutation</td><td>{@code {id, document}}</td>
 *       <td>null</td></tr>
 *   <tr><td>{@code _system/dashboard/documents:remove}</td><td>mutation</td><td>{@code {ids}}</td>
 *       <td>how many were deleted</td></tr>
 * </table>
 *
 * <p>{@code tables:page} filters by an index: {@code values} are equalities on the index's leading
 * fields, in order (the range of {@code withIndex(index, q => q.eq(f1, v1).eq(f2, v2))}). {@code
 * idTables} maps each string in the page that is the id of a document's table (its {@code _id} or
 * a reference) to that table's name, so the dashboard can show it as an id.
 *
 * <p>The mutations run as any mutation does: one transaction through the committer, the schema's
 * validators, the subscriptions it invalidates. A document's {@code _id} and {@code _creationTime},
 * if given, are ignored by {@code replace} when they are the document's own and refused otherwise.
 */
final class DashboardFunctions {

    /** The most documents one {@code tables:page} page holds. */
    static final int MAX_PAGE = 1000;

    private DashboardFunctions() {}

    static List<ConvexModule> modules(Supplier<Admin> admin) {
        return List.of(
                SystemFunctions.module(
                        "_system/dashboard/tables",
                        m -> m.query("list", FunctionSpec.of(v.object(Map.of()), (ctx, args) -> tables(admin.get())))
                                .query(
                                        "page",
                                        FunctionSpec.of(
                                                v.object(Map.of(
                                                        "table", v.string(),
                                                        "index", v.optional(v.string()),
                                                        "values", v.optional(v.array(v.any())),
                                                        "order",
                                                                v.optional(
                                                                        v.union(v.literal("asc"), v.literal("desc"))),
                                                        "paginationOpts",
                                                                v.object(Map.of(
                                                                        "numItems", v.number(),
                                                                        "cursor", v.union(v.string(), v.nul()))))),
                                                (ctx, args) -> page(admin.get(), ctx.db(), args)))),
                SystemFunctions.module(
                        "_system/dashboard/documents",
                        m -> m.mutation(
                                        "insert",
                                        FunctionSpec.of(
                                                v.object(Map.of("table", v.string(), "document", v.any())),
                                                (ctx, args) -> ConvexValue.str(ctx.db()
                                                        .insert(
                                                                SystemFunctions.string(args, "table"),
                                                                document(args)))))
                                .mutation(
                                        "replace",
                                        FunctionSpec.of(
                                                v.object(Map.of("id", v.string(), "document", v.any())),
                                                (ctx, args) -> {
                                                    String id = SystemFunctions.string(args, "id");
                                                    ConvexValue.Obj stored = ctx.db()
                                                            .get(id)
                                                            .orElseThrow(
                                                                    () -> new ConvexError("No document with id " + id));
                                                    ctx.db()
                                                            .replace(
                                                                    id, withoutOwnSystemFields(document(args), stored));
                                                    return ConvexValue.NULL;
                                                }))
                                .mutation(
                                        "remove",
                                        FunctionSpec.of(v.object(Map.of("ids", v.array(v.string()))), (ctx, args) -> {
                                            int deleted = 0;
                                            for (ConvexValue id : ((ConvexValue.Array)
                                                            Objects.requireNonNull(args.get("ids")))
                                                    .values()) {
                                                String text = ((ConvexValue.Str) id).value();
                                                if (ctx.db().get(text).isPresent()) {
                                                    ctx.db().delete(text);
                                                    deleted++;
                                                }
                                            }
                                            return ConvexValue.float64(deleted);
                                        }))));
    }

    /**
     * Every user table with its document count and indexes. Counting scans each table's
     * creation-time index in one snapshot, outside any read limit, without building documents.
     */
    private static ConvexValue tables(Admin admin) {
        Map<String, TableDefinition> schema = new LinkedHashMap<>();
        admin.registry().tables().forEach(t -> schema.put(t.name(), t));
        TreeSet<String> names = new TreeSet<>(admin.database().tableNames());
        names.addAll(schema.keySet());
        List<ConvexValue> out = new ArrayList<>();
        try (ReadTransaction tx = admin.database().beginRead()) {
            for (String name : names) {
                long documents = tx.countDocuments(name);
                List<ConvexValue> indexes = new ArrayList<>();
                for (Map.Entry<String, List<String>> index :
                        indexes(Optional.ofNullable(schema.get(name))).entrySet()) {
                    indexes.add(ConvexValue.obj(Map.of(
                            "name", ConvexValue.str(index.getKey()),
                            "fields",
                                    ConvexValue.array(index.getValue().stream()
                                            .map(ConvexValue::str)
                                            .toList()))));
                }
                out.add(ConvexValue.obj(Map.of(
                        "name", ConvexValue.str(name),
                        "documents", ConvexValue.float64((double) documents),
                        "indexes", ConvexValue.array(indexes))));
            }
        }
        return ConvexValue.array(out);
    }

    /** The indexes {@code withIndex} can read, with the fields an equality can name: built-ins first. */
    private static Map<String, List<String>> indexes(Optional<TableDefinition> table) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        out.put("by_creation_time", List.of("_creationTime"));
        out.put("by_id", List.of("_id"));
        table.ifPresent(t -> {
            for (IndexDefinition index : t.indexes()) {
                out.put(index.name(), index.keyFields());
            }
        });
        return out;
    }

    private static ConvexValue page(Admin admin, dev.jconvex.database.DatabaseReader db, ConvexValue.Obj args) {
        String table = SystemFunctions.string(args, "table");
        Order order =
                SystemFunctions.optionalString(args, "order").orElse("asc").equals("desc") ? Order.DESC : Order.ASC;
        ConvexValue.Obj opts = (ConvexValue.Obj) Objects.requireNonNull(args.get("paginationOpts"));
        double numItems = ((ConvexValue.Float64) Objects.requireNonNull(opts.get("numItems"))).value();
        if (!(numItems >= 1)) {
            throw new ConvexError("paginationOpts.numItems must be at least 1, not " + numItems);
        }
        PaginationOptions pagination = new PaginationOptions(
                (int) Math.min(numItems, MAX_PAGE), SystemFunctions.optionalString(opts, "cursor"));
        Optional<String> index = SystemFunctions.optionalString(args, "index");
        List<ConvexValue> values = args.fields().get("values") instanceof ConvexValue.Array a ? a.values() : List.of();
        if (!admin.database().tableNames().contains(table)) {
            if (index.isPresent() || !values.isEmpty()) {
                indexFields(admin, table, index.orElse("by_creation_time"), values.size());
            }
            return withIds(admin, List.of(), true, "");
        }
        QueryInitializer query = db.query(table);
        Query source = query;
        if (index.isPresent()) {
            List<String> fields = indexFields(admin, table, index.get(), values.size());
            source = query.withIndex(index.get(), range -> {
                var r = range;
                for (int i = 0; i < values.size(); i++) {
                    r = r.eq(fields.get(i), values.get(i));
                }
                return r;
            });
        } else if (!values.isEmpty()) {
            throw new ConvexError("values filter an index: name the index");
        }
        PaginationResult result = source.order(order).paginate(pagination);
        return withIds(admin, result.page(), result.isDone(), result.continueCursor());
    }

    /** The fields of {@code index}, checked to have at least {@code count} of them. */
    private static List<String> indexFields(Admin admin, String table, String index, int count) {
        Optional<TableDefinition> definition = admin.registry().tables().stream()
                .filter(t -> t.name().equals(table))
                .findFirst();
        List<String> fields = indexes(definition).get(index);
        if (fields == null) {
            throw new ConvexError("Index " + table + "." + index + " not found.");
        }
        if (count > fields.size()) {
            throw new ConvexError("Index " + table + "." + index + " has " + fields.size() + " field(s) " + fields
                    + " but " + count + " values were given");
        }
        return fields;
    }

    private static ConvexValue withIds(Admin admin, List<ConvexValue.Obj> page, boolean isDone, String cursor) {
        Map<String, ConvexValue> idTables = new LinkedHashMap<>();
        for (ConvexValue.Obj doc : page) {
            collectIds(admin, doc, idTables);
        }
        return ConvexValue.obj(Map.of(
                "page", ConvexValue.array(page),
                "isDone", ConvexValue.bool(isDone),
                "continueCursor", ConvexValue.str(cursor),
                "idTables", ConvexValue.obj(idTables)));
    }

    private static void collectIds(Admin admin, ConvexValue value, Map<String, ConvexValue> out) {
        switch (value) {
            case ConvexValue.Str s ->
                DocumentId.tryDecode(s.value())
                        .flatMap(id -> admin.database().tableName(id.tableNumber()))
                        .ifPresent(table -> out.put(s.value(), ConvexValue.str(table)));
            case ConvexValue.Array a -> a.values().forEach(v -> collectIds(admin, v, out));
            case ConvexValue.Obj o -> o.fields().values().forEach(v -> collectIds(admin, v, out));
            case ConvexValue.Null n -> {}
            case ConvexValue.Int64 n -> {}
            case ConvexValue.Float64 n -> {}
            case ConvexValue.Bool n -> {}
            case ConvexValue.Bytes n -> {}
        }
    }

    private static ConvexValue.Obj document(ConvexValue.Obj args) {
        if (args.fields().get("document") instanceof ConvexValue.Obj doc) {
            return doc;
        }
        throw new ConvexError("document must be an object");
    }

    /** {@code doc} without the {@code _id} and {@code _creationTime} that {@code stored} has. */
    private static ConvexValue.Obj withoutOwnSystemFields(ConvexValue.Obj doc, ConvexValue.Obj stored) {
        Map<String, ConvexValue> fields = new LinkedHashMap<>(doc.fields());
        for (String system : List.of("_id", "_creationTime")) {
            ConvexValue given = fields.remove(system);
            if (given != null && !given.equals(stored.fields().get(system))) {
                throw new ConvexError("The document's " + system + " cannot be changed");
            }
        }
        return ConvexValue.obj(fields);
    }
}
