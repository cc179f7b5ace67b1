package dev.jconvex.database.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one commit wrote: for each written document, its key in every index of its table before
 * and after the write (an insert has no old keys, a delete no new ones). {@link ReadSet#overlaps}
 * projects these keys onto the intervals a transaction or a live query read (spec §8 step 3).
 */
public final class WriteSet {

    /** The write set of a commit that wrote nothing. */
    public static final WriteSet EMPTY = new WriteSet(List.of());

    private final List<Write> writes;

    WriteSet(List<Write> writes) {
        this.writes = List.copyOf(writes);
    }

    static WriteSet of(List<DocumentWrite> documentWrites) {
        List<Write> out = new ArrayList<>(documentWrites.size());
        for (DocumentWrite w : documentWrites) {
            Map<String, byte[]> before = keys(w.table(), w.before(), Optional.empty(), Map.of());
            Map<String, byte[]> after = keys(w.table(), w.after(), w.before(), before);
            out.add(new Write(w.table().name(), w.id(), before, after));
        }
        return new WriteSet(out);
    }

    /**
     * The key of {@code doc} in every index of {@code table}. For an update, an index whose inputs
     * did not change between {@code previous} and {@code doc} reuses the previous key instead of
     * encoding it again (most writes change one or two indexed fields of many).
     */
    private static Map<String, byte[]> keys(
            TableInfo table,
            Optional<StoredDocument> doc,
            Optional<StoredDocument> previous,
            Map<String, byte[]> previousKeys) {
        if (doc.isEmpty()) {
            return Map.of();
        }
        Map<String, byte[]> keys = new HashMap<>();
        for (IndexInfo index : table.indexes()) {
            byte[] known = previous.isPresent() && index.sameKey(previous.get(), doc.get())
                    ? previousKeys.get(index.name())
                    : null;
            keys.put(index.name(), known != null ? known : index.key(doc.get()));
        }
        return Collections.unmodifiableMap(keys);
    }

    /** Whether the commit wrote nothing. */
    public boolean isEmpty() {
        return writes.isEmpty();
    }

    /** The number of documents written. */
    public int size() {
        return writes.size();
    }

    /** The tables written. */
    public Set<String> tables() {
        Set<String> out = new LinkedHashSet<>();
        for (Write w : writes) {
            out.add(w.table());
        }
        return out;
    }

    /** The ids of the documents written, in write order. */
    public List<String> documentIds() {
        return writes.stream().map(Write::id).toList();
    }

    List<Write> writes() {
        return writes;
    }

    /** One written document: table, id, and index name → key before and after. */
    record Write(String table, String id, Map<String, byte[]> before, Map<String, byte[]> after) {}
}
