package dev.jconvex.database.internal;

import dev.jconvex.database.DatabaseConfig;
import dev.jconvex.database.Patch;
import dev.jconvex.schema.TableDefinition;
import dev.jconvex.values.ConvexValue;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The child JVM of {@link DurabilityTest} and {@link PostgresFaultsIT}: opens the database in
 * {@code args[0]} (a directory, or a PostgreSQL URL) (checkpointing
 * every {@code args[1]} ms when given) and runs mutations on 4 threads forever. Each mutation inserts
 * an {@code acks} document and moves the thread's {@code counters} document to the new sequence
 * number (so index entries are removed and added), then prints {@code ACK <thread> <seq> <ts>} once
 * it is acknowledged.
 */
public final class DurabilityChild {
    private DurabilityChild() {}

    static final List<TableDefinition> TABLES = List.of(
            TableDefinition.defineAny("acks").index("by_t_seq", "t", "seq"),
            TableDefinition.defineAny("counters").index("by_v", "v"));

    public static void main(String[] args) {
        DatabaseConfig.Builder config = args[0].contains("postgresql:")
                ? DatabaseConfig.postgresql(args[0])
                : DatabaseConfig.dataDirectory(Path.of(args[0]));
        if (args.length > 1) {
            config.checkpoint(Duration.ofMillis(Long.parseLong(args[1])), 64L << 20);
        }
        Database db = Database.open(config.build(), TABLES, InstantSource.system(), new Random());
        for (int t = 0; t < 4; t++) {
            int thread = t;
            Thread.ofPlatform().start(() -> {
                String counter = db.mutate(tx -> tx.insert(
                                "counters",
                                ConvexValue.obj(Map.of("t", ConvexValue.int64(thread), "v", ConvexValue.int64(-1)))))
                        .value();
                for (long seq = 0; ; seq++) {
                    long s = seq;
                    Committed<String> c = db.mutate(tx -> {
                        tx.patch(counter, Patch.of(Map.of("v", ConvexValue.int64(s))));
                        return tx.insert(
                                "acks",
                                ConvexValue.obj(Map.of("t", ConvexValue.int64(thread), "seq", ConvexValue.int64(s))));
                    });
                    synchronized (System.out) {
                        System.out.println("ACK " + thread + " " + s + " " + c.ts().nanos());
                        System.out.flush();
                    }
                }
            });
        }
    }
}
