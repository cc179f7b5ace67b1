package dev.jconvex.values;

import dev.jconvex.validators.TableResolver;
import dev.jconvex.validators.Validator;
import dev.jconvex.validators.v;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmarks of the value layer's hot paths on a document of the seed's {@code mutable} table:
 * index keys, the JSON codec, ordering, ids, limits and schema validation. Not a test; run as
 * described in {@code docs/schema-benchmarks.md}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ValueBenchmarks {

    private ConvexValue.Obj document;
    private ConvexValue.Obj other;
    private String documentJson;
    private String id;
    private Validator schema;
    private List<ConvexValue> indexValues;

    @Setup
    public void setUp() {
        id = DocumentId.generate(10001, new SplittableRandom(1), 20000).encode();
        document = ConvexValue.obj(Map.of(
                "_id", ConvexValue.str(id),
                "_creationTime", ConvexValue.float64(1.7e12 + 0.25),
                "namespace", ConvexValue.str("settings"),
                "key", ConvexValue.str("theme.colors.primary"),
                "value",
                        ConvexValue.obj(Map.of(
                                "hex", ConvexValue.str("#336699"),
                                "alpha", ConvexValue.float64(0.8),
                                "tags", ConvexValue.array(ConvexValue.str("ui"), ConvexValue.str("brand")))),
                "userId", ConvexValue.str("user_123"),
                "createdAt", ConvexValue.float64(1.7e12),
                "updatedAt", ConvexValue.float64(1.7e12 + 1000)));
        other = document.with("key", ConvexValue.str("theme.colors.secondary"));
        documentJson = ConvexJson.write(document);
        schema = v.object(Map.of(
                "namespace", v.string(),
                "key", v.string(),
                "value", v.any(),
                "userId", v.optional(v.string()),
                "tenantId", v.optional(v.string()),
                "metadata", v.optional(v.any()),
                "createdAt", v.number(),
                "updatedAt", v.number()));
        indexValues = Arrays.asList(document.get("namespace"), document.get("key"));
    }

    @Benchmark
    public byte[] indexKey_byNamespaceKey() {
        return KeyEncoding.encodeIndexKey(indexValues, 1.7e12 + 0.25, id);
    }

    @Benchmark
    public byte[] keyEncoding_wholeDocument() {
        return KeyEncoding.encode(document);
    }

    @Benchmark
    public String json_write() {
        return ConvexJson.write(document);
    }

    @Benchmark
    public ConvexValue json_parse() {
        return ConvexJson.parse(documentJson);
    }

    @Benchmark
    public int order_compareSimilarDocuments() {
        return ValueOrder.compare(document, other);
    }

    @Benchmark
    public DocumentId id_decode() {
        return DocumentId.decode(id);
    }

    @Benchmark
    public void limits_checkDocument() {
        ValueSize.checkDocument(document);
    }

    @Benchmark
    public Object schema_validate() {
        return schema.validate(document.without("_id").without("_creationTime"), TableResolver.NONE);
    }
}
