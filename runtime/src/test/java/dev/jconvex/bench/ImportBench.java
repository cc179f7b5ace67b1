package dev.jconvex.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.jconvex.admin.ImportRequest;
import dev.jconvex.admin.SnapshotImports;
import dev.jconvex.server.Jconvex;
import dev.jconvex.server.internal.RuntimeAccess;
import java.io.BufferedWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

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

    /**
     * The largest heap in use right after a garbage collection (the sum over heap pools), from the
     * collectors' notifications: what the import keeps alive, as opposed to garbage not yet
     * collected.
     */
    private static final class AfterGcPeak {
        final AtomicLong max = new AtomicLong();
        final AtomicLong collections = new AtomicLong();

        static AfterGcPeak install() {
            AfterGcPeak peak = new AfterGcPeak();
            java.util.Set<String> heapPools = new java.util.HashSet<>();
            for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                    heapPools.add(pool.getName());
                }
            }
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc)
                        .addNotificationListener(
                                (notification, handback) -> {
                                    if (!notification
                                            .getType()
                                            .equals(
                                                    GarbageCollectionNotificationInfo
                                                            .GARBAGE_COLLECTION_NOTIFICATION)) {
                                        return;
                                    }
                                    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                                            (CompositeData) notification.getUserData());
                                    long used = 0;
                                    for (var pool : info.getGcInfo()
                                            .getMemoryUsageAfterGc()
                                            .entrySet()) {
                                        if (heapPools.contains(pool.getKey())) {
                                            used += pool.getValue().getUsed();
                                        }
                                    }
                                    peak.collections.incrementAndGet();
                                    peak.max.accumulateAndGet(used, Math::max);
                                },
                                null,
                                null);
            }
            return peak;
        }
    }

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
        AfterGcPeak afterGc = AfterGcPeak.install();
        try (Jconvex convex = Jconvex.builder()
                .dataDirectory(dir.resolve("data"))
                .discoverModules(false)
                .build()) {
            long start = System.nanoTime();
            SnapshotImports.Result result = RuntimeAccess.admin(convex)
                    .imports()
                    .importFile(
                            file,
                            new ImportRequest(
                                    ImportRequest.Format.JSON_LINES,
                                    ImportRequest.Mode.REQUIRE_EMPTY,
                                    Optional.of("items")),
                            (phase, done, total) -> {});
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "imported %,d documents in %.1f s: %,.0f documents/s (check and write); heap in use after a"
                            + " collection at most %,d MiB (%,d collections) of max %,d MiB%n",
                    result.written(),
                    seconds,
                    result.written() / seconds,
                    afterGc.max.get() >> 20,
                    afterGc.collections.get(),
                    Runtime.getRuntime().maxMemory() >> 20);
        }
    }
}
