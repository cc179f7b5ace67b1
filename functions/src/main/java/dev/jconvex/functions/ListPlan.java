package dev.jconvex.functions;

import dev.jconvex.database.DatabaseReader;
import dev.jconvex.database.DocumentView;
import dev.jconvex.database.Order;
import dev.jconvex.functions.js.Js;
import dev.jconvex.schema.DerivedIndexDefinition;
import dev.jconvex.values.ConvexValue;
import dev.jconvex.values.ConvexValue.Obj;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * How {@code mutable:list} and {@code mutable:count} read: in the order the seed sorts, stopping
 * after {@code offset + limit} matches, with the seed's exact result.
 *
 * <p>Design note. The seed collects the namespace ({@code by_namespace}, or {@code
 * by_tenant_namespace} for a truthy tenantId), filters, sorts stably by {@code a.key.localeCompare(b.key)}
 * or {@code a.updatedAt - b.updatedAt} (negated for {@code "desc"}), then slices. The same result
 * comes from reading an index already in that order:
 *
 * <ul>
 *   <li><b>Indexes.</b> Four {@linkplain DerivedIndexDefinition derived indexes} of the {@code
 *       mutable} table: (namespace, collation key of {@code key}) and (namespace, {@code updatedAt}),
 *       each also with tenantId first. Like every index they end with {@code _creationTime} and
 *       {@code _id}, so entries that compare equal come in the order of {@code by_namespace}: the
 *       order the stable sort keeps them in. The collation key ({@link Js#collationKey}) orders
 *       exactly as {@code localeCompare} and is equal exactly when it returns 0 (e.g. {@code "a"} and
 *       {@code "a\u0000"}, or {@code "e\u0301"} and {@code "é"}). {@code updatedAt} is stored with -0
 *       as +0 (their difference is 0), and each infinity equals itself ({@code Infinity - Infinity} is
 *       NaN, which the sort treats as 0).
 *   <li><b>Ascending</b> is the index order: emit matching rows, stop at the {@code offset +
 *       limit}-th.
 *   <li><b>Descending</b> negates the comparator, so groups of equal entries come in descending
 *       order but each group keeps creation order. The index is read backwards; the matching rows of
 *       a group are held until the first row with a different sort value ends it, then emitted in
 *       reverse. The scan stops on that row once {@code offset + limit} rows are emitted, so the read
 *       set includes the row that proved the group complete.
 *   <li><b>Any other sortBy</b> compares 0 in both orders: {@code by_namespace} order, read forwards.
 *   <li><b>Filters</b> (keyPrefix, userId, updatedAfter, updatedBefore) are tested on each row as
 *       it is read; rows before {@code offset} are never turned into objects.
 * </ul>
 *
 * <p>When the plan cannot be exact, {@link #list} returns empty and the caller runs the seed's
 * collect-filter-sort-slice: a negative finite offset or limit (slice counts those from the end, so
 * they need the total), or, for {@code sortBy: "updatedAt"}, a NaN {@code updatedAt} in the range
 * (NaN compares 0 with everything, so the seed's order is that of V8's sort algorithm, not of an
 * index). The module itself only writes {@code Date.now()}; a NaN could come from another Java
 * module writing to the table. Such entries sort first in the index, so ascending scans see them
 * at once and descending ones check the first entry. {@code key} is always a string (the table's
 * validator).
 *
 * <p>Deliberate difference from Convex: the seed's {@code collect()} fails with the read limit on a
 * namespace of more than 32,000 entries; this plan reads only up to the last row it needs, so a
 * first page of a 100,000-entry namespace succeeds. A list that must read more than the limit
 * (a selective filter, a large offset) still fails with the same error.
 */
final class ListPlan {

    private ListPlan() {}

    static final String BY_NAMESPACE_KEY_ORDER = "_list_by_namespace_key_order";
    static final String BY_TENANT_NAMESPACE_KEY_ORDER = "_list_by_tenant_namespace_key_order";
    static final String BY_NAMESPACE_UPDATED = "_list_by_namespace_updated";
    static final String BY_TENANT_NAMESPACE_UPDATED = "_list_by_tenant_namespace_updated";

    /** The derived indexes the plan reads, declared on {@link MutableModule#MUTABLE_TABLE}. */
    static final List<DerivedIndexDefinition> INDEXES = List.of(
            new DerivedIndexDefinition(
                    BY_NAMESPACE_KEY_ORDER,
                    Js.collationVersion(),
                    List.of("namespace", "key"),
                    body -> Arrays.asList(
                            body.fields().get("namespace"),
                            collated(body.fields().get("key")))),
            new DerivedIndexDefinition(
                    BY_TENANT_NAMESPACE_KEY_ORDER,
                    Js.collationVersion(),
                    List.of("tenantId", "namespace", "key"),
                    body -> Arrays.asList(
                            body.fields().get("tenantId"),
                            body.fields().get("namespace"),
                            collated(body.fields().get("key")))),
            new DerivedIndexDefinition(
                    BY_NAMESPACE_UPDATED,
                    "1",
                    List.of("namespace", "updatedAt"),
                    body -> Arrays.asList(
                            body.fields().get("namespace"),
                            sortable(body.fields().get("updatedAt")))),
            new DerivedIndexDefinition(
                    BY_TENANT_NAMESPACE_UPDATED,
                    "1",
                    List.of("tenantId", "namespace", "updatedAt"),
                    body -> Arrays.asList(
                            body.fields().get("tenantId"),
                            body.fields().get("namespace"),
                            sortable(body.fields().get("updatedAt")))));

    /** The collation key of a string key as bytes; undefined for anything else (sorts first). */
    private static @Nullable ConvexValue collated(@Nullable ConvexValue key) {
        return key instanceof ConvexValue.Str s ? ConvexValue.bytes(Js.collationKey(s.value())) : null;
    }

    /**
     * {@code updatedAt} as the index orders it: a number with -0 as +0; null (before every number) for
     * NaN and anything that is not a number.
     */
    private static ConvexValue sortable(@Nullable ConvexValue updatedAt) {
        if (updatedAt instanceof ConvexValue.Float64(double d) && !Double.isNaN(d)) {
            return ConvexValue.float64(d == 0 ? 0.0 : d);
        }
        return ConvexValue.NULL;
    }

    private static boolean isSortable(DocumentView row) {
        return row.field("updatedAt") instanceof ConvexValue.Float64(double d) && !Double.isNaN(d);
    }

    /**
     * The seed's list result, or empty when this plan cannot give it exactly (then collect).
     *
     * @param args the validated arguments of {@code mutable:list}
     */
    static Optional<List<Obj>> list(DatabaseReader db, Obj args) {
        // const offset = args.offset || 0; entries.slice(offset)
        double offset = Js.toIntegerOrInfinity(Js.toNumber(Js.or(args.fields().get("offset"), ConvexValue.float64(0))));
        // const limit = args.limit || 100; entries.slice(0, limit)
        double limit = Js.toIntegerOrInfinity(Js.toNumber(Js.or(args.fields().get("limit"), ConvexValue.float64(100))));
        if (offset == Double.POSITIVE_INFINITY || limit == Double.NEGATIVE_INFINITY || limit == 0) {
            return Optional.of(List.of()); // empty whatever the entries: nothing to read
        }
        if ((offset < 0 && offset != Double.NEGATIVE_INFINITY) || limit < 0) {
            return Optional.empty(); // counted from the end
        }
        Window window = new Window(Math.max(offset, 0), limit);

        ConvexValue tenantId = args.fields().get("tenantId");
        ConvexValue namespace = Objects.requireNonNull(args.get("namespace")); // a required argument
        boolean tenant = Js.truthy(tenantId);
        List<ConvexValue> prefix = tenant ? List.of(tenantId, namespace) : List.of(namespace);
        Predicate<DocumentView> filter = filter(args);
        String sortBy = Js.or(optionalString(args, "sortBy"), "key");
        String sortOrder = Js.or(optionalString(args, "sortOrder"), "asc");
        boolean desc = sortOrder.equals("desc");

        return switch (sortBy) {
            case "key" -> {
                String index = tenant ? BY_TENANT_NAMESPACE_KEY_ORDER : BY_NAMESPACE_KEY_ORDER;
                yield sorted(db, index, prefix, desc, ListPlan::sameKey, false, filter, window);
            }
            case "updatedAt" -> {
                String index = tenant ? BY_TENANT_NAMESPACE_UPDATED : BY_NAMESPACE_UPDATED;
                yield sorted(db, index, prefix, desc, ListPlan::sameUpdatedAt, true, filter, window);
            }
            default -> {
                // comparison stays 0: the scan's order, whatever the sortOrder
                scanNamespace(db, tenantId, namespace, row -> !filter.test(row) || window.offer(row));
                yield Optional.of(window.rows());
            }
        };
    }

    /** {@code a.key.localeCompare(b.key) == 0}. */
    private static boolean sameKey(DocumentView a, DocumentView b) {
        return Js.localeCompare(string(a, "key"), string(b, "key")) == 0;
    }

    /** {@code a.updatedAt - b.updatedAt} is 0 or NaN: the sort keeps the two in scan order. */
    private static boolean sameUpdatedAt(DocumentView a, DocumentView b) {
        double comparison = Js.toNumber(Js.subtract(a.field("updatedAt"), b.field("updatedAt")));
        return comparison == 0 || Double.isNaN(comparison);
    }

    private static Optional<List<Obj>> sorted(
            DatabaseReader db,
            String index,
            List<ConvexValue> prefix,
            boolean desc,
            BiPredicate<DocumentView, DocumentView> tie,
            boolean checkSortable,
            Predicate<DocumentView> filter,
            Window window) {
        boolean[] unsortable = {false};
        if (!desc) {
            boolean[] first = {true};
            db.scanIndex(MutableModule.TABLE, index, prefix, Order.ASC, row -> {
                if (first[0]) {
                    first[0] = false;
                    if (checkSortable && !isSortable(row)) {
                        unsortable[0] = true;
                        return false;
                    }
                }
                return !filter.test(row) || window.offer(row);
            });
            return unsortable[0] ? Optional.empty() : Optional.of(window.rows());
        }
        if (checkSortable) {
            // unsortable entries sort first: look at the first one
            db.scanIndex(MutableModule.TABLE, index, prefix, Order.ASC, row -> {
                unsortable[0] = !isSortable(row);
                return false;
            });
            if (unsortable[0]) {
                return Optional.empty();
            }
        }
        // Backwards; the matching rows of the current group of equal entries, in scan order
        List<DocumentView> group = new ArrayList<>();
        DocumentView[] head = {null}; // the first row of the group, matching or not
        db.scanIndex(MutableModule.TABLE, index, prefix, Order.DESC, row -> {
            if (head[0] != null && !tie.test(head[0], row)) {
                window.offerReversed(group);
                group.clear();
                if (window.isFull()) {
                    return false; // this row proved the group complete; it is part of the read set
                }
            }
            if (group.isEmpty()) {
                head[0] = row;
            }
            if (filter.test(row)) {
                group.add(row);
            }
            return true;
        });
        if (!window.isFull()) {
            window.offerReversed(group);
        }
        return Optional.of(window.rows());
    }

    /** The rows of positions [skip, skip + take) of the sorted, filtered entries, as objects. */
    private static final class Window {
        private final double skip;
        private final double take;
        private final List<Obj> rows = new ArrayList<>();
        private long position;

        Window(double skip, double take) {
            this.skip = skip;
            this.take = take;
        }

        /** Takes the next row in result order; false once the window is full. */
        boolean offer(DocumentView row) {
            if (position++ >= skip) {
                rows.add(row.toObject());
            }
            return !isFull();
        }

        void offerReversed(List<DocumentView> group) {
            for (int i = group.size() - 1; i >= 0 && !isFull(); i--) {
                offer(group.get(i));
            }
        }

        boolean isFull() {
            return rows.size() >= take;
        }

        List<Obj> rows() {
            return rows;
        }
    }

    // ━━ count, and what it shares with list ━━

    /**
     * The seed's {@code count}: the entries {@link #scanNamespace} visits that pass {@link #filter},
     * counted as the scan goes, so none becomes an object. It reads what the seed reads: the whole
     * namespace.
     */
    static long count(DatabaseReader db, Obj args) {
        Predicate<DocumentView> filter = filter(args);
        long[] count = {0};
        scanNamespace(db, args.get("tenantId"), Objects.requireNonNull(args.get("namespace")), row -> {
            if (filter.test(row)) {
                count[0]++;
            }
            return true;
        });
        return count[0];
    }

    /**
     * Visits the entries the seed collects, in the same order: a truthy tenantId reads that tenant's
     * entries ({@code by_tenant_namespace}), otherwise every entry of the namespace ({@code
     * by_namespace}).
     */
    static void scanNamespace(
            DatabaseReader db, @Nullable ConvexValue tenantId, ConvexValue namespace, Predicate<DocumentView> visitor) {
        if (tenantId != null && Js.truthy(tenantId)) {
            db.scanIndex(MutableModule.TABLE, "by_tenant_namespace", List.of(tenantId, namespace), Order.ASC, visitor);
        } else {
            db.scanIndex(MutableModule.TABLE, "by_namespace", List.of(namespace), Order.ASC, visitor);
        }
    }

    /**
     * The seed's filters as one test of a row: {@code if (args.keyPrefix)} startsWith, {@code if
     * (args.userId)} ===, {@code if (args.updatedAfter !== undefined)} >, {@code if
     * (args.updatedBefore !== undefined)} <, as list and count apply them. They have no side effects,
     * so their order does not matter.
     */
    static Predicate<DocumentView> filter(Obj args) {
        ConvexValue keyPrefix = args.fields().get("keyPrefix");
        ConvexValue userId = args.fields().get("userId");
        ConvexValue updatedAfter = args.fields().get("updatedAfter");
        ConvexValue updatedBefore = args.fields().get("updatedBefore");
        // the validator makes keyPrefix a string when present
        String prefix = keyPrefix != null && Js.truthy(keyPrefix) ? ((ConvexValue.Str) keyPrefix).value() : null;
        ConvexValue user = Js.truthy(userId) ? userId : null;
        return row -> (prefix == null || Js.startsWith(string(row, "key"), prefix))
                && (user == null || user.equals(row.field("userId")))
                && (updatedAfter == null || Js.greaterThan(row.field("updatedAt"), updatedAfter))
                && (updatedBefore == null || Js.lessThan(row.field("updatedAt"), updatedBefore));
    }

    private static String string(DocumentView row, String name) {
        return ((ConvexValue.Str) Objects.requireNonNull(row.field(name))).value();
    }

    private static @Nullable String optionalString(Obj obj, String name) {
        return obj.fields().get(name) instanceof ConvexValue.Str s ? s.value() : null;
    }
}
