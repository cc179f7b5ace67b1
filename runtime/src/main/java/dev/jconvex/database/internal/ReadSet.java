package dev.jconvex.database.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a transaction read (spec §8 step 2): per (table, index), the key intervals it consumed. A
 * {@code get} is a point on {@code by_id}; a query is the part of its index range it actually
 * consumed. Two uses: OCC validation at commit, and live queries, which re-run only when a later
 * commit's {@link WriteSet} {@linkplain #overlaps overlaps} the read set of their last run.
 *
 * <p>Immutable; intervals are merged and sorted per index, so {@link #overlaps} costs a binary
 * search per written key and index.
 */
public final class ReadSet {

    /** The read set of a transaction that read nothing. */
    public static final ReadSet EMPTY = new ReadSet(Map.of(), 0);

    /** table → index → sorted, disjoint intervals. */
    private final Map<String, Map<String, List<KeyInterval>>> intervals;

    private final int recorded;

    private ReadSet(Map<String, Map<String, List<KeyInterval>>> intervals, int recorded) {
        this.intervals = intervals;
        this.recorded = recorded;
    }

    /** Whether any old or new key of a document in {@code writes} falls inside an interval read. */
    public boolean overlaps(WriteSet writes) {
        return firstConflict(writes).isPresent();
    }

    /** Whether nothing was read. */
    public boolean isEmpty() {
        return intervals.isEmpty();
    }

    /** The tables read. */
    public java.util.Set<String> tables() {
        return Collections.unmodifiableSet(intervals.keySet());
    }

    /** The number of intervals recorded (before merging), counted against the 4,096 limit of §7. */
    public int recordedIntervals() {
        return recorded;
    }

    /** This read set united with {@code other}: what a client depends on across several reads. */
    public ReadSet union(ReadSet other) {
        Builder b = new Builder();
        b.addAll(this);
        b.addAll(other);
        return b.build();
    }

    /** The first written document whose old or new key lies in a read interval. */
    Optional<WriteSet.Write> firstConflict(WriteSet writes) {
        for (WriteSet.Write w : writes.writes()) {
            Map<String, List<KeyInterval>> byIndex = intervals.get(w.table());
            if (byIndex == null) {
                continue;
            }
            for (var e : byIndex.entrySet()) {
                byte[] before = w.before().get(e.getKey());
                byte[] after = w.after().get(e.getKey());
                if ((before != null && contains(e.getValue(), before))
                        || (after != null && contains(e.getValue(), after))) {
                    return Optional.of(w);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean contains(List<KeyInterval> sorted, byte[] key) {
        int lo = 0;
        int hi = sorted.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            KeyInterval iv = sorted.get(mid);
            if (Arrays.compareUnsigned(key, iv.lo()) < 0) {
                hi = mid - 1;
            } else if (iv.hi() != null && Arrays.compareUnsigned(key, iv.hi()) >= 0) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "ReadSet" + intervals.keySet();
    }

    /** A half-open interval [lo, hi) of index keys; {@code hi == null} means unbounded. */
    record KeyInterval(byte[] lo, byte @Nullable [] hi) {
        boolean isEmpty() {
            return hi != null && Arrays.compareUnsigned(lo, hi) >= 0;
        }
    }

    /** Accumulates intervals as a transaction reads. Not thread-safe. */
    static final class Builder {
        private final Map<String, Map<String, List<KeyInterval>>> raw = new HashMap<>();
        private int recorded;

        /** Records [lo, hi) of {@code index} in {@code table}; returns the number recorded so far. */
        int add(String table, String index, byte[] lo, byte @Nullable [] hi) {
            KeyInterval iv = new KeyInterval(lo, hi);
            if (iv.isEmpty()) {
                return recorded;
            }
            raw.computeIfAbsent(table, t -> new HashMap<>())
                    .computeIfAbsent(index, i -> new ArrayList<>())
                    .add(iv);
            return ++recorded;
        }

        void addAll(ReadSet other) {
            other.intervals.forEach((table, byIndex) -> byIndex.forEach((index, list) -> {
                for (KeyInterval iv : list) {
                    add(table, index, iv.lo(), iv.hi());
                }
            }));
        }

        int recorded() {
            return recorded;
        }

        /** Forgets everything recorded so far. */
        void clear() {
            raw.clear();
            recorded = 0;
        }

        ReadSet build() {
            Map<String, Map<String, List<KeyInterval>>> merged = new HashMap<>();
            raw.forEach((table, byIndex) -> {
                Map<String, List<KeyInterval>> m = new HashMap<>();
                byIndex.forEach((index, list) -> m.put(index, merge(list)));
                merged.put(table, m);
            });
            return new ReadSet(merged, recorded);
        }

        private static List<KeyInterval> merge(List<KeyInterval> list) {
            List<KeyInterval> sorted = new ArrayList<>(list);
            sorted.sort((a, b) -> Arrays.compareUnsigned(a.lo(), b.lo()));
            List<KeyInterval> out = new ArrayList<>();
            KeyInterval cur = null;
            for (KeyInterval iv : sorted) {
                if (cur == null) {
                    cur = iv;
                } else if (cur.hi() == null || Arrays.compareUnsigned(iv.lo(), cur.hi()) <= 0) {
                    byte[] hi = (cur.hi() == null || iv.hi() == null)
                            ? null
                            : (Arrays.compareUnsigned(iv.hi(), cur.hi()) > 0 ? iv.hi() : cur.hi());
                    cur = new KeyInterval(cur.lo(), hi);
                } else {
                    out.add(cur);
                    cur = iv;
                }
            }
            if (cur != null) {
                out.add(cur);
            }
            return List.copyOf(out);
        }
    }
}
