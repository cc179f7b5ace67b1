package dev.jconvex.values;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The immutable field map of an {@link ConvexValue.Obj}: names sorted by UTF-8 bytes (values §1.5)
 * in one array, values in a parallel array. Lookup is a binary search; iteration is in order.
 */
final class Fields extends AbstractMap<String, ConvexValue> {

    static final Fields EMPTY = new Fields(new String[0], new ConvexValue[0]);

    final String[] names;
    final ConvexValue[] values;
    private int hash;

    /**
     * {@link ValueSize#size} of the object these fields make, once computed; -1 before. Fields are
     * immutable, so the first computation holds for good (a racing second one writes the same value).
     * Stored documents are read many times from the engine's page cache, and every read counts
     * their size against the read limit.
     */
    int encodedSize = -1;

    private Fields(String[] names, ConvexValue[] values) {
        this.names = names;
        this.values = values;
    }

    /** The fields of {@code map}, sorted; entries whose value is Java null (undefined) are dropped. */
    static Fields of(Map<String, ConvexValue> map) {
        if (map instanceof Fields f) {
            return f;
        }
        int n = map.size();
        if (n == 0) {
            return EMPTY;
        }
        java.util.List<Map.Entry<String, ConvexValue>> entries = new java.util.ArrayList<>(n);
        for (Map.Entry<String, ConvexValue> e : map.entrySet()) {
            Objects.requireNonNull(e.getKey(), "field name");
            if (e.getValue() != null) {
                entries.add(e);
            }
        }
        entries.sort((a, b) -> Utf8.compare(a.getKey(), b.getKey()));
        int count = entries.size();
        String[] names = new String[count];
        ConvexValue[] values = new ConvexValue[count];
        for (int i = 0; i < count; i++) {
            names[i] = entries.get(i).getKey();
            values[i] = entries.get(i).getValue();
        }
        return count == 0 ? EMPTY : new Fields(names, values);
    }

    /** Builds from arrays already sorted and free of duplicates; takes ownership of them. */
    static Fields ofSorted(String[] names, ConvexValue[] values) {
        return names.length == 0 ? EMPTY : new Fields(names, values);
    }

    int indexOf(String name) {
        int lo = 0;
        int hi = names.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Utf8.compare(names[mid], name);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    Fields with(String name, ConvexValue value) {
        Fields result = withUnsized(name, value);
        int known = encodedSize;
        if (known >= 0) {
            // The new object's size follows from this one's without walking it again.
            int i = indexOf(name);
            long size =
                    known + ValueSize.size(value) - (i >= 0 ? ValueSize.size(values[i]) : -(Utf8.length(name) + 1L));
            if (size <= Integer.MAX_VALUE) {
                result.encodedSize = (int) size;
            }
        }
        return result;
    }

    private Fields withUnsized(String name, ConvexValue value) {
        int i = indexOf(name);
        if (i >= 0) {
            ConvexValue[] v = values.clone();
            v[i] = value;
            return new Fields(names, v);
        }
        int at = -(i + 1);
        int n = names.length;
        String[] k = new String[n + 1];
        ConvexValue[] v = new ConvexValue[n + 1];
        System.arraycopy(names, 0, k, 0, at);
        System.arraycopy(values, 0, v, 0, at);
        k[at] = name;
        v[at] = value;
        System.arraycopy(names, at, k, at + 1, n - at);
        System.arraycopy(values, at, v, at + 1, n - at);
        return new Fields(k, v);
    }

    Fields without(String name) {
        int i = indexOf(name);
        if (i < 0) {
            return this;
        }
        int n = names.length;
        if (n == 1) {
            return EMPTY;
        }
        String[] k = new String[n - 1];
        ConvexValue[] v = new ConvexValue[n - 1];
        System.arraycopy(names, 0, k, 0, i);
        System.arraycopy(values, 0, v, 0, i);
        System.arraycopy(names, i + 1, k, i, n - i - 1);
        System.arraycopy(values, i + 1, v, i, n - i - 1);
        return new Fields(k, v);
    }

    @Override
    public @Nullable ConvexValue get(Object key) {
        if (key instanceof String s) {
            int i = indexOf(s);
            return i >= 0 ? values[i] : null;
        }
        return null;
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String s && indexOf(s) >= 0;
    }

    @Override
    public int size() {
        return names.length;
    }

    @Override
    public boolean isEmpty() {
        return names.length == 0;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super ConvexValue> action) {
        for (int i = 0; i < names.length; i++) {
            action.accept(names[i], values[i]);
        }
    }

    @Override
    public Set<Map.Entry<String, ConvexValue>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, ConvexValue>> iterator() {
                return new Iterator<>() {
                    private int i;

                    @Override
                    public boolean hasNext() {
                        return i < names.length;
                    }

                    @Override
                    public Map.Entry<String, ConvexValue> next() {
                        if (i >= names.length) {
                            throw new NoSuchElementException();
                        }
                        Map.Entry<String, ConvexValue> e = new SimpleImmutableEntry<>(names[i], values[i]);
                        i++;
                        return e;
                    }
                };
            }

            @Override
            public int size() {
                return names.length;
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (o instanceof Fields f) {
            return Arrays.equals(names, f.names) && Arrays.equals(values, f.values);
        }
        return super.equals(o);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            for (int i = 0; i < names.length; i++) {
                h += names[i].hashCode() ^ values[i].hashCode();
            }
            hash = h;
        }
        return h;
    }
}
