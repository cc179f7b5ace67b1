package dev.jconvex.database;

import dev.jconvex.values.ConvexValue;
import dev.jconvex.values.KeyEncoding;
import java.util.ArrayList;
import java.util.List;

/**
 * One index of a table as stored: its name, its full key field list F (spec §6.1: the user fields,
 * then {@code _creationTime}, then {@code _id}; {@code by_id} is just {@code _id}) and the H2 column
 * holding each document's key, the {@link KeyEncoding} of the tuple of those field values (a missing
 * field is {@code undefined}).
 */
record IndexInfo(String name, List<String> keyFields, String column) {

    static final String BY_ID = "by_id";
    static final String BY_CREATION_TIME = "by_creation_time";

    IndexInfo {
        keyFields = List.copyOf(keyFields);
    }

    static IndexInfo byId() {
        return new IndexInfo(BY_ID, List.of("_id"), "K_BY_ID");
    }

    static IndexInfo byCreationTime() {
        return new IndexInfo(BY_CREATION_TIME, List.of("_creationTime", "_id"), "K_BY_CREATION_TIME");
    }

    static IndexInfo user(String name, List<String> fields) {
        List<String> keyFields = new ArrayList<>(fields);
        keyFields.add("_creationTime");
        keyFields.add("_id");
        return new IndexInfo(
                name,
                keyFields,
                ("I_" + name + "_" + Integer.toHexString(name.hashCode())).toUpperCase(java.util.Locale.ROOT));
    }

    /** The key of {@code doc} in this index. */
    byte[] key(StoredDocument doc) {
        List<ConvexValue> values = new ArrayList<>(keyFields.size());
        for (String field : keyFields) {
            values.add(doc.field(field));
        }
        return KeyEncoding.encodeTuple(values);
    }
}
