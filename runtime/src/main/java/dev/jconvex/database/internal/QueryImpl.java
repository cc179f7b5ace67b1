package dev.jconvex.database.internal;

import dev.jconvex.database.FilterBuilder;
import dev.jconvex.database.IndexRange;
import dev.jconvex.database.Order;
import dev.jconvex.database.OrderedQuery;
import dev.jconvex.database.PaginationOptions;
import dev.jconvex.database.PaginationResult;
import dev.jconvex.database.Query;
import dev.jconvex.database.QueryInitializer;
import dev.jconvex.errors.ErrorCode;
import dev.jconvex.values.ConvexValue;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A query of {@code ctx.db.query(table)} (spec values-and-validation §6): a source (an index and a
 * compiled key range), an order, filters, and a terminal operation. Each object is single use: a
 * chaining call returns a new query and retires this one.
 *
 * <p>Reads stream from the index in batches, so {@code first()} reads one document. Every scanned
 * document counts toward the read limits, filtered or not (§6.4), and the consumed part of the range
 * joins the transaction's read set (§8): up to the last key read, or the whole range when the scan
 * reached its end.
 */
final class QueryImpl implements QueryInitializer {

    private static final int MAX_OPERATORS = 256;
    private static final int MAX_PAGE_ITEMS = 32_000;

    private final TransactionBase tx;
    private final String table;
    private final String indexName;
    private final boolean explicitIndex;
    private final IndexRangeBuilder range;
    private final Order order;
    private final List<Filters.Node> filters;
    private boolean used;

    QueryImpl(TransactionBase tx, String table) {
        this(tx, table, IndexInfo.BY_CREATION_TIME, false, new IndexRangeBuilder(), Order.ASC, List.of());
    }

    private QueryImpl(
            TransactionBase tx,
            String table,
            String indexName,
            boolean explicitIndex,
            IndexRangeBuilder range,
            Order order,
            List<Filters.Node> filters) {
        this.tx = tx;
        this.table = table;
        this.indexName = indexName;
        this.explicitIndex = explicitIndex;
        this.range = range;
        this.order = order;
        this.filters = filters;
    }

    private void use() {
        if (used) {
            throw Errors.of(
                    ErrorCode.InvalidQuery,
                    "A query can only be chained once and can't be chained after iteration begins.");
        }
        used = true;
        tx.checkOpen();
    }

    // ---- chaining

    @Override
    public Query withIndex(String indexName) {
        return withIndex(indexName, q -> q);
    }

    @Override
    public Query withIndex(String indexName, UnaryOperator<IndexRange> rangeFn) {
        use();
        IndexRangeBuilder builder = new IndexRangeBuilder();
        // The builder collects the bounds itself; the function returns it only so calls can chain.
        IndexRange unused = rangeFn.apply(builder);
        return new QueryImpl(tx, table, indexName, true, builder, order, filters);
    }

    @Override
    public OrderedQuery order(Order order) {
        use();
        return new QueryImpl(tx, table, indexName, explicitIndex, range, order, filters);
    }

    @Override
    public OrderedQuery filter(Function<FilterBuilder, FilterBuilder.Expr> predicate) {
        use();
        if (filters.size() + 1 > MAX_OPERATORS) {
            throw Errors.of(ErrorCode.InvalidQuery, "Can't construct query with more than 256 operators");
        }
        FilterBuilder.Expr expr = predicate.apply(Filters.BUILDER);
        if (!(expr instanceof Filters.Node node)) {
            throw new IllegalArgumentException("a filter must return an expression of the given builder");
        }
        List<Filters.Node> next = new ArrayList<>(filters);
        next.add(node);
        return new QueryImpl(tx, table, indexName, explicitIndex, range, order, List.copyOf(next));
    }

    // ---- terminals

    @Override
    public Optional<ConvexValue.Obj> first() {
        List<ConvexValue.Obj> one = take(1);
        return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
    }

    @Override
    public Optional<ConvexValue.Obj> unique() {
        use();
        List<StoredDocument> two = run(Cursor.START, 2).docs();
        if (two.isEmpty()) {
            return Optional.empty();
        }
        if (two.size() > 1) {
            throw Errors.of(
                    ErrorCode.InvalidQuery,
                    "unique() query returned more than one result from table " + table + ":\n ["
                            + two.get(0).id() + ", " + two.get(1).id() + ", ...]");
        }
        return Optional.of(two.get(0).toObject());
    }

    @Override
    public List<ConvexValue.Obj> take(int n) {
        if (n < 0) {
            throw Errors.of(ErrorCode.InvalidQuery, "Arg 1 `n` to `take` must be a non-negative integer");
        }
        use();
        return run(Cursor.START, n).docs().stream()
                .map(StoredDocument::toObject)
                .toList();
    }

    @Override
    public List<ConvexValue.Obj> collect() {
        use();
        return run(Cursor.START, Integer.MAX_VALUE).docs().stream()
                .map(StoredDocument::toObject)
                .toList();
    }

    @Override
    public PaginationResult paginate(PaginationOptions options) {
        int n = options.numItems();
        if (n < 0) {
            throw Errors.of(
                    ErrorCode.InvalidQuery, "`options.numItems` must be a positive number. Received `" + n + "`.");
        }
        if (n == 0) {
            throw Errors.of(ErrorCode.NoDocumentsForPagination, "Must request at least 1 document while paginating");
        }
        if (n > MAX_PAGE_ITEMS) {
            throw Errors.of(ErrorCode.InvalidQuery, "Requested too many items: " + n);
        }
        use();
        if (tx.paginated) {
            throw Errors.of(
                    ErrorCode.InvalidQuery,
                    "This query or mutation function ran multiple paginated queries. Convex only supports a single"
                            + " paginated query in each function.");
        }
        tx.paginated = true;
        Plan plan = plan();
        Cursor start =
                options.cursor().map(c -> Cursor.decode(c, plan.fingerprint())).orElse(Cursor.START);
        if (start.end()) {
            return new PaginationResult(List.of(), true, start.encode(plan.fingerprint()));
        }
        Result r = run(plan, start, n, true);
        Cursor next = r.exhausted() ? Cursor.END : r.lastKey() == null ? start : new Cursor(false, r.lastKey());
        Optional<String> status = r.split()
                ? Optional.of("SplitRequired")
                : r.docs().size() > 8192 * 3 / 4 ? Optional.of("SplitRecommended") : Optional.empty();
        return new PaginationResult(
                r.docs().stream().map(StoredDocument::toObject).toList(),
                r.exhausted(),
                next.encode(plan.fingerprint()),
                Optional.empty(),
                status);
    }

    // ---- execution

    /** Where a scan starts: the range start, after a key, or past the end. */
    record Cursor(boolean end, byte @Nullable [] after) {
        static final Cursor START = new Cursor(false, null);
        static final Cursor END = new Cursor(true, null);

        String encode(byte[] fingerprint) {
            byte[] key = after == null ? new byte[0] : after;
            ByteBuffer b = ByteBuffer.allocate(fingerprint.length + 1 + key.length);
            b.put(fingerprint).put((byte) (end ? 2 : after == null ? 0 : 1)).put(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
        }

        static Cursor decode(String text, byte[] fingerprint) {
            byte[] raw;
            try {
                raw = Base64.getUrlDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                raw = new byte[0];
            }
            if (raw.length < fingerprint.length + 1
                    || !Arrays.equals(Arrays.copyOf(raw, fingerprint.length), fingerprint)) {
                throw Errors.of(
                        ErrorCode.InvalidCursor,
                        "Tried to run a query starting from a cursor, but it looks like this cursor is from a different"
                                + " query.");
            }
            int flag = raw[fingerprint.length];
            byte[] key = Arrays.copyOfRange(raw, fingerprint.length + 1, raw.length);
            return switch (flag) {
                case 2 -> END;
                case 1 -> new Cursor(false, key);
                default -> START;
            };
        }
    }

    /**
     * The resolved source: table (empty if it does not exist), index and key range, and the query's
     * shape, whose digest ({@link #fingerprint}) ties a pagination cursor to its query.
     */
    private record Plan(
            Optional<TableInfo> table,
            IndexInfo index,
            byte[] lo,
            byte[] hi,
            java.util.function.Supplier<String> shape) {
        /** Computed only by paginate: a SHA-256 per query was a visible cost of every point lookup. */
        byte[] fingerprint() {
            try {
                return Arrays.copyOf(
                        MessageDigest.getInstance("SHA-256").digest(shape.get().getBytes(StandardCharsets.UTF_8)), 8);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** {@code split}: a read limit ended a page early (paginate only). */
    private record Result(List<StoredDocument> docs, boolean exhausted, byte @Nullable [] lastKey, boolean split) {}

    private Plan plan() {
        Optional<TableInfo> info = tx.db.catalog().byName(table);
        IndexInfo index;
        if (info.isPresent()) {
            index = info.get().index(indexName).orElseThrow(this::indexNotFound);
        } else if (explicitIndex) {
            throw indexNotFound();
        } else {
            index = IndexInfo.byCreationTime();
        }
        IndexRangeBuilder.Compiled compiled = range.compile(
                info.orElseGet(() -> new TableInfo(table, 0, List.of(IndexInfo.byId(), index), Optional.empty(), 0)),
                index);
        return new Plan(
                info,
                index,
                compiled.lo(),
                compiled.hi(),
                () -> table + "|" + indexName + "|" + compiled.description() + "|" + order + "|" + filters);
    }

    private RuntimeException indexNotFound() {
        return Errors.of(ErrorCode.IndexNotFoundError, "Index " + table + "." + indexName + " not found.");
    }

    private Result run(Cursor start, int limit) {
        return run(plan(), start, limit, false);
    }

    /**
     * Scans up to {@code limit} matching documents. When {@code paginating}, a read that would
     * exceed a read limit ends the page instead of failing (§7: "pagination limits").
     */
    private Result run(Plan plan, Cursor start, int limit, boolean paginating) {
        boolean desc = order == Order.DESC;
        byte[] lo = plan.lo();
        byte[] hi = plan.hi();
        if (start.after() != null) {
            if (desc) {
                hi = start.after();
            } else {
                lo = Keys.successor(start.after());
            }
        }
        List<StoredDocument> out = new ArrayList<>();
        byte[] lastKey = null;
        boolean exhausted = true;
        boolean split = false;
        if (limit > 0 && plan.table().isPresent()) {
            Iterator<Persistence.Row> rows = tx.scan(plan.table().get(), plan.index(), lo, hi, desc);
            while (true) {
                if (out.size() >= limit) {
                    exhausted = false;
                    break;
                }
                if (!rows.hasNext()) {
                    break;
                }
                Persistence.Row row = rows.next();
                if (paginating && tx.wouldExceedReadLimits(row.doc())) {
                    split = true;
                    exhausted = false;
                    break;
                }
                lastKey = row.key();
                tx.countRead(row.doc());
                if (passes(row.doc())) {
                    out.add(row.doc());
                }
            }
        } else if (limit == 0) {
            exhausted = false;
        }
        record(plan, lo, hi, desc, exhausted, lastKey);
        return new Result(out, exhausted, lastKey, split);
    }

    private boolean passes(StoredDocument doc) {
        for (Filters.Node f : filters) {
            if (!Filters.matches(f, doc)) {
                return false;
            }
        }
        return true;
    }

    /** Adds the consumed part of [lo, hi) to the read set. */
    private void record(
            Plan plan, byte[] lo, byte @Nullable [] hi, boolean desc, boolean exhausted, byte @Nullable [] lastKey) {
        TableInfo info = plan.table()
                .orElseGet(() -> new TableInfo(table, 0, List.of(IndexInfo.byId(), plan.index()), Optional.empty(), 0));
        if (exhausted) {
            tx.recordRead(info, plan.index(), lo, hi);
        } else if (lastKey != null) {
            if (desc) {
                tx.recordRead(info, plan.index(), lastKey, hi);
            } else {
                tx.recordRead(info, plan.index(), lo, Keys.successor(lastKey));
            }
        }
    }
}
