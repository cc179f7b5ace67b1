package dev.jconvex.database;

import dev.jconvex.values.ConvexValue;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The child JVM of {@link DurabilityTest}: opens the database in {@code args[0]} and runs mutations
 * on 4 threads forever, printing {@code ACK <thread> <seq> <ts>} once each mutation is acknowledged.
 */
public final class DurabilityChild {
    private DurabilityChild() {}

    public static void main(String[] args) {
        Database db = Database.open(
                DatabaseConfig.dataDirectory(Path.of(args[0])).build(),
                List.of(),
                InstantSource.system(),
                new Random());
        for (int t = 0; t < 4; t++) {
            int thread = t;
            Thread.ofPlatform().start(() -> {
                for (long seq = 0; ; seq++) {
                    long s = seq;
                    Committed<String> c = db.mutate(tx -> tx.insert(
                            "acks",
                            ConvexValue.obj(Map.of("t", ConvexValue.int64(thread), "seq", ConvexValue.int64(s)))));
                    synchronized (System.out) {
                        System.out.println("ACK " + thread + " " + s + " " + c.ts().nanos());
                        System.out.flush();
                    }
                }
            });
        }
    }
}
