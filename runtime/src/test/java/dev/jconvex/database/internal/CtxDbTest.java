package dev.jconvex.database.internal;

import static dev.jconvex.database.internal.Values.f;
import static dev.jconvex.database.internal.Values.i;
import static dev.jconvex.database.internal.Values.obj;
import static dev.jconvex.database.internal.Values.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jconvex.database.Patch;
import dev.jconvex.database.TransactionLimits;
import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import dev.jconvex.protocol.Timestamp;
import dev.jconvex.schema.TableDefinition;
import dev.jconvex.testkit.TestEngine;
import dev.jconvex.validators.v;
import dev.jconvex.values.ConvexValue;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ctx.db} reads and writes (spec values-and-validation §3) on a real H2 file. */
class CtxDbTest {

    /** The engine this class runs on; {@code CtxDbPostgresTest} runs it on PostgreSQL. */
    TestEngine engine() {
        return TestEngine.EMBEDDED;
    }

    @TempDir
    Path dir;

    final TestClock clock = new TestClock();
    Database db;

    static final List<TableDefinition> SCHEMA =
            List.of(TableDefinition.define("messages", v.object(Map.of("author", v.string(), "body", v.string())))
                    .index("by_author", "author"));

    @BeforeEach
    void open() {
        db = Database.open(engine().config(dir).build(), SCHEMA, clock, new Random(42));
    }

    @AfterEach
    void close() {
        if (db != null) { // null when the engine is unavailable and the test was skipped
            db.close();
        }
    }

    private <T> T mutate(java.util.function.Function<WriteTransaction, T> body) {
        return db.mutate(body).value();
    }

    private Optional<ConvexValue.Obj> get(String id) {
        try (ReadTransaction r = db.beginRead()) {
            return r.get(id);
        }
    }

    @Test
    void insert_returnsIdOfFirstUserTable_andGetReturnsDocumentWithSystemFields() {
        String id = mutate(tx -> tx.insert("messages", obj("author", "ann", "body", "hi")));
        assertThat(id).hasSize(32);
        assertThat(db.tableName(dev.jconvex.values.DocumentId.decode(id).tableNumber()))
                .contains("messages");
        ConvexValue.Obj doc = get(id).orElseThrow();
        assertThat(doc.fields().keySet()).containsExactly("_creationTime", "_id", "author", "body");
        assertThat(doc.get("_id")).isEqualTo(str(id));
        assertThat(doc.get("_creationTime"))
                .isEqualTo(f(1_767_225_600_000.0 + 0))
                .isInstanceOf(ConvexValue.Float64.class);
    }

    @Test
    void creationTimes_increaseWithinATransaction_byNextUp() {
        List<String> ids = mutate(tx -> List.of(tx.insert("notes", obj()), tx.insert("notes", obj())));
        double a = ((ConvexValue.Float64) get(ids.get(0)).orElseThrow().get("_creationTime")).value();
        double b = ((ConvexValue.Float64) get(ids.get(1)).orElseThrow().get("_creationTime")).value();
        assertThat(b).isEqualTo(Math.nextUp(a));
    }

    @Test
    void documents_roundTripInt64Float64BytesNegativeZeroAndNaN() {
        ConvexValue.Obj body = obj(
                "i", i(5),
                "f", f(5.0),
                "negZero", f(-0.0),
                "nan", f(Double.longBitsToDouble(0x7ff8000000000123L)),
                "bytes", ConvexValue.bytes(new byte[] {0, (byte) 0xff, 7}),
                "nested", ConvexValue.array(ConvexValue.NULL, ConvexValue.bool(true), obj("x", "y")));
        String id = mutate(tx -> tx.insert("anything", body));
        db.close();
        db = Database.open(engine().config(dir).build(), SCHEMA, clock, new Random(1));
        ConvexValue.Obj back = get(id).orElseThrow().without("_id").without("_creationTime");
        assertThat(back).isEqualTo(body);
        assertThat(Double.doubleToRawLongBits(((ConvexValue.Float64) back.get("nan")).value()))
                .isEqualTo(0x7ff8000000000123L);
        assertThat(back.get("i")).isInstanceOf(ConvexValue.Int64.class);
        assertThat(back.get("f")).isInstanceOf(ConvexValue.Float64.class);
    }

    @Test
    void mutation_readsItsOwnWrites_andQueriesDoNotSeeThemBeforeCommit() {
        mutate(tx -> {
            String id = tx.insert("messages", obj("author", "a", "body", "1"));
            assertThat(tx.get(id)).isPresent();
            assertThat(tx.query("messages").collect()).hasSize(1);
            try (ReadTransaction r = db.beginRead()) {
                assertThat(r.query("messages").collect()).isEmpty();
            }
            tx.patch(id, Patch.of(Map.of("body", str("2"))));
            assertThat(tx.query("messages")
                            .withIndex("by_author", q -> q.eq("author", str("a")))
                            .unique())
                    .map(d -> d.get("body"))
                    .contains(str("2"));
            tx.delete(id);
            assertThat(tx.get(id)).isEmpty();
            assertThat(tx.query("messages").collect()).isEmpty();
            return null;
        });
    }

    @Test
    void patch_isShallow_removesFields_andKeepsOthers() {
        String id = mutate(tx -> tx.insert("notes", obj("a", obj("x", i(1), "y", i(2)), "b", "keep", "c", "drop")));
        mutate(tx -> {
            tx.patch(id, Patch.builder().set("a", obj("x", i(9))).remove("c").build());
            return null;
        });
        ConvexValue.Obj doc = get(id).orElseThrow();
        assertThat(doc.get("a")).isEqualTo(obj("x", i(9)));
        assertThat(doc.get("b")).isEqualTo(str("keep"));
        assertThat(doc.has("c")).isFalse();
    }

    @Test
    void noOpPatch_writesNothing() {
        String id = mutate(tx -> tx.insert("notes", obj("a", i(1))));
        Timestamp before = db.latestTimestamp();
        Committed<Object> c = db.mutate(tx -> {
            tx.patch(id, Patch.of(Map.of("a", i(1))));
            tx.replace(id, obj("a", i(1)));
            return null;
        });
        assertThat(db.latestTimestamp()).isEqualTo(before);
        assertThat(c.ts()).isEqualTo(before);
    }

    @Test
    void replace_replacesBody_keepingSystemFields() {
        String id = mutate(tx -> tx.insert("notes", obj("a", i(1))));
        ConvexValue.Obj old = get(id).orElseThrow();
        mutate(tx -> {
            tx.replace(id, obj("b", i(2), "_id", str(id)));
            return null;
        });
        ConvexValue.Obj doc = get(id).orElseThrow();
        assertThat(doc).isEqualTo(obj("_id", str(id), "_creationTime", old.get("_creationTime"), "b", i(2)));
    }

    @Test
    void writesToMissingDocuments_failWithConvexTexts() {
        String id = mutate(tx -> tx.insert("notes", obj()));
        mutate(tx -> {
            tx.delete(id);
            return null;
        });
        assertError(
                () -> mutate(tx -> {
                    tx.patch(id, Patch.of(Map.of()));
                    return null;
                }),
                ErrorCode.NonexistentDocument,
                "Update on nonexistent document ID " + id);
        assertError(
                () -> mutate(tx -> {
                    tx.replace(id, obj());
                    return null;
                }),
                ErrorCode.NonexistentDocument,
                "Replace on nonexistent document ID " + id);
        assertError(
                () -> mutate(tx -> {
                    tx.delete(id);
                    return null;
                }),
                ErrorCode.NonexistentDocument,
                "Delete on nonexistent document ID " + id);
    }

    @Test
    void malformedIds_andUnknownTables_failOrReturnNull() {
        assertError(
                () -> get("abcde"),
                ErrorCode.InvalidArgument,
                "Invalid argument `id` for `db.get`: Unable to decode ID: Invalid ID length 5");
        String unknownTable = "040g40r40m30e209185gr38e9xghm4g"; // table 1 (§4.4)
        assertThat(get(unknownTable)).isEmpty();
        assertError(
                () -> mutate(tx -> {
                    tx.patch(unknownTable, Patch.of(Map.of()));
                    return null;
                }),
                ErrorCode.InvalidArgument,
                "Invalid argument `id` for `db.patch`: Table for ID \"" + unknownTable + "\" not found");
    }

    @Test
    void insert_intoSystemTable_isRejected_andBadTableNameWrapped() {
        assertError(
                () -> mutate(tx -> tx.insert("_storage", obj())),
                ErrorCode.SystemTableError,
                "System tables (prefixed with `_`) are read-only.");
        assertThatThrownBy(() -> mutate(tx -> tx.insert("bad-name", obj())))
                .isInstanceOf(ConvexException.class)
                .hasMessageStartingWith(
                        "Invalid argument `table` for `db.insert`: Identifier bad-name has invalid character");
    }

    @Test
    void insert_withMismatchedIdOrReservedField_isRejected() {
        assertThatThrownBy(() -> mutate(tx -> tx.insert("notes", obj("_id", "nope"))))
                .isInstanceOf(ConvexException.class)
                .hasMessageStartingWith("Provided document ID \"")
                .hasMessageEndingWith("doesn't match '_id' field \"nope\"");
        assertThatThrownBy(() -> mutate(tx -> tx.insert("notes", obj("_secret", i(1)))))
                .isInstanceOfSatisfying(
                        ConvexException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.InvalidDocumentError))
                .hasMessageStartingWith("Document(value: {_creationTime: 1767225600000.0, _id: \"")
                .hasMessageEndingWith(", _secret: 1}) isn't a valid document: Field '_secret' starts with an"
                        + " underscore, which is only allowed for system fields like '_id'");
    }

    @Test
    void schemaViolation_isRejected_andChangesNothing() {
        assertError(
                () -> mutate(tx -> {
                    tx.insert("notes", obj("ok", i(1)));
                    return tx.insert("messages", obj("author", "a"));
                }),
                ErrorCode.SchemaEnforcementError,
                "Failed to insert or update a document in table \"messages\" because it does not match the schema:"
                        + " Object is missing the required field `body`. Consider wrapping the field validator in"
                        + " `v.optional(...)` if this is expected.\n\nObject: {author: \"a\"}\nValidator: v.object({author:"
                        + " v.string(), body: v.string()})");
        try (ReadTransaction r = db.beginRead()) {
            assertThat(r.query("notes").collect()).isEmpty();
            assertThat(r.query("messages").collect()).isEmpty();
        }
    }

    @Test
    void bodyException_propagatesUnchanged_andRollsBack() {
        RuntimeException thrown = new IllegalStateException("user error");
        assertThatThrownBy(() -> mutate(tx -> {
                    tx.insert("notes", obj());
                    throw thrown;
                }))
                .isSameAs(thrown);
        try (ReadTransaction r = db.beginRead()) {
            assertThat(r.query("notes").collect()).isEmpty();
        }
    }

    @Test
    void normalizeId_acceptsOnlyIdsOfThatTable() {
        String id = mutate(tx -> tx.insert("messages", obj("author", "a", "body", "b")));
        mutate(tx -> tx.insert("notes", obj()));
        try (ReadTransaction r = db.beginRead()) {
            assertThat(r.normalizeId("messages", id)).contains(id);
            assertThat(r.normalizeId("notes", id)).isEmpty();
            assertThat(r.normalizeId("missing", id)).isEmpty();
            assertThat(r.normalizeId("messages", "garbage")).isEmpty();
        }
    }

    @Test
    void documentOverOneMebibyte_isRejectedWithConvexText() {
        assertThatThrownBy(() -> mutate(tx -> tx.insert("notes", obj("big", "x".repeat(1 << 20)))))
                .isInstanceOfSatisfying(
                        ConvexException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ValueTooLargeError))
                .hasMessageMatching("Value is too large \\(1(\\.\\d+)? MiB > maximum size 1 MiB\\)");
        String almost = "x".repeat((1 << 20) - 100);
        String id = mutate(tx -> tx.insert("notes", obj("big", almost)));
        assertThat(get(id).orElseThrow().get("big")).isEqualTo(str(almost));
    }

    @Test
    void patchingSystemFields_toOtherValues_isRejected_andToTheSameValues_isANoOp() {
        String id = mutate(tx -> tx.insert("notes", obj("a", i(1))));
        ConvexValue creation = get(id).orElseThrow().get("_creationTime");
        Timestamp before = db.latestTimestamp();
        db.mutate(tx -> {
            tx.patch(id, Patch.of(Map.of("_id", str(id), "_creationTime", creation)));
            return null;
        });
        assertThat(db.latestTimestamp()).isEqualTo(before);
        assertError(
                () -> mutate(tx -> {
                    tx.patch(id, Patch.of(Map.of("_creationTime", f(5.0))));
                    return null;
                }),
                ErrorCode.InvalidCreationTimeError,
                "Provided creation time " + creation + " doesn't match '_creationTime' field in {_creationTime: 5.0,"
                        + " _id: \"" + id + "\", a: 1}");
        assertThatThrownBy(() -> mutate(tx -> {
                    tx.replace(id, obj("_id", "x"));
                    return null;
                }))
                .isInstanceOfSatisfying(
                        ConvexException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.InvalidIdError))
                .hasMessage("Provided document ID \"" + id + "\" doesn't match '_id' field \"x\"");
    }

    @Test
    void writeLimits_failWithConvexTexts() {
        db.close();
        db = Database.open(
                engine().config(dir)
                        .limits(new TransactionLimits(3, 16 << 20, 4096, 2, 16 << 20, 1 << 20))
                        .build(),
                SCHEMA,
                clock,
                new Random(1));
        assertError(
                () -> mutate(tx -> {
                    for (int n = 0; n < 3; n++) {
                        tx.insert("notes", obj());
                    }
                    return null;
                }),
                ErrorCode.TooManyWrites,
                "Too many writes in a single function execution (limit: 2)");
        mutate(tx -> List.of(tx.insert("notes", obj()), tx.insert("notes", obj())));
        mutate(tx -> List.of(tx.insert("notes", obj()), tx.insert("notes", obj())));
        assertError(
                () -> {
                    try (ReadTransaction r = db.beginRead()) {
                        r.query("notes").collect();
                    }
                },
                ErrorCode.TooManyDocumentsRead,
                "Too many documents read in a single function execution (limit: 3). " + Errors.LIMIT_HELP);
    }

    static void assertError(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ConvexException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            if (message != null) {
                assertThat(e.getMessage()).isEqualTo(message);
            }
        });
    }
}
