package dev.jconvex.database;

import dev.jconvex.values.ConvexValue;

/** {@code ctx.db} in a mutation: reads see the transaction's own writes. */
public interface DatabaseWriter extends DatabaseReader {

    /** Inserts a document and returns its new {@code _id}. */
    String insert(String table, ConvexValue.Obj document);

    /**
     * Shallow-merges {@code patch} into the document: each field replaces the stored one; fields
     * named in {@link Patch#remove} are removed (a JavaScript {@code undefined} value).
     */
    void patch(String id, Patch patch);

    /** Replaces the whole document body, keeping {@code _id} and {@code _creationTime}. */
    void replace(String id, ConvexValue.Obj document);

    /** Deletes the document. */
    void delete(String id);
}
