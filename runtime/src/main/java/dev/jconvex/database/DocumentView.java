package dev.jconvex.database;

import dev.jconvex.values.ConvexValue;
import org.jspecify.annotations.Nullable;

/**
 * A document as {@link DatabaseReader#scanIndex} hands it to Java module code: its fields, read
 * without copying the document, and the object user code sees, built only when asked for. It is an
 * immutable view of one document version: it may be kept after the visitor returns (to order a group
 * of rows before building the objects of only those returned).
 */
public interface DocumentView {

    /** {@code _id}. */
    String id();

    /** {@code _creationTime}. */
    double creationTime();

    /**
     * The value at a field path, as a query filter reads it (spec §6.4): a top-level name or a dotted
     * path, {@code _id} and {@code _creationTime} included; Java null ({@code undefined}) when a
     * segment is missing.
     */
    @Nullable
    ConvexValue field(String path);

    /** The document as {@code db.get} and queries return it, with its system fields (a new object). */
    ConvexValue.Obj toObject();
}
