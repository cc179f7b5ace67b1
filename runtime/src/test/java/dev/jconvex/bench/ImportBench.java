package dev.jconvex.bench;

import dev.jconvex.admin.ImportRequest;
import dev.jconvex.admin.SnapshotImports;
import dev.jconvex.server.Jconvex;
import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The import of a large JSON-lines file into an on-disk deployment: documents per second and the
 * peak heap, to show that an import streams (docs/benchmarks.md, "Snapshot import"). Run with a
 * small heap to prove the bound:
 *
 * <pre>
 * mvn -o -q test-compile -pl runtime -am
 * java -Xmx256m -cp "runtime/target/test-classes:runtime/target/classes:$(cat cp.txt)" \
 *     dev.jconvex.bench.ImportBench 1000000
 * </pre>
 */
public final class ImportBench {

    private ImportBench() {}

    public static void main(String[] args) throws Exception {
        int documents = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Files.createTempDirectory("jconvex-import-bench");
        Path file = dir.resolve("items.jsonl");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < documents; i++) {
                out.write("{\"n\":" + i + ",\"name\":\"item-" + i
                        + "\",\"tags\":[\"a\",\"b\"],\"meta\":{\"ok\":true}}\n");
            }
        }
        System.out.printf("file: %,d documents, %,d bytes%n", documents, Files.size(file));
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        try (Jconvex convex = Jconvex.builder()
                .dataDirectory(dir.resolve("data"))
                .discoverModules(false)
                .build()) {
            long start = System.nanoTime();
            SnapshotImports.Result result = convex.admin()
                    .imports()
                    .importFile(
                            file,
                            new ImportRequest(
                                    ImportRequest.Format.JSON_LINES,
                                    ImportRequest.Mode.REQUIRE_EMPTY,
                                    Optional.of("items")),
                            (phase, done, total) -> {});
            double seconds = (System.nanoTime() - start) / 1e9;
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.printf(
                    "imported %,d documents in %.1f s: %,.0f documents/s (check and write); peak heap %,d MiB of max %,d MiB%n",
                    result.written(),
                    seconds,
                    result.written() / seconds,
                    peak >> 20,
                    Runtime.getRuntime().maxMemory() >> 20);
        }
    }
}
