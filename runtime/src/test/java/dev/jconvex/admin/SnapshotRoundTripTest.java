package dev.jconvex.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jconvex.database.internal.ReadTransaction;
import dev.jconvex.errors.ConvexException;
import dev.jconvex.execution.ConvexModule;
import dev.jconvex.execution.FunctionCall;
import dev.jconvex.execution.FunctionOutcome;
import dev.jconvex.execution.FunctionSpec;
import dev.jconvex.execution.ModuleBuilder;
import dev.jconvex.schema.TableDefinition;
import dev.jconvex.server.Jconvex;
import dev.jconvex.server.internal.RuntimeAccess;
import dev.jconvex.testkit.TestEngine;
import dev.jconvex.validators.v;
import dev.jconvex.values.ConvexValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Convex's snapshot ZIP both ways: what jconvex exports imports back without loss (every value
 * type, ids and creation times), the file has Convex's layout, and an import that fails any check
 * changes nothing.
 */
class SnapshotRoundTripTest {

    /** The engine this suite runs on; a {@code …PostgresTest} subclass runs it on PostgreSQL. */
    TestEngine engine() {
        return TestEngine.EMBEDDED;
    }

    @TempDir
    Path dir;

    private final List<Jconvex> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(Jconvex::close);
    }

    /** {@code rt:insert {table, doc}} inserts anything; {@code checked} has a schema. */
    static final class RoundTripModule implements ConvexModule {
        @Override
        public String path() {
            return "rt";
        }

        @Override
        public void define(ModuleBuilder m) {
            m.table(TableDefinition.define("checked", v.object(Map.of("n", v.float64()))));
            m.mutation("insert", new FunctionSpec<>(Optional.empty(), Optional.empty(), (ctx, args) -> {
                String table = ((ConvexValue.Str) args.get("table")).value();
                return ConvexValue.str(ctx.db().insert(table, (ConvexValue.Obj) args.get("doc")));
            }));
        }
    }

    private Jconvex runtime() {
        Jconvex convex = engine().runtime()
                .discoverModules(false)
                .module(new RoundTripModule())
                .build();
        opened.add(convex);
        return convex;
    }

    private static String insert(Jconvex convex, String table, ConvexValue.Obj doc) {
        FunctionOutcome outcome = convex.call(FunctionCall.mutation(
                "rt:insert", ConvexValue.obj(Map.of("table", ConvexValue.str(table), "doc", doc))));
        assertThat(outcome).isInstanceOf(FunctionOutcome.Success.class);
        return ((ConvexValue.Str) ((FunctionOutcome.Success) outcome).value()).value();
    }

    private static Map<String, List<ConvexValue.Obj>> contents(Jconvex convex) {
        Map<String, List<ConvexValue.Obj>> all = new LinkedHashMap<>();
        try (ReadTransaction tx = RuntimeAccess.admin(convex).database().beginRead()) {
            for (String table : RuntimeAccess.admin(convex).database().tableNames()) {
                List<ConvexValue.Obj> docs = new ArrayList<>();
                tx.forEachDocument(table, docs::add);
                all.put(table, docs);
            }
        }
        return all;
    }

    private static byte[] export(Jconvex convex) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotExports.write(RuntimeAccess.admin(convex).database(), out, false, done -> {});
        return out.toByteArray();
    }

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static ConvexValue.Obj everyValueType(String reference) {
        Map<String, ConvexValue> nested = new LinkedHashMap<>();
        // Convex allows only non-control ASCII in field names, any Unicode in strings.
        nested.put("key with spaces & symbols!", ConvexValue.str("значение 名前 🙂"));
        nested.put("ascii~keys", ConvexValue.str("\u0000 nul and \uD83D\uDE00 surrogates"));
        nested.put("deep", ConvexValue.obj(Map.of("list", ConvexValue.array(ConvexValue.int64(1), ConvexValue.NULL))));
        Map<String, ConvexValue> doc = new LinkedHashMap<>();
        doc.put("int", ConvexValue.int64(Long.MIN_VALUE));
        doc.put("bigInt", ConvexValue.int64(9_007_199_254_740_993L));
        doc.put("wholeFloat", ConvexValue.float64(5.0));
        doc.put("float", ConvexValue.float64(0.1));
        doc.put("hugeFloat", ConvexValue.float64(1e300));
        doc.put("negativeZero", ConvexValue.float64(-0.0));
        doc.put("nan", ConvexValue.float64(Double.NaN));
        doc.put("infinity", ConvexValue.float64(Double.NEGATIVE_INFINITY));
        doc.put("bytes", ConvexValue.bytes(new byte[] {0, 1, (byte) 255}));
        doc.put("flag", ConvexValue.bool(true));
        doc.put("nothing", ConvexValue.NULL);
        doc.put("text", ConvexValue.str("line\nbreak \"quoted\""));
        doc.put("nested", ConvexValue.obj(nested));
        doc.put("ref", ConvexValue.str(reference));
        return ConvexValue.obj(doc);
    }

    @Test
    void export_thenImport_keepsEveryValueIdAndCreationTime() throws IOException {
        Jconvex source = runtime();
        String first = insert(source, "things", ConvexValue.obj(Map.of("name", ConvexValue.str("first"))));
        insert(source, "things", everyValueType(first));
        insert(source, "checked", ConvexValue.obj(Map.of("n", ConvexValue.float64(1))));
        Path zip = file("snapshot.zip", export(source));

        Jconvex target = runtime();
        SnapshotImports.Result result = RuntimeAccess.admin(target)
                .imports()
                .importFile(
                        zip,
                        new ImportRequest(ImportRequest.Format.ZIP, ImportRequest.Mode.REQUIRE_EMPTY, Optional.empty()),
                        Progress.none());

        assertThat(result.written()).isEqualTo(3);
        assertThat(contents(target)).isEqualTo(contents(source));
        assertThat(RuntimeAccess.admin(target).database().tableNumber("things"))
                .isEqualTo(RuntimeAccess.admin(source).database().tableNumber("things"));
        // and again: what jconvex exports from the import is the same file content
        assertThat(entries(export(target))).isEqualTo(entries(export(source)));
    }

    @Test
    void export_hasConvexLayout_int64AsIntegers_floatsWithAFraction() throws IOException {
        Jconvex source = runtime();
        insert(source, "things", ConvexValue.obj(Map.of("i", ConvexValue.int64(5), "f", ConvexValue.float64(5))));
        Map<String, String> entries = entries(export(source));

        assertThat(entries.keySet())
                .containsExactly(
                        "README.md",
                        "_tables/documents.jsonl",
                        "checked/documents.jsonl",
                        "checked/generated_schema.jsonl",
                        "things/documents.jsonl",
                        "things/generated_schema.jsonl");
        assertThat(entries.get("_tables/documents.jsonl"))
                .isEqualTo("{\"id\":10001,\"name\":\"checked\"}\n{\"id\":10002,\"name\":\"things\"}\n");
        assertThat(entries.get("things/generated_schema.jsonl")).isEqualTo("\"uniform\"\n");
        assertThat(entries.get("things/documents.jsonl")).contains("\"f\":5.0").contains("\"i\":5");
        assertThat(entries.get("things/documents.jsonl").lines()).hasSize(1);
    }

    @Test
    void zipWrittenByConvex_imports() throws IOException {
        // The shape of Convex's own export: `_tables` with its table number, export JSON, "uniform".
        String id = new dev.jconvex.values.DocumentId(10_007, new byte[16]).encode();
        byte[] zip = zip(Map.of(
                "README.md",
                SnapshotExports.README,
                "_tables/documents.jsonl",
                "{\"name\":\"messages\",\"id\":10007}\n",
                "messages/documents.jsonl",
                "{\"_creationTime\":1700000000000.5,\"_id\":\"" + id
                        + "\",\"body\":\"hi\",\"count\":3,\"ratio\":0.5,\"raw\":{\"$bytes\":\"AQI=\"}}\n",
                "messages/generated_schema.jsonl",
                "\"uniform\"\n"));
        Jconvex target = runtime();
        RuntimeAccess.admin(target)
                .imports()
                .importFile(
                        file("convex.zip", zip),
                        new ImportRequest(ImportRequest.Format.ZIP, ImportRequest.Mode.REQUIRE_EMPTY, Optional.empty()),
                        Progress.none());

        ConvexValue.Obj doc = contents(target).get("messages").getFirst();
        assertThat(doc.get("_id")).isEqualTo(ConvexValue.str(id));
        assertThat(doc.get("_creationTime")).isEqualTo(ConvexValue.float64(1700000000000.5));
        assertThat(doc.get("count")).isEqualTo(ConvexValue.int64(3));
        assertThat(doc.get("ratio")).isEqualTo(ConvexValue.float64(0.5));
        assertThat(doc.get("raw")).isEqualTo(ConvexValue.bytes(new byte[] {1, 2}));
    }

    @Test
    void badDocumentAnywhere_failsTheImport_andChangesNothing() throws IOException {
        Jconvex target = runtime();
        insert(target, "checked", ConvexValue.obj(Map.of("n", ConvexValue.float64(1))));
        Map<String, List<ConvexValue.Obj>> before = contents(target);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 9_000; i++) {
            lines.append("{\"n\":").append(i).append("}\n");
        }
        lines.append("{\"n\":\"not a number\"}\n");
        Path jsonl = file("checked.jsonl", lines.toString().getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> RuntimeAccess.admin(target)
                        .imports()
                        .importFile(
                                jsonl,
                                new ImportRequest(
                                        ImportRequest.Format.JSON_LINES,
                                        ImportRequest.Mode.APPEND,
                                        Optional.of("checked")),
                                Progress.none()))
                .isInstanceOf(ConvexException.class)
                .hasMessageContaining("does not match the schema");
        assertThat(contents(target)).isEqualTo(before);

        Path broken = file("broken.jsonl", "{\"a\":1}\n{oops\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> RuntimeAccess.admin(target)
                        .imports()
                        .importFile(
                                broken,
                                new ImportRequest(
                                        ImportRequest.Format.JSON_LINES,
                                        ImportRequest.Mode.REQUIRE_EMPTY,
                                        Optional.of("fresh")),
                                Progress.none()))
                .hasMessageContaining("Failed to parse line 2 of broken.jsonl as JSON");
        assertThat(RuntimeAccess.admin(target).database().tableNames()).doesNotContain("fresh");
    }

    @Test
    void largeImport_isWrittenInBatches_andReplaceReplaces() throws IOException {
        Jconvex target = runtime();
        insert(target, "checked", ConvexValue.obj(Map.of("n", ConvexValue.float64(-1))));
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            lines.append("{\"n\":").append(i).append("}\n");
        }
        Path jsonl = file("many.jsonl", lines.toString().getBytes(StandardCharsets.UTF_8));
        ImportRequest requireEmpty = new ImportRequest(
                ImportRequest.Format.JSON_LINES, ImportRequest.Mode.REQUIRE_EMPTY, Optional.of("checked"));

        assertThatThrownBy(() -> RuntimeAccess.admin(target).imports().importFile(jsonl, requireEmpty, Progress.none()))
                .hasMessageContaining("Table \"checked\" is not empty");

        List<Long> progress = new ArrayList<>();
        SnapshotImports.Result result = RuntimeAccess.admin(target)
                .imports()
                .importFile(
                        jsonl,
                        new ImportRequest(
                                ImportRequest.Format.JSON_LINES, ImportRequest.Mode.REPLACE, Optional.of("checked")),
                        (phase, done, total) -> {
                            if (phase.equals("written")) {
                                progress.add(done);
                            }
                        });
        assertThat(result.written()).isEqualTo(10_000);
        assertThat(result.deleted()).isEqualTo(1);
        assertThat(progress).hasSizeGreaterThan(1).last().isEqualTo(10_000L);
        List<ConvexValue.Obj> docs = contents(target).get("checked");
        assertThat(docs).hasSize(10_000);
        assertThat(docs).noneMatch(d -> d.get("n").equals(ConvexValue.float64(-1)));
    }

    @Test
    void importThatFailsAfterSomeBatches_leavesTheDeploymentAsBefore() throws IOException {
        Jconvex target = runtime();
        for (int i = 1; i <= 5; i++) {
            insert(target, "checked", ConvexValue.obj(Map.of("n", ConvexValue.float64(-i))));
        }
        insert(target, "things", everyValueType("kept"));
        Map<String, List<ConvexValue.Obj>> before = contents(target);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            lines.append("{\"n\":").append(i).append("}\n");
        }
        Path jsonl = file("many.jsonl", lines.toString().getBytes(StandardCharsets.UTF_8));
        // The progress callback runs after each committed batch: failing there is a failure part-way.
        Progress failsAfterTwoBatches = (phase, done, total) -> {
            if (phase.equals("written") && done >= 2 * SnapshotImport.BATCH_DOCUMENTS) {
                throw new IllegalStateException("stopped part-way");
            }
        };

        for (ImportRequest.Mode mode : List.of(ImportRequest.Mode.APPEND, ImportRequest.Mode.REPLACE)) {
            assertThatThrownBy(() -> RuntimeAccess.admin(target)
                            .imports()
                            .importFile(
                                    jsonl,
                                    new ImportRequest(ImportRequest.Format.JSON_LINES, mode, Optional.of("checked")),
                                    failsAfterTwoBatches))
                    .as(mode.name())
                    .hasMessage("stopped part-way");
            assertThat(contents(target)).as(mode.name()).isEqualTo(before);
        }
    }

    @Test
    void export_importedOverItselfWithReplace_keepsTheSameDocuments() throws IOException {
        Jconvex convex = runtime();
        insert(convex, "checked", ConvexValue.obj(Map.of("n", ConvexValue.float64(1))));
        insert(convex, "things", everyValueType("x"));
        Map<String, List<ConvexValue.Obj>> before = contents(convex);
        Path zip = file("self.zip", export(convex));

        for (ImportRequest.Mode mode : List.of(ImportRequest.Mode.REPLACE, ImportRequest.Mode.REPLACE_ALL)) {
            SnapshotImports.Result result = RuntimeAccess.admin(convex)
                    .imports()
                    .importFile(
                            zip, new ImportRequest(ImportRequest.Format.ZIP, mode, Optional.empty()), Progress.none());
            assertThat(result.written()).isEqualTo(2);
            assertThat(contents(convex)).isEqualTo(before);
        }
        // appending the same ids is still refused
        assertThatThrownBy(() -> RuntimeAccess.admin(convex)
                        .imports()
                        .importFile(
                                zip,
                                new ImportRequest(
                                        ImportRequest.Format.ZIP, ImportRequest.Mode.APPEND, Optional.empty()),
                                Progress.none()))
                .hasMessageContaining("already exists");
    }

    @Test
    void reset_emptiesEveryTable() {
        Jconvex convex = runtime();
        insert(convex, "things", ConvexValue.obj(Map.of("a", ConvexValue.float64(1))));
        insert(convex, "checked", ConvexValue.obj(Map.of("n", ConvexValue.float64(1))));

        assertThat(RuntimeAccess.admin(convex).reset()).isEqualTo(2);
        assertThat(contents(convex).values()).allMatch(List::isEmpty);
    }

    private static Map<String, String> entries(byte[] zip) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    private static byte[] zip(Map<String, String> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream raw = bytes;
                ZipOutputStream out = new ZipOutputStream(raw)) {
            for (var e : new java.util.TreeMap<>(entries).entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
