package dev.jconvex.database.internal;

import dev.jconvex.values.ConvexValue;
import dev.jconvex.values.KeyEncoding;
import java.util.List;

/** Keys of documents in the built-in indexes. */
final class KeyOf {
    private KeyOf() {}

    /** The key of the document {@code id} in {@code by_id}, the same as {@link IndexInfo#key}. */
    static byte[] id(String id) {
        return KeyEncoding.encodeTuple(List.of(ConvexValue.str(id)));
    }
}
