package dev.jconvex.sync.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.jconvex.database.DatabaseUnavailable;
import dev.jconvex.database.internal.ReadSet;
import dev.jconvex.database.internal.WriteSet;
import dev.jconvex.execution.FunctionCall;
import dev.jconvex.execution.internal.ErrorMessages;
import dev.jconvex.execution.internal.FunctionRuntime;
import dev.jconvex.execution.internal.SnapshotResult;
import dev.jconvex.protocol.Timestamp;
import dev.jconvex.sync.SyncConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live-query engine shared by every socket of one runtime: which sockets subscribe to which
 * query, the latest result of each query, and the re-execution of queries that commits invalidate.
 *
 * <p><b>Design.</b> All state is touched by one drain at a time that consumes an event queue, so
 * commit processing, subscription changes and result caching never race. The runtime's commit
 * listener only enqueues. A drain takes queued events as one batch and, in queue order:
 *
 * <ol>
 *   <li>for each commit, marks stale every result whose {@link ReadSet} the commit's {@link WriteSet}
 *       overlaps (and evicts stale unsubscribed results from the Caffeine cache);
 *   <li>records subscribes and unsubscribes;
 *   <li>then re-runs, in one {@link FunctionRuntime#runQueries} call (one snapshot), every stale query that
 *       still has subscribers plus every newly subscribed query without a cached result (if the
 *       database cannot be reached, the batch's commits are processed again a moment
 *       later: {@link #retryLater});
 *   <li>then advances its <em>processed timestamp</em> to the newest commit of the batch, tells each
 *       subscriber, once, which of its queries changed, answers the subscribes, and releases waiters
 *       whose timestamp is now processed.
 * </ol>
 *
 * <p>Queries subscribed by many sockets thus run once per invalidating batch of commits, however
 * many subscribers they have. Notifications to a socket are posted to that socket's own queue, so a
 * slow socket never delays the hub or other sockets.
 *
 * <p>The processed timestamp labels every result the hub hands out: every commit at or before it
 * has been reflected in the results (its invalidations applied and re-runs done), which is what
 * makes "Transition at ts ≥ mutation ts" imply read-your-writes (wire-protocol §2.7).
 */
final class SubscriptionHub implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionHub.class);

    /** Receives, on the hub thread, the new results of the queries it subscribes to. */
    interface Subscriber {
        /** {@code results} changed; every commit up to {@code processed} is reflected in them. */
        void queriesChanged(Timestamp processed, Map<QueryKey, QueryResult> results);
    }

    /** The answer to {@link #subscribe}: a result for each key, valid at {@code processed}. */
    record Subscribed(Timestamp processed, Map<QueryKey, QueryResult> results) {}

    private sealed interface HubEvent {}

    private record Commit(Timestamp ts, WriteSet writes) implements HubEvent {}

    private record Subscribe(Subscriber subscriber, List<QueryKey> keys, CompletableFuture<Subscribed> reply)
            implements HubEvent {}

    private record Unsubscribe(Subscriber subscriber, List<QueryKey> keys) implements HubEvent {}

    private record AwaitProcessed(Timestamp ts, CompletableFuture<Timestamp> reply) implements HubEvent {}

    /** A query with at least one subscriber. */
    private static final class LiveQuery {
        final IdentityHashMap<Subscriber, Integer> subscribers = new IdentityHashMap<>();

        @Nullable
        QueryResult result;

        boolean stale;
    }

    private record Waiter(Timestamp ts, CompletableFuture<Timestamp> reply) {}

    private final FunctionRuntime runtime;
    private final ConcurrentLinkedQueue<HubEvent> events = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final Map<QueryKey, LiveQuery> live = new HashMap<>();
    private final Cache<QueryKey, QueryResult> idle;
    private final PriorityQueue<Waiter> waiters = new PriorityQueue<>((a, b) -> a.ts().compareTo(b.ts()));
    private volatile boolean stopped;
    private volatile Timestamp processed;
    private final SyncMetrics metrics;
    // What liveQueries() reports: written only by the drain (one at a time), read from any thread;
    // kept up to date per subscribe and unsubscribe, so counting never walks the live queries.
    private final java.util.concurrent.ConcurrentHashMap<String, Integer> subscriptionsByFunction =
            new java.util.concurrent.ConcurrentHashMap<>();
    private volatile int liveCount;
    private volatile int subscriptionCount;

    SubscriptionHub(FunctionRuntime runtime, SyncConfig config, SyncMetrics metrics) {
        this.runtime = runtime;
        this.metrics = metrics;
        this.idle = Caffeine.newBuilder().maximumSize(config.queryCacheSize()).build();
        this.processed = runtime.latestTimestamp();
        runtime.addCommitListener((ts, writes) -> enqueue(new Commit(ts, writes)));
    }

    /**
     * Subscribes {@code subscriber} to {@code keys} (a key may be subscribed several times, once per
     * subscription) and returns each key's current result.
     */
    CompletableFuture<Subscribed> subscribe(Subscriber subscriber, List<QueryKey> keys) {
        CompletableFuture<Subscribed> reply = new CompletableFuture<>();
        enqueue(new Subscribe(subscriber, List.copyOf(keys), reply));
        return reply;
    }

    /** Undoes one {@link #subscribe} of each key. */
    void unsubscribe(Subscriber subscriber, List<QueryKey> keys) {
        if (!keys.isEmpty()) {
            enqueue(new Unsubscribe(subscriber, List.copyOf(keys)));
        }
    }

    /**
     * Completes once every commit up to {@code ts} is reflected in the results subscribers got
     * (their notifications are posted before it completes), with the processed timestamp.
     */
    CompletableFuture<Timestamp> awaitProcessed(Timestamp ts) {
        CompletableFuture<Timestamp> reply = new CompletableFuture<>();
        enqueue(new AwaitProcessed(ts, reply));
        return reply;
    }

    /**
     * What is subscribed, as of the subscribes and unsubscribes processed so far (read from any
     * thread; the three counts may be a batch apart while one is being processed).
     */
    LiveQueries liveQueries() {
        return new LiveQueries(liveCount, subscriptionCount, subscriptionsByFunction);
    }

    /** The newest commit whose effects are reflected in every result handed out. */
    Timestamp processed() {
        return processed;
    }

    /** Stops processing; pending and later requests fail. */
    @Override
    public void close() {
        stopped = true;
        scheduleDrain();
    }

    private void enqueue(HubEvent event) {
        events.add(event);
        scheduleDrain();
    }

    /**
     * At most one drain runs at a time (the {@code draining} flag hands the hub's state from one
     * drain to the next with a happens-before edge), on a virtual thread, so the hub holds no thread
     * while idle.
     */
    private void scheduleDrain() {
        if (draining.compareAndSet(false, true)) {
            Thread.ofVirtual().name("jconvex-sync-hub").start(this::drain);
        }
    }

    private void drain() {
        List<HubEvent> batch = new ArrayList<>();
        try {
            while (true) {
                for (HubEvent e; (e = events.poll()) != null; ) {
                    batch.add(e); // everything queued is one batch: one re-run serves many commits
                }
                if (batch.isEmpty()) {
                    break;
                }
                if (stopped) {
                    failPending(batch);
                } else {
                    try {
                        process(batch);
                    } catch (DatabaseUnavailable ex) {
                        LOG.warn(
                                "sync hub: re-running queries failed, retrying in {} ms: {}",
                                RETRY_MILLIS,
                                ex.getMessage());
                        retryLater(batch);
                    } catch (RuntimeException ex) {
                        LOG.error("sync hub failed to process a batch of {} events", batch.size(), ex);
                        failPending(batch);
                    }
                }
                batch.clear();
                metrics.liveQueries.set(live.size());
            }
        } finally {
            draining.set(false);
            if (!events.isEmpty()) {
                scheduleDrain();
            }
        }
    }

    @SuppressWarnings("NonAtomicVolatileUpdate") // only the hub's drain writes subscriptionCount; metrics read it
    private void process(List<HubEvent> batch) {
        Timestamp newest = processed;
        Set<QueryKey> toRun = new LinkedHashSet<>();
        List<Subscribe> subscribes = new ArrayList<>();
        for (HubEvent event : batch) {
            switch (event) {
                case Commit c -> {
                    if (c.ts().compareTo(newest) > 0) {
                        newest = c.ts();
                    }
                    invalidate(c.writes(), toRun);
                }
                case Subscribe s -> {
                    for (QueryKey key : s.keys()) {
                        LiveQuery q = live.computeIfAbsent(key, k -> new LiveQuery());
                        q.subscribers.merge(s.subscriber(), 1, Integer::sum);
                        metrics.subscriptions.incrementAndGet();
                        subscriptionsByFunction.merge(key.path().display(), 1, Integer::sum);
                        subscriptionCount++;
                        if (q.result == null) {
                            q.result = idle.getIfPresent(key);
                            idle.invalidate(key);
                        }
                        if (q.result == null || q.stale) {
                            toRun.add(key);
                        }
                    }
                    subscribes.add(s);
                }
                case Unsubscribe u -> {
                    for (QueryKey key : u.keys()) {
                        LiveQuery q = live.get(key);
                        if (q == null) {
                            continue;
                        }
                        if (!q.subscribers.containsKey(u.subscriber())) {
                            continue;
                        }
                        q.subscribers.computeIfPresent(u.subscriber(), (s, n) -> n == 1 ? null : n - 1);
                        metrics.subscriptions.decrementAndGet();
                        subscriptionsByFunction.computeIfPresent(
                                key.path().display(), (path, n) -> n == 1 ? null : n - 1);
                        subscriptionCount--;
                        if (q.subscribers.isEmpty()) {
                            live.remove(key);
                            // System queries (_system/cli/…) read deployment state outside the
                            // tables (environment variables, import jobs), which no commit
                            // invalidates: their results are never kept for a later subscriber.
                            if (q.result != null && !q.stale && !key.path().isSystem()) {
                                idle.put(key, q.result);
                            }
                        }
                    }
                }
                case AwaitProcessed a -> waiters.add(new Waiter(a.ts(), a.reply()));
            }
        }
        // results left stale by a batch whose re-run failed (the database unreachable) run again now
        live.forEach((key, q) -> {
            if (q.stale) {
                toRun.add(key);
            }
        });
        liveCount = live.size();
        Map<Subscriber, Map<QueryKey, QueryResult>> changes = rerun(toRun);
        Timestamp label = newest;
        processed = label;
        changes.forEach((subscriber, results) -> subscriber.queriesChanged(label, results));
        for (Subscribe s : subscribes) {
            Map<QueryKey, QueryResult> results = new LinkedHashMap<>();
            for (QueryKey key : s.keys()) {
                LiveQuery q = live.get(key);
                if (q != null && q.result != null) {
                    results.put(key, q.result);
                }
            }
            s.reply().complete(new Subscribed(label, results));
        }
        releaseWaiters();
    }

    /** Marks stale the live results {@code writes} touches, and drops such idle ones. */
    private void invalidate(WriteSet writes, Set<QueryKey> toRun) {
        for (Map.Entry<QueryKey, LiveQuery> e : live.entrySet()) {
            LiveQuery q = e.getValue();
            if (q.result != null && !q.stale && q.result.readSet().overlaps(writes)) {
                q.stale = true;
                toRun.add(e.getKey());
            }
        }
        for (Iterator<QueryResult> it = idle.asMap().values().iterator(); it.hasNext(); ) {
            if (it.next().readSet().overlaps(writes)) {
                it.remove();
            }
        }
    }

    /**
     * Runs {@code keys} that still have subscribers at one snapshot; returns, per subscriber, the
     * results that differ from what it had.
     */
    private Map<Subscriber, Map<QueryKey, QueryResult>> rerun(Set<QueryKey> keys) {
        List<QueryKey> runnable = keys.stream().filter(live::containsKey).toList();
        IdentityHashMap<Subscriber, Map<QueryKey, QueryResult>> changes = new IdentityHashMap<>();
        if (runnable.isEmpty()) {
            return changes;
        }
        // Queries have no client request id; like Convex's HTTP requests each run gets 8 random
        // bytes, the same in its error message and in the logs.
        List<String> requestIds = runnable.stream()
                .map(k -> ErrorMessages.httpRequestId(ThreadLocalRandom.current()))
                .toList();
        List<FunctionCall> calls = new ArrayList<>(runnable.size());
        int invalidated = 0;
        for (int i = 0; i < runnable.size(); i++) {
            calls.add(runnable.get(i).call().withRequestId(requestIds.get(i)));
            if (Objects.requireNonNull(live.get(runnable.get(i))).stale) {
                invalidated++;
            }
        }
        metrics.reruns.increment(invalidated);
        SnapshotResult snapshot = runtime.runQueries(calls);
        for (int i = 0; i < runnable.size(); i++) {
            QueryKey key = runnable.get(i);
            SnapshotResult.QueryRun run = snapshot.runs().get(i);
            QueryResult fresh = QueryResult.of(run.outcome(), run.readSet(), snapshot.ts(), requestIds.get(i));
            LiveQuery q = Objects.requireNonNull(live.get(key));
            QueryResult previous = q.result;
            q.result = fresh;
            q.stale = false;
            if (previous != null && previous.sameAs(fresh)) {
                continue;
            }
            for (Subscriber s : q.subscribers.keySet()) {
                changes.computeIfAbsent(s, x -> new LinkedHashMap<>()).put(key, fresh);
            }
        }
        return changes;
    }

    private void releaseWaiters() {
        while (!waiters.isEmpty() && waiters.peek().ts().compareTo(processed) <= 0) {
            waiters.poll().reply().complete(processed);
        }
    }

    /** How long the hub waits before processing again a batch that failed on an unreachable database. */
    static final long RETRY_MILLIS = 250;

    /**
     * After a batch failed because the database could not be reached (a restart): its commits are
     * processed again later, with the stale queries the failure left (step 3 re-runs every stale
     * live query), so live queries recover by themselves and the waiters are then released. Subscribes fail at once: their
     * sockets close with Convex's internal error (1011) and the clients reconnect. Unsubscribes took
     * effect already.
     */
    private void retryLater(List<HubEvent> batch) {
        List<HubEvent> again = new ArrayList<>();
        for (HubEvent event : batch) {
            switch (event) {
                case Commit c -> again.add(c);
                case AwaitProcessed a -> {} // already among the waiters: released when processed advances
                case Subscribe s ->
                    s.reply().completeExceptionally(new IllegalStateException("the database is unavailable"));
                case Unsubscribe u -> {}
            }
        }
        if (!again.isEmpty()) {
            Thread.ofVirtual().name("jconvex-sync-hub-retry").start(() -> {
                try {
                    Thread.sleep(RETRY_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                events.addAll(again);
                scheduleDrain();
            });
        }
    }

    private void failPending(List<HubEvent> batch) {
        IllegalStateException closed = new IllegalStateException("the sync hub stopped");
        for (HubEvent event : batch) {
            switch (event) {
                case Subscribe s -> s.reply().completeExceptionally(closed);
                case AwaitProcessed a -> a.reply().completeExceptionally(closed);
                case Commit c -> {}
                case Unsubscribe u -> {}
            }
        }
    }
}
