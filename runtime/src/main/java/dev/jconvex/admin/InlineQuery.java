package dev.jconvex.admin;

import dev.jconvex.database.DatabaseReader;
import dev.jconvex.database.Order;
import dev.jconvex.database.OrderedQuery;
import dev.jconvex.database.Query;
import dev.jconvex.database.QueryInitializer;
import dev.jconvex.values.ConvexValue;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code npx convex run --inline-query '…'} ({@code POST /api/run_test_function}): Convex runs the
 * JavaScript in a fresh isolate; jconvex has no JavaScript engine, so it reads the common read-only
 * shapes of the query and runs them on one snapshot:
 *
 * <pre>
 * [await] ctx.db.get("&lt;id&gt;")
 * [await] ctx.db.query("&lt;table&gt;")[.withIndex("&lt;index&gt;")][.order("asc"|"desc")].collect()|.take(N)|.first()|.unique()
 * (…).length
 * </pre>
 *
 * as an expression or as the one statement {@code return …;}. Anything else is refused with a
 * message that lists these shapes.
 */
final class InlineQuery {

    static final String UNSUPPORTED = "jconvex evaluates only inline queries of these forms (it runs no JavaScript): "
            + "ctx.db.get(\"<id>\"), ctx.db.query(\"<table>\")[.withIndex(\"<index>\")][.order(\"asc\"|\"desc\")]"
            + ".collect()|.take(n)|.first()|.unique(), optionally awaited, in parentheses with .length, or as"
            + " `return <expression>;`";

    private static final Pattern HANDLER = Pattern.compile(
            "handler\\s*:\\s*async\\s*\\(\\s*ctx\\s*\\)\\s*=>\\s*\\{(.*)\\}\\s*,?\\s*\\}\\s*\\)\\s*;?\\s*$",
            Pattern.DOTALL);
    private static final Pattern STRING =
            Pattern.compile("\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|'((?:[^'\\\\]|\\\\.)*)')\\s*");
    private static final Pattern CALL = Pattern.compile("\\.\\s*(\\w+)\\s*\\(([^()]*)\\)");

    /** What an unsupported query gets instead of a result. */
    static final class Unsupported extends RuntimeException {
        Unsupported(String detail) {
            super(UNSUPPORTED + (detail.isEmpty() ? "" : ". Got: " + detail), null, false, false);
        }
    }

    private InlineQuery() {}

    /** Evaluates the module source the CLI sends, reading {@code db}. */
    static ConvexValue evaluate(String source, DatabaseReader db) {
        Matcher handler = HANDLER.matcher(source);
        String body = handler.find() ? handler.group(1).strip() : source.strip();
        if (body.startsWith("return")) {
            body = body.substring("return".length()).strip();
        }
        if (body.endsWith(";")) {
            body = body.substring(0, body.length() - 1).strip();
        }
        return expression(body, db);
    }

    private static ConvexValue expression(String text, DatabaseReader db) {
        String e = text.strip();
        boolean length = false;
        if (e.endsWith(".length")) {
            length = true;
            e = e.substring(0, e.length() - ".length".length()).strip();
        }
        while (e.startsWith("(") && e.endsWith(")") && balanced(e.substring(1, e.length() - 1))) {
            e = e.substring(1, e.length() - 1).strip();
        }
        if (e.startsWith("await ")) {
            e = e.substring("await ".length()).strip();
        }
        ConvexValue value = chain(e, db);
        if (length) {
            if (!(value instanceof ConvexValue.Array array)) {
                throw new Unsupported(text);
            }
            return ConvexValue.float64(array.values().size());
        }
        return value;
    }

    private static ConvexValue chain(String e, DatabaseReader db) {
        if (!e.startsWith("ctx.db")) {
            throw new Unsupported(e);
        }
        Matcher call = CALL.matcher(e);
        int at = "ctx.db".length();
        Object current = db;
        while (at < e.length()) {
            if (!call.find(at) || call.start() != at) {
                throw new Unsupported(e);
            }
            String method = call.group(1);
            String argument = call.group(2);
            current = apply(current, method, argument, e);
            at = call.end();
            while (at < e.length() && Character.isWhitespace(e.charAt(at))) {
                at++;
            }
        }
        return switch (current) {
            case ConvexValue value -> value;
            default -> throw new Unsupported(e);
        };
    }

    private static Object apply(Object target, String method, String argument, String whole) {
        return switch (target) {
            case DatabaseReader db
            when method.equals("get") ->
                db.get(string(argument, whole)).<ConvexValue>map(v -> v).orElse(ConvexValue.NULL);
            case DatabaseReader db when method.equals("query") -> db.query(string(argument, whole));
            case QueryInitializer q when method.equals("withIndex") -> q.withIndex(string(argument, whole));
            case Query q
            when method.equals("order") ->
                switch (string(argument, whole)) {
                    case "asc" -> q.order(Order.ASC);
                    case "desc" -> q.order(Order.DESC);
                    default -> throw new Unsupported(whole);
                };
            case OrderedQuery q when method.equals("collect") && argument.isBlank() -> ConvexValue.array(q.collect());
            case OrderedQuery q when method.equals("take") -> ConvexValue.array(q.take(number(argument, whole)));
            case OrderedQuery q when method.equals("first") && argument.isBlank() -> orNull(q.first());
            case OrderedQuery q when method.equals("unique") && argument.isBlank() -> orNull(q.unique());
            default -> throw new Unsupported(whole);
        };
    }

    private static ConvexValue orNull(Optional<ConvexValue.Obj> value) {
        return value.<ConvexValue>map(v -> v).orElse(ConvexValue.NULL);
    }

    private static String string(String argument, String whole) {
        Matcher m = STRING.matcher(argument);
        if (!m.matches()) {
            throw new Unsupported(whole);
        }
        String raw = m.group(2) != null ? m.group(2) : m.group(3);
        return raw.replaceAll("\\\\(.)", "$1");
    }

    private static int number(String argument, String whole) {
        try {
            return Integer.parseInt(argument.strip());
        } catch (NumberFormatException e) {
            throw new Unsupported(whole);
        }
    }

    private static boolean balanced(String text) {
        int depth = 0;
        for (char c : text.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth < 0) {
                return false;
            }
        }
        return depth == 0;
    }
}
