package dev.jconvex.database.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jconvex.database.DatabaseConfig;
import dev.jconvex.database.Durability;
import dev.jconvex.values.ConvexValue;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded engine below the committer: snapshots, checkpoints, replay, disk use. */
class MvPersistenceTest {

    @TempDir
    Path dir;

    static final TableInfo KV = new TableInfo(
            "kv",
            10_001,
            List.of(IndexInfo.byId(), IndexInfo.byCreationTime(), IndexInfo.user("by_v", List.of("v"))),
            Optional.empty(),
            1);

    /** Checkpoints only when a test asks, old chunks reused at once, a tiny page cache. */
    static final MvPersistence.Tuning EAGER =
            new MvPersistence.Tuning(Duration.ofHours(1), 1L << 40, 1L << 40, Duration.ZERO, 80, 1, 1L << 40);

    private final Map<String, StoredDocument> current = new HashMap<>();
    private long ts;

    private void put(MvPersistence p, String id, long v) {
        StoredDocument after =
                new StoredDocument(id, current.containsKey(id) ? current.get(id).creationTime() : ++ts, body(v));
        DocumentWrite w = new DocumentWrite(KV, id, Optional.ofNullable(current.get(id)), Optional.of(after));
        p.write(new Persistence.Commit(++ts, List.of(w), WriteSet.of(List.of(w)), Map.of()));
        current.put(id, after);
    }

    private void delete(MvPersistence p, String id) {
        DocumentWrite w = new DocumentWrite(KV, id, Optional.of(current.remove(id)), Optional.empty());
        p.write(new Persistence.Commit(++ts, List.of(w), WriteSet.of(List.of(w)), Map.of()));
    }

    private static ConvexValue.Obj body(long v) {
        return ConvexValue.obj(Map.of("v", ConvexValue.int64(v), "pad", ConvexValue.str("x".repeat(100))));
    }

    private static List<Long> valuesByIndex(Persistence.Snapshot s) {
        IndexInfo byV = KV.index("by_v").orElseThrow();
        List<Long> out = new ArrayList<>();
        Iterator<Persistence.Row> rows = s.scan(KV, byV, new byte[0], null, false);
        while (rows.hasNext()) {
            Persistence.Row row = rows.next();
            assertThat(row.key()).isEqualTo(byV.key(row.doc()));
            out.add(((ConvexValue.Int64) row.doc().body().get("v")).value());
        }
        return out;
    }

    /** {@code s} holds every document this test wrote, as last written, by id and by index. */
    private void assertHoldsExactlyTheWrites(Persistence.Snapshot s) {
        List<Long> expected = current.values().stream()
                .map(d -> ((ConvexValue.Int64) d.body().get("v")).value())
                .sorted()
                .toList();
        assertThat(valuesByIndex(s)).isEqualTo(expected);
        for (var e : current.entrySet()) {
            assertThat(s.get(KV, e.getKey())).contains(e.getValue());
        }
    }

    @Test
    void aSnapshot_keepsReadingItsState_acrossCheckpointsThatRewriteAndReuseEveryChunk() {
        try (MvPersistence p = MvPersistence.open(Optional.of(dir), Durability.PROCESS_CRASH, EAGER)) {
            p.createTable(KV);
            for (int i = 0; i < 3_000; i++) {
                put(p, "k" + i, i);
            }
            p.checkpoint();
            List<Long> before = new ArrayList<>();
            for (int i = 0; i < 3_000; i++) {
                before.add((long) i);
            }
            try (Persistence.Snapshot old = p.snapshot()) {
                for (int round = 1; round <= 15; round++) {
                    for (int i = 0; i < 3_000; i++) {
                        put(p, "k" + i, round * 10_000L + i);
                    }
                    p.checkpoint();
                }
                assertThat(valuesByIndex(old)).isEqualTo(before);
                assertThat(old.get(KV, "k42").orElseThrow().body().get("v")).isEqualTo(ConvexValue.int64(42));
            }
            try (Persistence.Snapshot now = p.snapshot()) {
                assertThat(valuesByIndex(now)).hasSize(3_000).allMatch(v -> v >= 150_000);
            }
        }
    }

    @Test
    void aWriterThatOutpacesTheCheckpoints_isHeldBack_soUnsavedPagesStayBounded() {
        // no scheduled checkpoint within the test (1 h, 1 TiB of log): only the memory bound acts
        long limit = 256 << 10;
        MvPersistence.Tuning tight = new MvPersistence.Tuning(
                Duration.ofHours(1), 1L << 40, 1L << 40, Duration.ofSeconds(10), 60, 16, limit);
        long maxUnsaved = 0;
        try (MvPersistence p = MvPersistence.open(Optional.of(dir), Durability.PROCESS_CRASH, tight)) {
            p.createTable(KV);
            for (int i = 0; i < 30_000; i++) {
                put(p, "k" + i, i); // ~13 MB of pages dirtied in all, 50 times the bound
                maxUnsaved = Math.max(maxUnsaved, p.unsavedBytes());
            }
            // writes go on up to one and a half times the bound while the checkpoint runs, then
            // wait; one write may add a few pages
            assertThat(maxUnsaved).isLessThan(2 * limit);
            try (Persistence.Snapshot s = p.snapshot()) {
                assertThat(valuesByIndex(s)).hasSize(30_000);
            }
        }
        try (MvPersistence reopened = MvPersistence.open(Optional.of(dir), Durability.PROCESS_CRASH, EAGER);
                Persistence.Snapshot s = reopened.snapshot()) {
            assertThat(valuesByIndex(s)).hasSize(30_000);
        }
    }

    @Test
    void reopening_replaysTheLog_exactly_whateverTheStoredMapsAlreadyHold() {
        Random random = new Random(3);
        MvPersistence p = MvPersistence.open(Optional.of(dir), Durability.PROCESS_CRASH, EAGER);
        p.createTable(KV);
        for (int step = 0; step < 20_000; step++) {
            String id = "k" + random.nextInt(500);
            if (current.containsKey(id) && random.nextInt(5) == 0) {
                delete(p, id);
            } else {
                put(p, id, random.nextInt(50));
            }
            if (step % 3_001 == 0) {
                p.checkpoint();
            }
        }
        long lastTs = p.lastTimestamp();
        // no clean close: the process "dies" with commits only in the log
        abandon(p);
        try (MvPersistence reopened = MvPersistence.open(Optional.of(dir), Durability.PROCESS_CRASH, EAGER);
                Persistence.Snapshot s = reopened.snapshot()) {
            assertThat(reopened.lastTimestamp()).isEqualTo(lastTs);
            assertThat(s.ts()).isEqualTo(lastTs);
            assertHoldsExactlyTheWrites(s);
            assertThat(s.get(KV, "k-none")).isEmpty();
        }
    }

    @Test
    void aBatchOfCommits_isVisibleAtOnce_andReplayedWhole() {
        MvPersistence p = MvPersistence.open(Optional.of(dir), Durability.PROCESS_CRASH, EAGER);
        p.createTable(KV);
        put(p, "a", 1);
        long before = ts;
        List<Persistence.Commit> batch = new ArrayList<>();
        for (String id : List.of("b", "c", "a")) {
            StoredDocument after = new StoredDocument(
                    id, current.containsKey(id) ? current.get(id).creationTime() : ++ts, body(id.charAt(0)));
            DocumentWrite w = new DocumentWrite(KV, id, Optional.ofNullable(current.get(id)), Optional.of(after));
            batch.add(new Persistence.Commit(++ts, List.of(w), WriteSet.of(List.of(w)), Map.of()));
            current.put(id, after);
        }
        try (Persistence.Snapshot old = p.snapshot()) {
            p.writeAll(batch);
            // a snapshot taken before the batch sees none of it; one taken after sees all of it
            assertThat(old.ts()).isEqualTo(before);
            assertThat(valuesByIndex(old)).containsExactly(1L);
        }
        try (Persistence.Snapshot s = p.snapshot()) {
            assertThat(s.ts()).isEqualTo(ts);
            assertThat(valuesByIndex(s)).containsExactly(97L, 98L, 99L);
        }
        abandon(p);
        try (MvPersistence reopened = MvPersistence.open(Optional.of(dir), Durability.PROCESS_CRASH, EAGER);
                Persistence.Snapshot s = reopened.snapshot()) {
            assertThat(reopened.lastTimestamp()).isEqualTo(ts);
            assertThat(valuesByIndex(s)).containsExactly(97L, 98L, 99L);
        }
    }

    @Test
    void aTornRecordAtTheEndOfTheLog_isDropped_andEverythingBeforeItKept() throws Exception {
        MvPersistence p = MvPersistence.open(Optional.of(dir), Durability.PROCESS_CRASH, EAGER);
        p.createTable(KV);
        for (int i = 0; i < 100; i++) {
            put(p, "k" + i, i);
        }
        abandon(p);
        Path segment;
        try (Stream<Path> files = Files.list(dir.resolve(MvPersistence.WAL_DIR))) {
            segment = files.sorted().reduce((a, b) -> b).orElseThrow();
        }
        // half a record: a length that promises more than follows, as when a write is cut short
        Files.write(
                segment, ByteBuffer.allocate(12).putInt(500).putInt(7).putInt(1).array(), StandardOpenOption.APPEND);
        try (MvPersistence reopened = MvPersistence.open(Optional.of(dir), Durability.PROCESS_CRASH, EAGER);
                Persistence.Snapshot s = reopened.snapshot()) {
            assertThat(valuesByIndex(s)).hasSize(100);
            assertThat(reopened.lastTimestamp()).isEqualTo(ts);
        }
    }

    /** The disk use sampled under sustained random overwrites of 10k keys, never closed in between. */
    private record DiskUse(long maxStore, long maxLog, long maxDirectory, long live) {}

    private DiskUse sustainedOverwrites(MvPersistence.Tuning tuning, long seed, int sampleEvery) {
        Random random = new Random(seed);
        long maxStore = 0;
        long maxLog = 0;
        long maxDir = 0;
        try (MvPersistence p = MvPersistence.open(Optional.of(dir), Durability.PROCESS_CRASH, tuning)) {
            p.createTable(KV);
            for (int i = 0; i < 10_000; i++) {
                put(p, "k" + i, i);
            }
            for (int step = 0; step < 400_000; step++) {
                put(p, "k" + random.nextInt(10_000), random.nextLong());
                if (step % sampleEvery == 0) {
                    long[] usage = p.diskUsage();
                    maxStore = Math.max(maxStore, usage[0]);
                    maxLog = Math.max(maxLog, usage[1]);
                    maxDir = Math.max(maxDir, usage[0] + usage[1]);
                }
            }
        }
        try (MvPersistence p = MvPersistence.open(Optional.of(dir), Durability.PROCESS_CRASH, tuning)) {
            return new DiskUse(maxStore, maxLog, maxDir, p.diskUsage()[0]);
        }
    }

    @Test
    void theStoreFile_staysBounded_underSustainedOverwrites_withoutAClose() {
        MvPersistence.Tuning tuning = new MvPersistence.Tuning(
                Duration.ofMillis(50), 64L << 20, 1L << 30, Duration.ofMillis(100), 60, 16, 16L << 20);
        DiskUse use = sustainedOverwrites(tuning, 11, 5_000);
        // the bound: at most 3x the live data + 64 MB, with no close in between
        assertThat(use.maxStore()).isLessThanOrEqualTo(3 * use.live() + (64L << 20));
        assertThat(use.maxLog()).isLessThanOrEqualTo(64L << 20);
    }

    @Test
    void theDataDirectory_storeAndLogTogether_staysBounded_withTheDefaultCheckpointPolicy() {
        // the default interval and log sizes; chunk retention and the memory bound scaled down, as
        // this test writes about four times faster than HTTP clients do
        MvPersistence.Tuning defaults =
                MvPersistence.Tuning.of(DatabaseConfig.dataDirectory(dir).build());
        MvPersistence.Tuning tuning = new MvPersistence.Tuning(
                defaults.checkpointInterval(),
                defaults.checkpointBytes(),
                defaults.maxCheckpointBytes(),
                Duration.ofSeconds(1),
                defaults.compactBelowFillRate(),
                16,
                16L << 20);
        DiskUse use = sustainedOverwrites(tuning, 13, 2_000);
        // the bound on the directory as bench/run measures it: store file and log together
        assertThat(use.maxDirectory()).isLessThanOrEqualTo(3 * use.live() + (64L << 20));
    }

    @Test
    void theLogBound_followsTheStoresLiveSize_betweenItsFloorAndItsCap() {
        long floor = 1L << 20;
        // no checkpoint by time or memory within the test: only the log's size starts one
        MvPersistence.Tuning byLog =
                new MvPersistence.Tuning(Duration.ofHours(1), floor, 1L << 30, Duration.ofSeconds(1), 60, 16, 1L << 40);
        try (MvPersistence p = MvPersistence.open(Optional.of(dir), Durability.PROCESS_CRASH, byLog)) {
            p.createTable(KV);
            for (int i = 0; i < 100; i++) {
                put(p, "k" + i, i);
            }
            p.checkpoint();
            assertThat(p.logBound()).isEqualTo(floor); // a small store: the floor
            for (int i = 100; i < 40_000; i++) {
                put(p, "k" + i, i);
            }
            p.checkpoint();
            long bound = p.logBound();
            long file = p.diskUsage()[0];
            // a store of a few MB live: the bound is its live size, above the floor, within the file
            System.out.printf("store file %d KB, log bound %d KB%n", file >> 10, bound >> 10);
            assertThat(bound).isGreaterThan(3 * floor).isLessThanOrEqualTo(file);
            Random random = new Random(5);
            long maxLog = 0;
            for (int step = 0; step < 100_000; step++) {
                put(p, "k" + random.nextInt(40_000), random.nextLong());
                if (step % 500 == 0) {
                    maxLog = Math.max(maxLog, p.diskUsage()[1]);
                }
            }
            // checkpoints came (the log was trimmed below the bound, not at the floor) and the log
            // stayed within the bound, give or take what was written while the checkpoint ran
            assertThat(maxLog).isGreaterThan(bound / 2).isLessThan(2 * bound + (4L << 20));
            assertThat(p.diskUsage()[1]).isLessThan(2 * bound + (4L << 20));
        }
        MvPersistence.Tuning capped = new MvPersistence.Tuning(
                Duration.ofHours(1), floor, 2 * floor, Duration.ofSeconds(1), 60, 16, 1L << 40);
        try (MvPersistence p = MvPersistence.open(Optional.of(dir), Durability.PROCESS_CRASH, capped)) {
            assertThat(p.logBound()).isEqualTo(2 * floor); // a store larger than the cap: the cap
        }
    }

    @Test
    void anIndexNoWriteChanges_staysReadable_afterCheckpointsCompactTheChunksItLivesIn() {
        // Found under load as "Chunk 26 not found" on every read through one index, for good: a
        // commit published the roots of the maps it changed and carried the others' roots forward,
        // while compaction had rewritten those maps' pages elsewhere and freed their old chunks
        IndexInfo byCreation = KV.index("by_creation_time").orElseThrow();
        // as EAGER, but every checkpoint compacts whatever is not full (the default waits for 60 %)
        MvPersistence.Tuning compacting =
                new MvPersistence.Tuning(Duration.ofHours(1), 1L << 40, 1L << 40, Duration.ZERO, 100, 1, 1L << 40);
        try (MvPersistence p = MvPersistence.open(Optional.of(dir), Durability.PROCESS_CRASH, compacting)) {
            p.createTable(KV);
            for (int i = 0; i < 3_000; i++) {
                put(p, "k" + i, i);
            }
            p.checkpoint();
            // overwrites change the documents and by_v, never by_creation_time (nor by_id)
            for (int round = 1; round <= 15; round++) {
                for (int i = 0; i < 3_000; i++) {
                    put(p, "k" + i, round * 10_000L + i);
                }
                p.checkpoint();
            }
            put(p, "k0", 1); // one more commit after the last compaction, as the next request makes
            try (Persistence.Snapshot now = p.snapshot()) {
                List<String> ids = new ArrayList<>();
                Iterator<Persistence.Row> rows = now.scan(KV, byCreation, new byte[0], null, false);
                rows.forEachRemaining(r -> ids.add(r.doc().id()));
                assertThat(ids).hasSize(3_000).first().isEqualTo("k0");
                assertThat(now.get(KV, "k2999").orElseThrow().body().get("v")).isEqualTo(ConvexValue.int64(152_999));
            }
        }
    }

    @Test
    void theBoundsOnUnsavedPages_stayWithinMvStoresIntCounter_whateverTheHeap() {
        // MVStore counts unsaved memory in an int: a bound past 2 GiB would never be reached
        MvPersistence.Tuning largest = new MvPersistence.Tuning(
                Duration.ofSeconds(60),
                64L << 20,
                512L << 20,
                Duration.ofSeconds(10),
                60,
                1 << 14,
                MvPersistence.Tuning.MAX_UNSAVED_BYTES);
        assertThat(largest.holdBackBytes()).isLessThan(Integer.MAX_VALUE);
        assertThat(MvPersistence.Tuning.DEFAULTS.unsavedBytes())
                .isLessThanOrEqualTo(MvPersistence.Tuning.MAX_UNSAVED_BYTES);
        assertThat(MvPersistence.Tuning.DEFAULTS.holdBackBytes()).isLessThan(Integer.MAX_VALUE);
        assertThat(MvPersistence.Tuning.DEFAULTS.maxCheckpointBytes()).isEqualTo(512L << 20);
    }

    @Test
    void aLargeLog_isReplayedExactlyAfterAKill_storingItsPagesAsTheyPileUp() {
        // no checkpoint at all while writing: every commit stays in the log
        MvPersistence.Tuning never = new MvPersistence.Tuning(
                Duration.ofHours(1), 1L << 40, 1L << 40, Duration.ofSeconds(1), 60, 16, 1L << 40);
        MvPersistence p = MvPersistence.open(Optional.of(dir), Durability.PROCESS_CRASH, never);
        p.createTable(KV);
        Random random = new Random(7);
        for (int step = 0; step < 80_000; step++) {
            put(p, "k" + random.nextInt(30_000), random.nextInt(1_000_000));
        }
        long log = p.diskUsage()[1];
        long lastTs = p.lastTimestamp();
        abandon(p);
        // reopened with a small bound on unsaved pages: replay must store pages on the way
        long limit = 4L << 20;
        MvPersistence.Tuning small =
                new MvPersistence.Tuning(Duration.ofHours(1), 1L << 40, 1L << 40, Duration.ofSeconds(1), 60, 16, limit);
        try (MvPersistence reopened = MvPersistence.open(Optional.of(dir), Durability.PROCESS_CRASH, small);
                Persistence.Snapshot s = reopened.snapshot()) {
            assertThat(log).isGreaterThan(16L << 20);
            assertThat(reopened.replayCommits()).isGreaterThan(1);
            assertThat(reopened.lastTimestamp()).isEqualTo(lastTs);
            assertHoldsExactlyTheWrites(s);
        }
    }

    @Test
    void powerLossDurability_acknowledgesConcurrentCommits_andTheyAllSurviveAnAbandonedProcess() throws Exception {
        List<String> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
        try (Database db = Database.open(
                DatabaseConfig.dataDirectory(dir)
                        .durability(Durability.POWER_LOSS)
                        .build(),
                List.of(),
                java.time.InstantSource.system(),
                new Random(1))) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(pool.submit(() -> {
                    for (int n = 0; n < 200; n++) {
                        acknowledged.add(db.mutate(tx -> tx.insert("acks", ConvexValue.obj(Map.of())))
                                .value());
                    }
                }));
            }
            for (var f : done) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
            pool.shutdown();
            ((MvPersistence) db.storage()).abandonForTests();
        }
        try (Database db = Database.open(
                DatabaseConfig.dataDirectory(dir).build(),
                List.of(),
                java.time.InstantSource.system(),
                new Random(2))) {
            try (ReadTransaction r = db.beginRead()) {
                assertThat(r.query("acks").collect())
                        .extracting(d -> ((ConvexValue.Str) d.get("_id")).value())
                        .containsExactlyInAnyOrderElementsOf(acknowledged);
            }
        }
    }

    /** Drops the engine as a killed process would: no checkpoint, nothing closed cleanly. */
    private static void abandon(MvPersistence p) {
        p.abandonForTests();
    }
}
