package dev.jconvex.admin;

import dev.jconvex.database.DatabaseReader;
import dev.jconvex.database.IndexRange;
import dev.jconvex.database.Order;
import dev.jconvex.database.OrderedQuery;
import dev.jconvex.database.Query;
import dev.jconvex.database.QueryInitializer;
import dev.jconvex.values.ConvexValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code npx convex run --inline-query '…'} ({@code POST /api/run_test_function}): Convex runs the
 * JavaScript in a fresh isolate; jconvex has no JavaScript engine, so it reads the read-only
 * expressions people type there and evaluates them on one snapshot.
 *
 * <p>What the pinned CLI sends (convex 1.48, {@code cli/lib/runTestFunction.js}): a one-line
 * expression {@code E} becomes the module {@code export default query({ handler: async (ctx) => {
 * return (E); } })}; a multi-line or statement input is the handler's body as typed; a source with
 * {@code export default query(…)} is sent as it is. This class takes the handler's body (a block or
 * an arrow's expression) and evaluates {@code [return] EXPRESSION [;]} where
 *
 * <pre>
 * EXPRESSION := await EXPRESSION | PRIMARY ( .NAME | ?.NAME | .METHOD(ARGS) )*
 * PRIMARY    := ctx | ( EXPRESSION )
 * METHOD     := db.get(id) | db.query(table) | withIndex(index[, q =&gt; q.eq(field, v).gt(…)…])
 *               | order("asc"|"desc") | collect() | take(n) | first() | unique()
 * v          := "string" | 'string' | number | 12n | true | false | null
 * </pre>
 *
 * and {@code .length} of an array, {@code .field} of a document (missing: null). Anything else (a
 * {@code filter}, variables, several statements) is refused with {@link #UNSUPPORTED}, which lists
 * these forms.
 */
final class InlineQuery {

    static final String UNSUPPORTED = "jconvex evaluates only inline queries of these forms (it runs no JavaScript): "
            + "ctx.db.get(\"<id>\"), ctx.db.query(\"<table>\")[.withIndex(\"<index>\"[, q => q.eq(\"<field>\", <value>)"
            + "[.gt|.gte|.lt|.lte(…)]])][.order(\"asc\"|\"desc\")].collect()|.take(n)|.first()|.unique(), awaited or"
            + " not, with (…).length or ?.<field>, as an expression or `return <expression>;`";

    private static final Pattern BLOCK_HANDLER = Pattern.compile(
            "handler\\s*:\\s*async\\s*\\(\\s*ctx\\s*\\)\\s*=>\\s*\\{(.*)\\}\\s*,?\\s*\\}\\s*\\)\\s*;?\\s*$",
            Pattern.DOTALL);
    private static final Pattern ARROW_HANDLER = Pattern.compile(
            "handler\\s*:\\s*async\\s*\\(\\s*ctx\\s*\\)\\s*=>\\s*(.*?)\\s*,?\\s*\\}\\s*\\)\\s*;?\\s*$", Pattern.DOTALL);

    /** What an unsupported query gets instead of a result. */
    static final class Unsupported extends RuntimeException {
        Unsupported(String detail) {
            super(UNSUPPORTED + (detail.isEmpty() ? "" : ". Got: " + detail), null, false, false);
        }
    }

    private InlineQuery() {}

    /** Evaluates the module source the CLI sends, reading {@code db}. */
    static ConvexValue evaluate(String source, DatabaseReader db) {
        Matcher block = BLOCK_HANDLER.matcher(source);
        Matcher arrow = ARROW_HANDLER.matcher(source);
        String body = block.find()
                ? block.group(1).strip()
                : arrow.find() ? arrow.group(1).strip() : source.strip();
        Parser parser = new Parser(body, db);
        parser.acceptWord("return");
        Object value = parser.expression();
        parser.accept(";");
        parser.end();
        return switch (value) {
            case ConvexValue v -> v;
            default -> throw new Unsupported(body);
        };
    }

    /** The {@code ctx} of the handler. */
    private enum Ctx {
        CTX
    }

    /** A parsed {@code q => q.eq(…)…}: applied when the index is read. */
    private record Range(List<String> ops, List<String> fields, List<ConvexValue> values)
            implements UnaryOperator<IndexRange> {
        @Override
        public IndexRange apply(IndexRange q) {
            IndexRange range = q;
            for (int i = 0; i < ops.size(); i++) {
                String field = fields.get(i);
                ConvexValue value = values.get(i);
                range = switch (ops.get(i)) {
                    case "eq" -> range.eq(field, value);
                    case "gt" -> range.gt(field, value);
                    case "gte" -> range.gte(field, value);
                    case "lt" -> range.lt(field, value);
                    default -> range.lte(field, value);
                };
            }
            return range;
        }
    }

    /** A recursive-descent reader of the grammar above that evaluates as it reads. */
    private static final class Parser {
        private static final Pattern TOKEN = Pattern.compile("\\s*(?:"
                + "(?<word>[A-Za-z_$][\\w$]*)"
                + "|(?<number>-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?n?)"
                + "|(?<string>\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*')"
                + "|(?<punct>=>|\\?\\.|[().,;])"
                + ")");

        private final String text;
        private final DatabaseReader db;
        private final List<String> tokens = new ArrayList<>();
        private int at;

        Parser(String text, DatabaseReader db) {
            this.text = text;
            this.db = db;
            Matcher m = TOKEN.matcher(text);
            int position = 0;
            while (position < text.length()) {
                if (text.substring(position).isBlank()) {
                    break;
                }
                if (!m.find(position) || m.start() != position || m.end() == position) {
                    throw new Unsupported(text);
                }
                tokens.add(m.group().strip());
                position = m.end();
            }
        }

        Object expression() {
            if (acceptWord("await")) {
                return expression();
            }
            Object value = primary();
            while (peek(".") || peek("?.")) {
                boolean optional = next().equals("?.");
                String name = word();
                if (accept("(")) {
                    List<Object> args = new ArrayList<>();
                    if (!accept(")")) {
                        do {
                            args.add(argument());
                        } while (accept(","));
                        expect(")");
                    }
                    value = optional && value instanceof ConvexValue.Null ? value : call(value, name, args);
                } else {
                    value = optional && value instanceof ConvexValue.Null ? value : property(value, name);
                }
            }
            return value;
        }

        private Object primary() {
            if (accept("(")) {
                Object value = expression();
                expect(")");
                return value;
            }
            if (acceptWord("ctx")) {
                return Ctx.CTX;
            }
            throw unsupported();
        }

        private Object property(Object target, String name) {
            return switch (target) {
                case Ctx c when name.equals("db") -> db;
                case ConvexValue.Array array
                when name.equals("length") -> ConvexValue.float64(array.values().size());
                case ConvexValue.Obj doc ->
                    Optional.ofNullable(doc.fields().get(name)).orElse(ConvexValue.NULL);
                default -> throw unsupported();
            };
        }

        private Object call(Object target, String method, List<Object> args) {
            return switch (target) {
                case DatabaseReader r
                when method.equals("get") && args.size() == 1 ->
                    r.get(string(args.getFirst())).<ConvexValue>map(v -> v).orElse(ConvexValue.NULL);
                case DatabaseReader r
                when method.equals("query") && args.size() == 1 -> r.query(string(args.getFirst()));
                case QueryInitializer q
                when method.equals("withIndex") && args.size() == 1 -> q.withIndex(string(args.getFirst()));
                case QueryInitializer q
                when method.equals("withIndex") && args.size() == 2 && args.get(1) instanceof Range range ->
                    q.withIndex(string(args.getFirst()), range);
                case Query q
                when method.equals("order") && args.size() == 1 ->
                    switch (string(args.getFirst())) {
                        case "asc" -> q.order(Order.ASC);
                        case "desc" -> q.order(Order.DESC);
                        default -> throw unsupported();
                    };
                case OrderedQuery q when method.equals("collect") && args.isEmpty() -> ConvexValue.array(q.collect());
                case OrderedQuery q
                when method.equals("take") && args.size() == 1 -> ConvexValue.array(q.take(count(args.getFirst())));
                case OrderedQuery q when method.equals("first") && args.isEmpty() -> orNull(q.first());
                case OrderedQuery q when method.equals("unique") && args.isEmpty() -> orNull(q.unique());
                default -> throw unsupported();
            };
        }

        /** A literal, or an index range {@code q => q.eq(…)} / {@code (q) => …}. */
        private Object argument() {
            String param = null;
            if (at + 3 < tokens.size()
                    && tokens.get(at).equals("(")
                    && tokens.get(at + 2).equals(")")
                    && tokens.get(at + 3).equals("=>")) {
                at++;
                param = word();
                at += 2;
            } else if (at + 1 < tokens.size() && tokens.get(at + 1).equals("=>")) {
                param = word();
                at++;
            }
            if (param == null) {
                return literal();
            }
            if (!acceptWord(param)) {
                throw unsupported();
            }
            List<String> ops = new ArrayList<>();
            List<String> fields = new ArrayList<>();
            List<ConvexValue> values = new ArrayList<>();
            while (accept(".")) {
                String op = word();
                if (!List.of("eq", "gt", "gte", "lt", "lte").contains(op)) {
                    throw unsupported();
                }
                expect("(");
                ops.add(op);
                fields.add(string(literal()));
                expect(",");
                values.add(literal());
                expect(")");
            }
            return new Range(ops, fields, values);
        }

        private ConvexValue literal() {
            String token = next();
            if (token.startsWith("\"") || token.startsWith("'")) {
                return ConvexValue.str(unescape(token.substring(1, token.length() - 1)));
            }
            if (!token.isEmpty() && (Character.isDigit(token.charAt(0)) || token.startsWith("-"))) {
                try {
                    return token.endsWith("n")
                            ? ConvexValue.int64(Long.parseLong(token.substring(0, token.length() - 1)))
                            : ConvexValue.float64(Double.parseDouble(token));
                } catch (NumberFormatException e) {
                    throw unsupported();
                }
            }
            return switch (token) {
                case "true" -> ConvexValue.bool(true);
                case "false" -> ConvexValue.bool(false);
                case "null" -> ConvexValue.NULL;
                default -> throw unsupported();
            };
        }

        private static String unescape(String s) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c != '\\' || i + 1 == s.length()) {
                    out.append(c);
                    continue;
                }
                char e = s.charAt(++i);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'u' -> {
                        if (i + 4 >= s.length()) {
                            throw new Unsupported(s);
                        }
                        out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> out.append(e);
                }
            }
            return out.toString();
        }

        private String string(Object value) {
            if (value instanceof ConvexValue.Str s) {
                return s.value();
            }
            throw unsupported();
        }

        private int count(Object value) {
            if (value instanceof ConvexValue.Float64 f && f.value() == Math.rint(f.value()) && f.value() >= 0) {
                return (int) Math.min(Integer.MAX_VALUE, f.value());
            }
            throw unsupported();
        }

        private static ConvexValue orNull(Optional<ConvexValue.Obj> value) {
            return value.<ConvexValue>map(v -> v).orElse(ConvexValue.NULL);
        }

        private boolean peek(String token) {
            return at < tokens.size() && tokens.get(at).equals(token);
        }

        private boolean accept(String token) {
            if (peek(token)) {
                at++;
                return true;
            }
            return false;
        }

        boolean acceptWord(String word) {
            return accept(word);
        }

        private void expect(String token) {
            if (!accept(token)) {
                throw unsupported();
            }
        }

        private String next() {
            if (at >= tokens.size()) {
                throw unsupported();
            }
            return tokens.get(at++);
        }

        private String word() {
            String token = next();
            if (!Character.isJavaIdentifierStart(token.charAt(0))) {
                throw unsupported();
            }
            return token;
        }

        void end() {
            if (at != tokens.size()) {
                throw unsupported();
            }
        }

        private Unsupported unsupported() {
            return new Unsupported(text);
        }
    }
}
