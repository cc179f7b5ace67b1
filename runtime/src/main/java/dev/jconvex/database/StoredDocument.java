package dev.jconvex.database;

import dev.jconvex.values.ConvexValue;
import org.jspecify.annotations.Nullable;

/**
 * A document version as the engine keeps it: its id, its creation time and its body (the user
 * fields, without {@code _id} and {@code _creationTime}).
 */
record StoredDocument(String id, double creationTime, ConvexValue.Obj body) implements DocumentView {

    /** The document as user code sees it, with the system fields (spec §3.1). */
    @Override
    public ConvexValue.Obj toObject() {
        return body.with("_id", ConvexValue.str(id)).with("_creationTime", ConvexValue.float64(creationTime));
    }

    /**
     * The value at a dotted field path ({@code "a.b"}), or Java null ({@code undefined}) if a segment
     * is missing or not an object (spec §6.4).
     */
    @Override
    public @Nullable ConvexValue field(String path) {
        if (path.equals("_id")) {
            return ConvexValue.str(id);
        }
        if (path.equals("_creationTime")) {
            return ConvexValue.float64(creationTime);
        }
        return lookup(body, path);
    }

    static @Nullable ConvexValue lookup(ConvexValue.Obj object, String path) {
        @Nullable ConvexValue current = object;
        int start = 0;
        while (true) {
            int dot = path.indexOf('.', start);
            String segment = dot < 0 ? path.substring(start) : path.substring(start, dot);
            if (!(current instanceof ConvexValue.Obj obj)) {
                return null;
            }
            current = obj.fields().get(segment);
            if (current == null || dot < 0) {
                return current;
            }
            start = dot + 1;
        }
    }
}
