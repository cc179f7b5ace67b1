package dev.jconvex.client.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jconvex.client.ConvexErrorException;
import dev.jconvex.client.ConvexFunctionException;
import dev.jconvex.values.ConvexValue;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What a MutableStore user relies on, run against every transport by the subclasses (a real server
 * over HTTP, over WebSocket, and embedded). The emulator is reset before each test.
 */
abstract class MutableStoreContract {

    record Theme(String name, int fontSize) {}

    @Test
    void set_thenGet_returnsTheValue(MutableStore store) {
        MutableEntry written = store.set("config", "theme", "dark");
        assertThat(written.namespace()).isEqualTo("config");
        assertThat(written.key()).isEqualTo("theme");
        assertThat(written.value()).isEqualTo(ConvexValue.str("dark"));
        assertThat(store.get("config", "theme")).contains(ConvexValue.str("dark"));
    }

    @Test
    void set_overwritesAnExistingEntry_keepingItsIdAndCreationTime(MutableStore store) {
        MutableEntry first = store.set("config", "theme", "dark");
        MutableEntry second = store.set("config", "theme", "light");
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.createdAt()).isEqualTo(first.createdAt());
        assertThat(store.get("config", "theme")).contains(ConvexValue.str("light"));
        assertThat(store.count("config")).isEqualTo(1);
    }

    @Test
    void get_bindsTheValueToARecord(MutableStore store) {
        store.set("config", "theme", new Theme("solarized", 14));
        assertThat(store.get("config", "theme", Theme.class)).contains(new Theme("solarized", 14));
    }

    @Test
    void set_withOptions_storesUserAndMetadata(MutableStore store) {
        MutableEntry e =
                store.set("prefs", "lang", "fr", SetOptions.userId("u1").withMetadata(Map.of("source", "ui")));
        assertThat(e.userId()).contains("u1");
        assertThat(e.metadata()).contains(ConvexValue.obj(Map.of("source", ConvexValue.str("ui"))));
    }

    @Test
    void getRecord_ofAMissingKey_isEmpty(MutableStore store) {
        assertThat(store.getRecord("config", "nope")).isEmpty();
        assertThat(store.exists("config", "nope")).isFalse();
        store.set("config", "yes", true);
        assertThat(store.exists("config", "yes")).isTrue();
    }

    @Test
    void incrementAndDecrement_changeANumber(MutableStore store) {
        store.set("counters", "visits", 10);
        assertThat(store.increment("counters", "visits").value()).isEqualTo(ConvexValue.float64(11));
        assertThat(store.increment("counters", "visits", 5).value()).isEqualTo(ConvexValue.float64(16));
        assertThat(store.decrement("counters", "visits", 2.5).value()).isEqualTo(ConvexValue.float64(13.5));
    }

    @Test
    void increment_ofAMissingKey_throwsConvexErrorWithKeyNotFoundData(MutableStore store) {
        assertThatThrownBy(() -> store.increment("counters", "missing"))
                .isInstanceOfSatisfying(ConvexErrorException.class, e -> {
                    assertThat(e.data()).isEqualTo(ConvexValue.str("MUTABLE_KEY_NOT_FOUND"));
                    assertThat(e.getMessage()).contains("MUTABLE_KEY_NOT_FOUND");
                });
    }

    @Test
    void append_addsToAnArray_andFailsWithoutDataOnANonArray(MutableStore store) {
        store.set("lists", "tags", List.of("a"));
        assertThat(store.append("lists", "tags", "b").value())
                .isEqualTo(ConvexValue.array(ConvexValue.str("a"), ConvexValue.str("b")));
        store.set("lists", "scalar", 1);
        assertThatThrownBy(() -> store.append("lists", "scalar", "x"))
                .isInstanceOf(ConvexFunctionException.class)
                .hasMessageContaining("MUTABLE_VALUE_NOT_ARRAY");
        assertThat(store.get("lists", "scalar")).contains(ConvexValue.float64(1));
    }

    @Test
    void update_appliesTheUpdaterToTheCurrentValue(MutableStore store) {
        store.set("config", "name", "jconvex");
        MutableEntry e = store.update("config", "name", String.class, s -> s.toUpperCase());
        assertThat(e.value()).isEqualTo(ConvexValue.str("JCONVEX"));
        assertThat(store.get("config", "name")).contains(ConvexValue.str("JCONVEX"));
    }

    @Test
    void update_ofAMissingKey_throwsKeyNotFound(MutableStore store) {
        assertThatThrownBy(() -> store.update("config", "missing", v -> v))
                .isInstanceOfSatisfying(
                        ConvexErrorException.class,
                        e -> assertThat(e.data()).isEqualTo(ConvexValue.str("MUTABLE_KEY_NOT_FOUND")));
    }

    @Test
    void delete_removesTheEntry_andAMissingKeyIsAConvexError(MutableStore store) {
        store.set("config", "theme", "dark");
        assertThat(store.delete("config", "theme")).isEqualTo(new DeleteResult(true, "config", "theme"));
        assertThat(store.get("config", "theme")).isEmpty();
        assertThatThrownBy(() -> store.delete("config", "theme"))
                .isInstanceOfSatisfying(
                        ConvexErrorException.class,
                        e -> assertThat(e.dataAsString()).isEqualTo("MUTABLE_KEY_NOT_FOUND"));
    }

    @Test
    void list_filtersSortsAndPages(MutableStore store) {
        for (String key : List.of("user-b", "user-a", "user-c", "admin-x")) {
            store.set("sessions", key, key.length());
        }
        assertThat(store.list(
                        ListFilter.namespace("sessions").keyPrefix("user-").build()))
                .extracting(MutableEntry::key)
                .containsExactly("user-a", "user-b", "user-c");
        assertThat(store.list(ListFilter.namespace("sessions")
                        .keyPrefix("user-")
                        .descending()
                        .offset(1)
                        .limit(1)
                        .build()))
                .extracting(MutableEntry::key)
                .containsExactly("user-b");
    }

    @Test
    void count_countsMatchingEntries(MutableStore store) {
        store.set("sessions", "a1", 1, SetOptions.userId("alice"));
        store.set("sessions", "a2", 1, SetOptions.userId("alice"));
        store.set("sessions", "b1", 1, SetOptions.userId("bob"));
        assertThat(store.count("sessions")).isEqualTo(3);
        assertThat(store.count(CountFilter.namespace("sessions").userId("alice").build()))
                .isEqualTo(2);
        assertThat(store.count(CountFilter.namespace("sessions").keyPrefix("b").build()))
                .isEqualTo(1);
    }

    @Test
    void purgeNamespace_dryRunListsKeysAndDeletesNothing(MutableStore store) {
        store.set("tmp", "a", 1);
        store.set("tmp", "b", 2);
        store.set("keep", "c", 3);
        PurgeNamespaceResult dry = store.purgeNamespace("tmp", true);
        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.deleted()).isEqualTo(2);
        assertThat(dry.keys()).containsExactlyInAnyOrder("a", "b");
        assertThat(store.count("tmp")).isEqualTo(2);

        PurgeNamespaceResult real = store.purgeNamespace("tmp", false);
        assertThat(real.deleted()).isEqualTo(2);
        assertThat(store.count("tmp")).isZero();
        assertThat(store.count("keep")).isEqualTo(1);
    }

    @Test
    void purgeMany_deletesOnlyMatchingEntries(MutableStore store) {
        store.set("sessions", "web-1", 1);
        store.set("sessions", "web-2", 1);
        store.set("sessions", "mobile-1", 1);
        PurgeManyResult result = store.purgeMany(
                PurgeFilter.namespace("sessions").keyPrefix("web-").build());
        assertThat(result.deleted()).isEqualTo(2);
        assertThat(result.keys()).containsExactlyInAnyOrder("web-1", "web-2");
        assertThat(store.list("sessions")).extracting(MutableEntry::key).containsExactly("mobile-1");
    }

    @Test
    void transaction_appliesAllOperationsTogether(MutableStore store) {
        store.set("inventory", "widgets", 10);
        store.set("orders", "count", 0);
        TransactionResult result = store.transaction(tx -> tx.decrement("inventory", "widgets", 3)
                .increment("orders", "count", 1)
                .set("orders", "last", "widgets x3"));
        assertThat(result.success()).isTrue();
        assertThat(result.operationsExecuted()).isEqualTo(3);
        assertThat(result.results()).hasSize(3).allMatch(r -> r instanceof MutableEntry);
        assertThat(store.get("inventory", "widgets")).contains(ConvexValue.float64(7));
        assertThat(store.get("orders", "count")).contains(ConvexValue.float64(1));
    }

    @Test
    void transaction_thatFails_changesNothing(MutableStore store) {
        store.set("inventory", "widgets", 10);
        assertThatThrownBy(() -> store.transaction(
                        tx -> tx.decrement("inventory", "widgets", 3).delete("inventory", "gadgets")))
                .isInstanceOfSatisfying(
                        ConvexErrorException.class,
                        e -> assertThat(e.data())
                                .isEqualTo(ConvexValue.str("MUTABLE_KEY_NOT_FOUND: inventory/gadgets")));
        assertThat(store.get("inventory", "widgets")).contains(ConvexValue.float64(10));
    }

    @Test
    void tenants_cannotSeeOrChangeEachOthersEntries(MutableStore store) {
        MutableStore acme = store.forTenant("acme");
        MutableStore globex = store.forTenant("globex");
        acme.set("config", "plan", "gold");
        globex.set("config", "plan", "silver");
        store.set("config", "region", "eu");

        assertThat(acme.get("config", "plan")).contains(ConvexValue.str("gold"));
        assertThat(globex.get("config", "plan")).contains(ConvexValue.str("silver"));
        assertThat(store.get("config", "plan")).isEmpty();
        assertThat(store.get("config", "region")).contains(ConvexValue.str("eu"));
        assertThat(acme.get("config", "region")).isEmpty();
        assertThat(acme.getRecord("config", "plan").orElseThrow().tenantId()).contains("acme");
        assertThat(acme.count("config")).isEqualTo(1);

        assertThat(acme.purgeAll()).isEqualTo(1);
        assertThat(acme.exists("config", "plan")).isFalse();
        assertThat(globex.get("config", "plan")).contains(ConvexValue.str("silver"));
        assertThat(store.get("config", "region")).contains(ConvexValue.str("eu"));
        assertThatThrownBy(() -> acme.delete("config", "plan")).isInstanceOf(ConvexErrorException.class);
    }

    @Test
    void concurrentDecrements_areEachAppliedExactlyOnce(MutableStore store) throws Exception {
        store.set("inventory", "widgets", 200);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<MutableEntry>> results = pool.invokeAll(java.util.stream.IntStream.range(0, 80)
                    .<java.util.concurrent.Callable<MutableEntry>>mapToObj(
                            i -> () -> store.decrement("inventory", "widgets"))
                    .toList());
            for (Future<MutableEntry> f : results) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(store.get("inventory", "widgets")).contains(ConvexValue.float64(120));
    }
}
