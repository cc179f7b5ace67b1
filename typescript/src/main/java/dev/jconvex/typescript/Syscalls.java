package dev.jconvex.typescript;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jconvex.database.DatabaseReader;
import dev.jconvex.database.DatabaseWriter;
import dev.jconvex.database.FilterBuilder;
import dev.jconvex.database.IndexRange;
import dev.jconvex.database.Order;
import dev.jconvex.database.OrderedQuery;
import dev.jconvex.database.PaginationOptions;
import dev.jconvex.database.PaginationResult;
import dev.jconvex.database.Patch;
import dev.jconvex.database.Query;
import dev.jconvex.database.QueryInitializer;
import dev.jconvex.execution.ActionCtx;
import dev.jconvex.execution.FunctionEnvironment;
import dev.jconvex.execution.UserIdentity;
import dev.jconvex.values.ConvexError;
import dev.jconvex.values.ConvexJson;
import dev.jconvex.values.ConvexValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The syscalls of one function run: what {@code Convex.syscall} and {@code Convex.asyncSyscall}
 * receive from the {@code convex} package's server code ({@code dist/esm/server/impl/*.js}), carried
 * out on the run's {@code ctx.db}, so they share the Java function's transaction, read set and
 * limits. Arguments and results are JSON text of Convex JSON, as in Convex's isolate.
 *
 * <p>Supported: {@code 1.0/get}, {@code 1.0/insert}, {@code 1.0/shallowMerge}, {@code 1.0/replace},
 * {@code 1.0/remove}, {@code 1.0/db/normalizeId}, {@code 1.0/queryStream}, {@code
 * 1.0/queryStreamNext}, {@code 1.0/queryCleanup}, {@code 1.0/queryPage}, {@code
 * 1.0/getUserIdentity}, and in actions {@code 1.0/actions/query}, {@code 1.0/actions/mutation} and
 * {@code 1.0/actions/action} (by function name). Any other operation fails with a message naming it.
 *
 * <p>A failed syscall becomes a JavaScript {@code Error} with the runtime's message (and, for a
 * {@link ConvexError} from a called function, its {@code data}, which the convex package turns back
 * into a {@code ConvexError}); the Java
 * exception is kept ({@link #failure}) so that, if the function fails with that error, the caller
 * sees the runtime's own error (its code, e.g. an OCC conflict or a read limit) rather than a copy.
 */
final class Syscalls {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final @Nullable DatabaseReader db;
    private final @Nullable ActionCtx actions;
    private final FunctionEnvironment env;
    private final Map<Integer, Stream> streams = new HashMap<>();
    private final List<RuntimeException> failures = new ArrayList<>();
    private int nextQueryId;

    private Syscalls(@Nullable DatabaseReader db, @Nullable ActionCtx actions, FunctionEnvironment env) {
        this.db = db;
        this.actions = actions;
        this.env = env;
    }

    /** The syscalls of a query or mutation: {@code db} is its {@code ctx.db}, a {@link DatabaseWriter} in a mutation. */
    static Syscalls of(DatabaseReader db, FunctionEnvironment env) {
        return new Syscalls(db, null, env);
    }

    /** The syscalls of an action: calls of other functions, no database. */
    static Syscalls of(ActionCtx action) {
        return new Syscalls(null, action, action);
    }

    /** Carries out {@code op}; returns the result's JSON text, or {@code "\0" + message} when it failed. */
    String call(String op, String argsJson) {
        try {
            JsonNode args = JSON.readTree(argsJson);
            return switch (op) {
                case "1.0/get" ->
                    ConvexJson.write(
                            db(op).get(id(args)).<ConvexValue>map(o -> o).orElse(ConvexValue.NULL));
                case "1.0/insert" -> {
                    String id = writer(op).insert(text(args, "table"), object(args.get("value")));
                    yield JSON.writeValueAsString(NODES.objectNode().put("_id", id));
                }
                case "1.0/shallowMerge" -> {
                    writer(op).patch(id(args), patch(args.get("value")));
                    yield "null";
                }
                case "1.0/replace" -> {
                    writer(op).replace(id(args), object(args.get("value")));
                    yield "null";
                }
                case "1.0/remove" -> {
                    writer(op).delete(id(args));
                    yield "null";
                }
                case "1.0/db/normalizeId" -> {
                    Optional<String> id = db(op).normalizeId(text(args, "table"), text(args, "idString"));
                    ObjectNode result = NODES.objectNode();
                    id.ifPresentOrElse(i -> result.put("id", i), () -> result.putNull("id"));
                    yield JSON.writeValueAsString(result);
                }
                case "1.0/queryStream" -> {
                    db(op);
                    int queryId = nextQueryId++;
                    streams.put(queryId, new Stream(args.get("query")));
                    yield JSON.writeValueAsString(NODES.objectNode().put("queryId", queryId));
                }
                case "1.0/queryStreamNext" -> next(args.path("queryId").asInt());
                case "1.0/queryCleanup" -> {
                    streams.remove(args.path("queryId").asInt());
                    yield "true";
                }
                case "1.0/queryPage" -> page(args);
                case "1.0/getUserIdentity" -> identity();
                case "1.0/actions/query" -> ConvexJson.write(action(op).runQuery(name(args), callArgs(args)));
                case "1.0/actions/mutation" -> ConvexJson.write(action(op).runMutation(name(args), callArgs(args)));
                case "1.0/actions/action" -> ConvexJson.write(action(op).runAction(name(args), callArgs(args)));
                default ->
                    throw new UnsupportedOperationException(
                            "the syscall " + op + " is not supported by jconvex's TypeScript runtime yet");
            };
        } catch (ConvexError e) {
            failures.add(e);
            return "\u0001" + ConvexJson.write(e.data()) + "\0" + e.getMessage();
        } catch (RuntimeException e) {
            failures.add(e);
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return "\0" + message;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a syscall's JSON did not parse: " + argsJson, e);
        }
    }

    /** The exception behind the failed syscall whose JavaScript error had {@code message}, if any. */
    Optional<RuntimeException> failure(String message) {
        for (int i = failures.size() - 1; i >= 0; i--) {
            RuntimeException e = failures.get(i);
            if (message.equals(e.getMessage())) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private ActionCtx action(String op) {
        if (actions == null) {
            throw new IllegalStateException(op + " is only allowed in an action");
        }
        return actions;
    }

    private DatabaseReader db(String op) {
        if (db == null) {
            throw new IllegalStateException(op + " is not allowed in an action: actions have no ctx.db");
        }
        return db;
    }

    private static String name(JsonNode args) {
        if (args.hasNonNull("name")) {
            return args.get("name").asText();
        }
        throw new UnsupportedOperationException("calling a function by reference or handle (components) is not"
                + " supported by jconvex's TypeScript runtime yet: " + args);
    }

    private static ConvexValue.Obj callArgs(JsonNode args) {
        return object(args.get("args"));
    }

    private DatabaseWriter writer(String op) {
        if (db instanceof DatabaseWriter writer) {
            return writer;
        }
        // The convex package's query context has no writer methods; this is a guard, not a path.
        throw new IllegalStateException(op + " is only allowed in a mutation");
    }

    private String next(int queryId) throws JsonProcessingException {
        Stream stream = streams.get(queryId);
        if (stream == null) {
            throw new IllegalStateException("the query " + queryId + " is closed");
        }
        ObjectNode result = NODES.objectNode();
        Iterator<ConvexValue.Obj> documents = stream.documents();
        if (documents.hasNext()) {
            result.set("value", ConvexJson.toJson(documents.next()));
            result.put("done", false);
        } else {
            result.putNull("value");
            result.put("done", true);
        }
        return JSON.writeValueAsString(result);
    }

    private String page(JsonNode args) throws JsonProcessingException {
        db("1.0/queryPage");
        if (args.hasNonNull("endCursor")) {
            throw new UnsupportedOperationException(
                    "paginate with endCursor is not supported by jconvex's TypeScript runtime yet");
        }
        Plan plan = plan(args.get("query"));
        if (plan.limit().isPresent()) {
            throw new UnsupportedOperationException("paginate after limit is not supported");
        }
        Optional<String> cursor =
                args.hasNonNull("cursor") ? Optional.of(args.get("cursor").asText()) : Optional.empty();
        PaginationResult result = plan.query()
                .paginate(new PaginationOptions(args.path("pageSize").asInt(), cursor));
        ObjectNode out = NODES.objectNode();
        ArrayNode page = out.putArray("page");
        result.page().forEach(document -> page.add(ConvexJson.toJson(document)));
        out.put("isDone", result.isDone());
        out.put("continueCursor", result.continueCursor());
        result.splitCursor().ifPresentOrElse(c -> out.put("splitCursor", c), () -> out.putNull("splitCursor"));
        result.pageStatus().ifPresentOrElse(s -> out.put("pageStatus", s), () -> out.putNull("pageStatus"));
        return JSON.writeValueAsString(out);
    }

    private String identity() throws JsonProcessingException {
        Optional<UserIdentity> identity = env.identity();
        if (identity.isEmpty()) {
            return "null";
        }
        UserIdentity user = identity.get();
        ObjectNode out = (ObjectNode) ConvexJson.toJson(user.claims()).deepCopy();
        out.put("tokenIdentifier", user.tokenIdentifier());
        if (user.subject() != null) {
            out.put("subject", user.subject());
        }
        if (user.issuer() != null) {
            out.put("issuer", user.issuer());
        }
        return JSON.writeValueAsString(out);
    }

    // ---- reading the serialized query of query_impl.js ----

    /** A query as the runtime's API expresses it, with the limit of a trailing {@code limit} operator. */
    private record Plan(OrderedQuery query, Optional<Integer> limit) {}

    /** An open {@code queryStream}: runs its plan on the first {@code queryStreamNext}. */
    private final class Stream {
        private final JsonNode query;
        private @Nullable Iterator<ConvexValue.Obj> documents;

        Stream(JsonNode query) {
            this.query = query;
        }

        Iterator<ConvexValue.Obj> documents() {
            if (documents == null) {
                Plan plan = plan(query);
                documents = plan.limit()
                        .map(n -> plan.query().take(n))
                        .orElseGet(() -> plan.query().collect())
                        .iterator();
            }
            return documents;
        }
    }

    private Plan plan(JsonNode query) {
        JsonNode source = query.path("source");
        String type = text(source, "type");
        Query chosen;
        switch (type) {
            case "FullTableScan" -> chosen = db("1.0/queryStream").query(text(source, "tableName"));
            case "IndexRange" -> {
                String indexName = text(source, "indexName");
                int dot = indexName.indexOf('.');
                QueryInitializer table = db("1.0/queryStream").query(indexName.substring(0, dot));
                JsonNode range = source.path("range");
                chosen = table.withIndex(indexName.substring(dot + 1), r -> range(r, range));
            }
            default ->
                throw new UnsupportedOperationException(
                        type + " queries (withSearchIndex) are not supported by jconvex's TypeScript runtime yet");
        }
        OrderedQuery ordered = source.hasNonNull("order")
                ? chosen.order(source.get("order").asText().equals("desc") ? Order.DESC : Order.ASC)
                : chosen;
        Optional<Integer> limit = Optional.empty();
        for (JsonNode operator : query.path("operators")) {
            if (limit.isPresent()) {
                throw new UnsupportedOperationException("a query operator after limit is not supported");
            }
            if (operator.has("filter")) {
                JsonNode expression = operator.get("filter");
                ordered = ordered.filter(f -> expression(f, expression));
            } else if (operator.has("limit")) {
                limit = Optional.of(operator.get("limit").asInt());
            }
        }
        return new Plan(ordered, limit);
    }

    private static IndexRange range(IndexRange range, JsonNode expressions) {
        IndexRange r = range;
        for (JsonNode e : expressions) {
            String field = text(e, "fieldPath");
            ConvexValue value = valueOrUndefined(e.get("value"));
            r = switch (text(e, "type")) {
                case "Eq" -> r.eq(field, value);
                case "Gt" -> r.gt(field, value);
                case "Gte" -> r.gte(field, value);
                case "Lt" -> r.lt(field, value);
                case "Lte" -> r.lte(field, value);
                default -> throw new IllegalArgumentException("unknown index range expression " + e);
            };
        }
        return r;
    }

    private static FilterBuilder.Expr expression(FilterBuilder f, JsonNode e) {
        Map.Entry<String, JsonNode> only = e.properties().iterator().next();
        JsonNode operand = only.getValue();
        return switch (only.getKey()) {
            case "$field" -> f.field(operand.asText());
            case "$literal" -> f.literal(valueOrUndefined(operand));
            case "$eq" -> f.eq(expression(f, operand.get(0)), expression(f, operand.get(1)));
            case "$neq" -> f.neq(expression(f, operand.get(0)), expression(f, operand.get(1)));
            case "$lt" -> f.lt(expression(f, operand.get(0)), expression(f, operand.get(1)));
            case "$lte" -> f.lte(expression(f, operand.get(0)), expression(f, operand.get(1)));
            case "$gt" -> f.gt(expression(f, operand.get(0)), expression(f, operand.get(1)));
            case "$gte" -> f.gte(expression(f, operand.get(0)), expression(f, operand.get(1)));
            case "$add" -> f.add(expression(f, operand.get(0)), expression(f, operand.get(1)));
            case "$sub" -> f.sub(expression(f, operand.get(0)), expression(f, operand.get(1)));
            case "$mul" -> f.mul(expression(f, operand.get(0)), expression(f, operand.get(1)));
            case "$div" -> f.div(expression(f, operand.get(0)), expression(f, operand.get(1)));
            case "$mod" -> f.mod(expression(f, operand.get(0)), expression(f, operand.get(1)));
            case "$neg" -> f.neg(expression(f, operand));
            case "$not" -> f.not(expression(f, operand));
            case "$and" -> f.and(expressions(f, operand));
            case "$or" -> f.or(expressions(f, operand));
            default -> throw new IllegalArgumentException("unknown filter expression " + e);
        };
    }

    private static FilterBuilder.Expr[] expressions(FilterBuilder f, JsonNode array) {
        FilterBuilder.Expr[] out = new FilterBuilder.Expr[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = expression(f, array.get(i));
        }
        return out;
    }

    // ---- arguments ----

    /** Convex JSON, where {@code {"$undefined": null}} (convexOrUndefinedToJson) is Java {@code null}. */
    private static @Nullable ConvexValue valueOrUndefined(@Nullable JsonNode json) {
        if (json == null || (json.isObject() && json.size() == 1 && json.has("$undefined"))) {
            return null;
        }
        return ConvexJson.fromJson(json);
    }

    private static Patch patch(JsonNode value) {
        Patch.Builder patch = Patch.builder();
        if (value != null && value.isObject()) {
            value.properties().forEach(e -> patch.setOrRemove(e.getKey(), valueOrUndefined(e.getValue())));
        }
        return patch.build();
    }

    private static ConvexValue.Obj object(JsonNode json) {
        if (ConvexJson.fromJson(json) instanceof ConvexValue.Obj obj) {
            return obj;
        }
        throw new IllegalArgumentException("expected an object, got " + json);
    }

    private static String id(JsonNode args) {
        if (ConvexJson.fromJson(args.get("id")) instanceof ConvexValue.Str id) {
            return id.value();
        }
        throw new IllegalArgumentException("expected a string id, got " + args.get("id"));
    }

    private static String text(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException("expected a string \"" + field + "\" in " + json);
        }
        return node.asText();
    }
}
