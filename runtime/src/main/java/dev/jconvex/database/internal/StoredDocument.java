package dev.jconvex.database.internal;

import dev.jconvex.database.DocumentView;
import dev.jconvex.values.ConvexValue;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A document version as the engine keeps it: its id, its creation time and its body (the user
 * fields, without {@code _id} and {@code _creationTime}).
 *
 * <p>The body exists in two forms, each made at most once and kept: the value tree that functions
 * read, and its {@link Documents row format} that the write-ahead log and the store's pages hold.
 * A version written by a commit is encoded once, for the log, and a checkpoint then copies those
 * bytes into every page that holds it, instead of encoding the page's other documents again (on a
 * large database most dirty pages hold one changed document and dozens of unchanged ones). A
 * version read from a page or the log keeps its bytes and decodes them on the first read of its
 * body, so loading a page decodes only the documents a function reads. Immutable: the two forms are
 * equal by construction, and a race between two threads making the same form only makes it twice.
 */
final class StoredDocument implements DocumentView {

    private final String id;
    private final double creationTime;
    // at least one of the two is set; each, once set, never changes
    private volatile ConvexValue.@Nullable Obj body;
    private volatile byte @Nullable [] encoded;

    /** A version with its body as a value tree. */
    StoredDocument(String id, double creationTime, ConvexValue.Obj body) {
        this.id = Objects.requireNonNull(id, "id");
        this.creationTime = creationTime;
        this.body = Objects.requireNonNull(body, "body");
    }

    private StoredDocument(String id, double creationTime, byte[] encoded) {
        this.id = Objects.requireNonNull(id, "id");
        this.creationTime = creationTime;
        this.encoded = Objects.requireNonNull(encoded, "encoded");
    }

    /** A version with its body in the row format, decoded when first read. */
    static StoredDocument ofEncoded(String id, double creationTime, byte[] encodedBody) {
        return new StoredDocument(id, creationTime, encodedBody);
    }

    /**
     * This version for one reader: itself when its body is a value tree already, otherwise a copy
     * sharing the row bytes that decodes them for that reader alone. A version in a store page lives
     * as long as the page stays cached; decoding into it on a read would attach a value tree to an
     * old object on every read of a document not read before. On a large database (1M documents,
     * random reads) those trees were most of what survived each young collection, and the stores
     * into old objects made the collector scan their cards: young pauses of 0.2-0.6 s every 1-2 s
     * under {@code mutable:get}. A copy dies with the transaction.
     */
    StoredDocument forReader() {
        byte @Nullable [] e = encoded;
        return body != null || e == null ? this : new StoredDocument(id, creationTime, e);
    }

    /** The document's id. */
    @Override
    public String id() {
        return id;
    }

    /** The document's {@code _creationTime}. */
    @Override
    public double creationTime() {
        return creationTime;
    }

    /** The user fields, decoded from the row format on the first call when the version was read from storage. */
    ConvexValue.Obj body() {
        ConvexValue.Obj b = body;
        if (b == null) {
            b = Documents.decodeBody(Objects.requireNonNull(encoded, "a version holds its body in one form at least"));
            body = b;
        }
        return b;
    }

    /** The body in the row format, encoded on the first call; callers must not modify it. */
    byte[] encodedBody() {
        byte[] e = encoded;
        if (e == null) {
            e = Documents.encodeBody(Objects.requireNonNull(body, "a version holds its body in one form at least"));
            encoded = e;
        }
        return e;
    }

    /** Whether the body is held only as bytes so far (for tests). */
    boolean decoded() {
        return body != null;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof StoredDocument other)) {
            return false;
        }
        if (!id.equals(other.id) || Double.compare(creationTime, other.creationTime) != 0) {
            return false;
        }
        byte @Nullable [] mine = encoded;
        byte @Nullable [] theirs = other.encoded;
        return (mine != null && theirs != null) ? Arrays.equals(mine, theirs) : body().equals(other.body());
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, creationTime, body());
    }

    @Override
    public String toString() {
        return "StoredDocument[id=" + id + ", creationTime=" + creationTime + ", body=" + body() + "]";
    }

    /** The document as user code sees it, with the system fields (spec §3.1). */
    @Override
    public ConvexValue.Obj toObject() {
        return body().with("_id", ConvexValue.str(id)).with("_creationTime", ConvexValue.float64(creationTime));
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
        return lookup(body(), path);
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
