package dev.jconvex.functions;

import static dev.jconvex.functions.Args.args;
import static dev.jconvex.values.ConvexValue.float64;
import static dev.jconvex.values.ConvexValue.int64;
import static dev.jconvex.values.ConvexValue.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jconvex.execution.FunctionCall;
import dev.jconvex.execution.FunctionOutcome;
import dev.jconvex.server.Jconvex;
import dev.jconvex.values.ConvexValue;
import dev.jconvex.values.ConvexValue.Obj;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every function of the mutable module on the embedded in-memory runtime: results, each error with
 * its kind and data, tenant isolation per the seed's SECURITY comments, and transaction rollback.
 */
class MutableModuleTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private Jconvex convex = start(Map.of("CONVEX_SITE_URL", "http://127.0.0.1:3211"));

    private Jconvex start(Map<String, String> env) {
        InstantSource source = () -> Instant.ofEpochMilli(clock.get());
        return Jconvex.builder()
                .inMemory()
                .env(env)
                .clock(source)
                .random(new SplittableRandom(1))
                .build();
    }

    @AfterEach
    void close() {
        convex.close();
    }

    // ━━ Helpers ━━

    private FunctionOutcome mutation(String name, Obj args) {
        clock.addAndGet(10);
        return convex.call(FunctionCall.mutation("mutable:" + name, args));
    }

    private FunctionOutcome query(String name, Obj args) {
        return convex.call(FunctionCall.query("mutable:" + name, args));
    }

    private static ConvexValue value(FunctionOutcome outcome) {
        assertThat(outcome).isInstanceOf(FunctionOutcome.Success.class);
        return ((FunctionOutcome.Success) outcome).value();
    }

    private static Obj doc(FunctionOutcome outcome) {
        return (Obj) value(outcome);
    }

    private static FunctionOutcome.Failure failure(FunctionOutcome outcome) {
        assertThat(outcome).isInstanceOf(FunctionOutcome.Failure.class);
        return (FunctionOutcome.Failure) outcome;
    }

    private Obj set(String key, ConvexValue value, Object... more) {
        List<Object> pairs = new ArrayList<>(List.of("namespace", "ns", "key", key, "value", value));
        pairs.addAll(List.of(more));
        return doc(mutation("set", args(pairs.toArray())));
    }

    private ConvexValue get(String key, Object... more) {
        List<Object> pairs = new ArrayList<>(List.of("namespace", "ns", "key", key));
        pairs.addAll(List.of(more));
        return value(query("get", args(pairs.toArray())));
    }

    private static ConvexValue field(ConvexValue doc, String name) {
        return ((Obj) doc).fields().get(name);
    }

    private List<String> listKeys(Object... pairs) {
        List<String> keys = new ArrayList<>();
        for (ConvexValue row : ((ConvexValue.Array) value(query("list", args(pairs)))).values()) {
            keys.add(((ConvexValue.Str) field(row, "key")).value());
        }
        return keys;
    }

    // ━━ Functions ━━

    @Nested
    class Set {
        @Test
        void createsEntryWithTimestampsFromTheClock() {
            Obj entry = set("a", float64(1), "userId", "u1", "metadata", str("m"));
            assertThat(entry.fields())
                    .containsEntry("namespace", str("ns"))
                    .containsEntry("key", str("a"))
                    .containsEntry("value", float64(1))
                    .containsEntry("userId", str("u1"))
                    .containsEntry("metadata", str("m"))
                    .containsEntry("createdAt", float64(1_010))
                    .containsEntry("updatedAt", float64(1_010))
                    .containsKeys("_id", "_creationTime")
                    .doesNotContainKey("tenantId");
        }

        @Test
        void overwritesExistingValueKeepingUserIdAndMetadataWhenOmitted() {
            Obj first = set("a", float64(1), "userId", "u1", "metadata", str("m"));
            Obj second = set("a", str("two"));
            assertThat(second.fields())
                    .containsEntry("_id", first.fields().get("_id"))
                    .containsEntry("value", str("two"))
                    .containsEntry("userId", str("u1"))
                    .containsEntry("metadata", str("m"))
                    .containsEntry("createdAt", float64(1_010))
                    .containsEntry("updatedAt", float64(1_020));
        }

        @Test
        void storesEveryValueType() {
            ConvexValue[] values = {
                ConvexValue.NULL,
                int64(Long.MIN_VALUE),
                float64(Double.NaN),
                float64(-0.0),
                ConvexValue.bool(false),
                ConvexValue.bytes(new byte[] {1, 2}),
                ConvexValue.array(str("x"), float64(1)),
                ConvexValue.obj(Map.of("nested", ConvexValue.array()))
            };
            for (ConvexValue v : values) {
                assertThat(field(set("k", v), "value")).isEqualTo(v);
            }
        }

        @Test
        void emptyTenantIdIsFalsySoTheRowIsGlobalButStoresTheEmptyString() {
            Obj entry = set("a", float64(1), "tenantId", "");
            assertThat(entry.fields()).containsEntry("tenantId", str(""));
            assertThat(field(get("a"), "value")).isEqualTo(float64(1));
        }

        @Test
        void rejectsMissingValueAsArgumentValidationError() {
            FunctionOutcome.Failure f = failure(mutation("set", args("namespace", "ns", "key", "a")));
            assertThat(f.errorMessage()).startsWith("ArgumentValidationError");
            assertThat(f.errorData()).isEmpty();
        }
    }

    @Nested
    class Update {
        @Test
        void incrementAndDecrementDefaultToOneAndTreatFalsyAsZero() {
            set("a", ConvexValue.NULL);
            ConvexValue one = field(
                    doc(mutation("update", args("namespace", "ns", "key", "a", "operation", "increment"))), "value");
            assertThat(one).isEqualTo(float64(1));
            ConvexValue down = field(
                    doc(mutation(
                            "update", args("namespace", "ns", "key", "a", "operation", "decrement", "operand", 5.0))),
                    "value");
            assertThat(down).isEqualTo(float64(-4));
        }

        @Test
        void incrementConcatenatesStrings() {
            set("a", str("x"));
            assertThat(field(
                            doc(mutation(
                                    "update",
                                    args("namespace", "ns", "key", "a", "operation", "increment", "operand", 1e21))),
                            "value"))
                    .isEqualTo(str("x1e+21"));
        }

        @Test
        void appendAddsToArraysAndRejectsOtherValuesWithPlainError() {
            set("list", ConvexValue.array(float64(1)));
            assertThat(field(
                            doc(mutation(
                                    "update",
                                    args("namespace", "ns", "key", "list", "operation", "append", "operand", "x"))),
                            "value"))
                    .isEqualTo(ConvexValue.array(float64(1), str("x")));
            set("scalar", float64(1));
            FunctionOutcome.Failure f = failure(mutation(
                    "update", args("namespace", "ns", "key", "scalar", "operation", "append", "operand", 1.0)));
            assertThat(f.errorMessage()).isEqualTo("Uncaught Error: MUTABLE_VALUE_NOT_ARRAY\n");
            assertThat(f.errorData()).isEmpty();
        }

        @Test
        void customReplacesTheValue() {
            set("a", float64(1));
            assertThat(field(
                            doc(mutation(
                                    "update",
                                    args("namespace", "ns", "key", "a", "operation", "custom", "operand", "new"))),
                            "value"))
                    .isEqualTo(str("new"));
        }

        @Test
        void bigintWithNumberIsTypeError() {
            set("a", int64(5));
            FunctionOutcome.Failure f =
                    failure(mutation("update", args("namespace", "ns", "key", "a", "operation", "increment")));
            assertThat(f.errorMessage())
                    .isEqualTo("Uncaught TypeError: Cannot mix BigInt and other types, use explicit conversions\n");
        }

        @Test
        void missingKeyThrowsConvexErrorWithData() {
            FunctionOutcome.Failure f =
                    failure(mutation("update", args("namespace", "ns", "key", "nope", "operation", "increment")));
            assertThat(f.errorData()).contains(str("MUTABLE_KEY_NOT_FOUND"));
        }
    }

    @Nested
    class DeleteAndPurge {
        @Test
        void deleteKeyRemovesAndReportsAndThenNotFound() {
            set("a", float64(1));
            assertThat(value(mutation("deleteKey", args("namespace", "ns", "key", "a"))))
                    .isEqualTo(args("deleted", ConvexValue.bool(true), "namespace", "ns", "key", "a"));
            assertThat(get("a")).isEqualTo(ConvexValue.NULL);
            assertThat(failure(mutation("deleteKey", args("namespace", "ns", "key", "a")))
                            .errorData())
                    .contains(str("MUTABLE_KEY_NOT_FOUND"));
        }

        @Test
        void purgeNamespaceDryRunListsKeysAndDeletesNothing() {
            set("a", float64(1));
            set("b", float64(2));
            assertThat(value(mutation("purgeNamespace", args("namespace", "ns", "dryRun", ConvexValue.bool(true)))))
                    .isEqualTo(args(
                            "deleted",
                            2.0,
                            "namespace",
                            "ns",
                            "keys",
                            ConvexValue.array(str("a"), str("b")),
                            "dryRun",
                            ConvexValue.bool(true)));
            assertThat(value(query("count", args("namespace", "ns")))).isEqualTo(float64(2));
            assertThat(value(mutation("purgeNamespace", args("namespace", "ns"))))
                    .isEqualTo(args("deleted", 2.0, "namespace", "ns", "dryRun", ConvexValue.bool(false)));
            assertThat(value(query("count", args("namespace", "ns")))).isEqualTo(float64(0));
        }

        @Test
        void purgeManyFiltersByPrefixUserAndUpdatedBefore() {
            set("ab", float64(1), "userId", "u1"); // updatedAt 1010
            set("ac", float64(1), "userId", "u2"); // 1020
            set("b", float64(1), "userId", "u1"); // 1030
            assertThat(value(mutation(
                            "purgeMany",
                            args("namespace", "ns", "keyPrefix", "a", "userId", "u1", "updatedBefore", 1_035.0))))
                    .isEqualTo(args("deleted", 1.0, "namespace", "ns", "keys", ConvexValue.array(str("ab"))));
            assertThat(listKeys("namespace", "ns")).containsExactly("ac", "b");
        }

        @Test
        void purgeAllDeletesEverythingInALocalDeployment() {
            set("a", float64(1));
            set("b", float64(1), "tenantId", "t1");
            assertThat(value(mutation("purgeAll", args()))).isEqualTo(args("deleted", 2.0));
        }

        @Test
        void purgeAllIsRefusedInProductionAndDeletesNothing() {
            convex.close();
            convex = start(Map.of("CONVEX_SITE_URL", "https://api.example.com"));
            set("a", float64(1));
            FunctionOutcome.Failure f = failure(mutation("purgeAll", args()));
            assertThat(f.errorMessage())
                    .isEqualTo("Uncaught Error: PURGE_DISABLED_IN_PRODUCTION: purgeAll is only available in test/dev"
                            + " environments.\n");
            assertThat(f.errorData()).isEmpty();
            assertThat(value(query("count", args("namespace", "ns")))).isEqualTo(float64(1));
        }

        @Test
        void purgeAllIsAllowedByTestEnvironmentVariables() {
            for (Map<String, String> env : List.of(
                    Map.of("NODE_ENV", "test"),
                    Map.of("CONVEX_ENVIRONMENT", "test"),
                    Map.of("CONVEX_SITE_URL", "https://dev-x.example.com"),
                    Map.of("CONVEX_SITE_URL", "https://happy-cat-1.convex.site"))) {
                convex.close();
                convex = start(env);
                set("a", float64(1));
                assertThat(value(mutation("purgeAll", args())))
                        .as(env.toString())
                        .isEqualTo(args("deleted", 1.0));
            }
        }
    }

    @Nested
    class Transaction {
        @Test
        void runsEveryOperationAndReportsResults() {
            set("n", float64(1));
            Obj result = doc(mutation(
                    "transaction",
                    args(
                            "operations",
                            ConvexValue.array(
                                    args("op", "set", "namespace", "ns", "key", "new", "value", str("v")),
                                    args("op", "increment", "namespace", "ns", "key", "n", "amount", 2.0),
                                    args("op", "decrement", "namespace", "ns", "key", "n"),
                                    args("op", "update", "namespace", "ns", "key", "new", "value", str("w")),
                                    args("op", "delete", "namespace", "ns", "key", "new")))));
            assertThat(result.fields())
                    .containsEntry("success", ConvexValue.bool(true))
                    .containsEntry("operationsExecuted", float64(5));
            List<ConvexValue> results = ((ConvexValue.Array) result.fields().get("results")).values();
            assertThat(field(results.get(1), "value")).isEqualTo(float64(3));
            assertThat(field(results.get(2), "value")).isEqualTo(float64(2));
            assertThat(results.get(4))
                    .isEqualTo(args("deleted", ConvexValue.bool(true), "namespace", "ns", "key", "new"));
            assertThat(get("new")).isEqualTo(ConvexValue.NULL);
        }

        @Test
        void failingOperationRollsBackEverythingBeforeIt() {
            set("n", float64(1));
            FunctionOutcome.Failure f = failure(mutation(
                    "transaction",
                    args(
                            "operations",
                            ConvexValue.array(
                                    args("op", "set", "namespace", "ns", "key", "new", "value", str("v")),
                                    args("op", "increment", "namespace", "ns", "key", "n"),
                                    args("op", "delete", "namespace", "ns", "key", "missing")))));
            assertThat(f.errorData()).contains(str("MUTABLE_KEY_NOT_FOUND: ns/missing"));
            assertThat(get("new")).isEqualTo(ConvexValue.NULL);
            assertThat(field(get("n"), "value")).isEqualTo(float64(1));
            assertThat(value(query("count", args("namespace", "ns")))).isEqualTo(float64(1));
        }
    }

    @Nested
    class Queries {
        @Test
        void existsAndGetReturnBooleanAndNull() {
            assertThat(value(query("exists", args("namespace", "ns", "key", "a"))))
                    .isEqualTo(ConvexValue.bool(false));
            assertThat(get("a")).isEqualTo(ConvexValue.NULL);
            set("a", float64(1));
            assertThat(value(query("exists", args("namespace", "ns", "key", "a"))))
                    .isEqualTo(ConvexValue.bool(true));
        }

        @Test
        void listSortsByIcuCollationAndDescendingKeepsTiesInCreationOrder() {
            for (String key : List.of("b", "B", "a", "é", "10", "2")) {
                set(key, float64(1));
            }
            assertThat(listKeys("namespace", "ns")).containsExactly("10", "2", "a", "b", "B", "é");
            assertThat(listKeys("namespace", "ns", "sortOrder", "desc")).containsExactly("é", "B", "b", "a", "2", "10");
            // sortBy neither "key" nor "updatedAt": comparator 0, so index (creation) order
            assertThat(listKeys("namespace", "ns", "sortBy", "other", "sortOrder", "desc"))
                    .containsExactly("b", "B", "a", "é", "10", "2");
        }

        @Test
        void listOffsetAndLimitFollowSliceIncludingNegativesAndFractions() {
            for (String key : List.of("a", "b", "c", "d", "e")) {
                set(key, float64(1));
            }
            assertThat(listKeys("namespace", "ns", "offset", 1.5, "limit", 2.0)).containsExactly("b", "c");
            assertThat(listKeys("namespace", "ns", "offset", -2.0)).containsExactly("d", "e");
            assertThat(listKeys("namespace", "ns", "limit", -1.0)).containsExactly("a", "b", "c", "d");
            assertThat(listKeys("namespace", "ns", "limit", 0.0)).hasSize(5); // 0 || 100
        }

        @Test
        void listAndCountFilterByUpdatedWindowUserAndPrefix() {
            set("a1", float64(1), "userId", "u1"); // 1010
            set("a2", float64(1)); // 1020
            set("b1", float64(1), "userId", "u1"); // 1030
            assertThat(listKeys("namespace", "ns", "updatedAfter", 1_010.0, "sortBy", "updatedAt"))
                    .containsExactly("a2", "b1");
            assertThat(listKeys("namespace", "ns", "updatedBefore", Double.NaN)).isEmpty();
            assertThat(value(query("count", args("namespace", "ns", "userId", "u1", "keyPrefix", "a"))))
                    .isEqualTo(float64(1));
            assertThat(value(query("count", args("namespace", "ns", "userId", ""))))
                    .isEqualTo(float64(3));
        }
    }

    /** The seed's SECURITY comments: no read, update, delete or purge crosses tenants. */
    @Nested
    class TenantIsolation {
        @Test
        void tenantsDoNotSeeEachOthersEntriesOrTheGlobalOne() {
            set("k", str("global"));
            set("k", str("t1"), "tenantId", "t1");
            assertThat(field(get("k", "tenantId", "t1"), "value")).isEqualTo(str("t1"));
            assertThat(get("k", "tenantId", "t2")).isEqualTo(ConvexValue.NULL);
            assertThat(value(query("exists", args("namespace", "ns", "key", "k", "tenantId", "t2"))))
                    .isEqualTo(ConvexValue.bool(false));
            assertThat(field(get("k"), "value")).isEqualTo(str("global"));
        }

        @Test
        void globalCallerNeverReadsUpdatesOrDeletesATenantRow() {
            set("k", str("t1"), "tenantId", "t1");
            assertThat(get("k")).isEqualTo(ConvexValue.NULL);
            assertThat(value(query("exists", args("namespace", "ns", "key", "k"))))
                    .isEqualTo(ConvexValue.bool(false));
            assertThat(failure(mutation(
                                    "update",
                                    args("namespace", "ns", "key", "k", "operation", "custom", "operand", "x")))
                            .errorData())
                    .contains(str("MUTABLE_KEY_NOT_FOUND"));
            assertThat(failure(mutation("deleteKey", args("namespace", "ns", "key", "k")))
                            .errorData())
                    .contains(str("MUTABLE_KEY_NOT_FOUND"));
            assertThat(field(get("k", "tenantId", "t1"), "value")).isEqualTo(str("t1"));
        }

        @Test
        void globalSetBesideAnOlderTenantRowCreatesAGlobalRowAndLeavesTheTenantRow() {
            set("k", str("t1"), "tenantId", "t1");
            Obj global = set("k", str("g"));
            assertThat(global.fields()).doesNotContainKey("tenantId");
            // The tenant row comes first in by_namespace_key, so a global lookup keeps missing: each
            // global set inserts another row, exactly as the seed does on Convex.
            set("k", str("g2"));
            assertThat(value(query("count", args("namespace", "ns")))).isEqualTo(float64(3));
            assertThat(field(get("k", "tenantId", "t1"), "value")).isEqualTo(str("t1"));
        }

        @Test
        void tenantMutationsTouchOnlyTheirOwnRows() {
            set("k", float64(1));
            set("k", float64(10), "tenantId", "t1");
            set("k", float64(100), "tenantId", "t2");
            mutation("update", args("namespace", "ns", "key", "k", "operation", "increment", "tenantId", "t1"));
            assertThat(value(mutation("deleteKey", args("namespace", "ns", "key", "k", "tenantId", "t2"))))
                    .isEqualTo(args("deleted", ConvexValue.bool(true), "namespace", "ns", "key", "k"));
            assertThat(field(get("k"), "value")).isEqualTo(float64(1));
            assertThat(field(get("k", "tenantId", "t1"), "value")).isEqualTo(float64(11));
            assertThat(get("k", "tenantId", "t2")).isEqualTo(ConvexValue.NULL);
        }

        @Test
        void tenantPurgesAndListsStayInsideTheTenant() {
            set("a", float64(1));
            set("a", float64(1), "tenantId", "t1");
            set("b", float64(1), "tenantId", "t1");
            set("a", float64(1), "tenantId", "t2");
            assertThat(listKeys("namespace", "ns", "tenantId", "t1")).containsExactly("a", "b");
            assertThat(value(query("count", args("namespace", "ns", "tenantId", "t2"))))
                    .isEqualTo(float64(1));
            assertThat(value(mutation("purgeNamespace", args("namespace", "ns", "tenantId", "t1"))))
                    .isEqualTo(args("deleted", 2.0, "namespace", "ns", "dryRun", ConvexValue.bool(false)));
            assertThat(value(mutation("purgeMany", args("namespace", "ns", "tenantId", "t2"))))
                    .isEqualTo(args("deleted", 1.0, "namespace", "ns", "keys", ConvexValue.array(str("a"))));
            set("c", float64(1), "tenantId", "t3");
            assertThat(value(mutation("purgeAll", args("tenantId", "t3")))).isEqualTo(args("deleted", 1.0));
            assertThat(listKeys("namespace", "ns")).containsExactly("a");
            assertThat(get("a")).isNotEqualTo(ConvexValue.NULL);
        }

        @Test
        void tenantTransactionWritesOnlyTenantRows() {
            set("k", float64(1));
            Obj result = doc(mutation(
                    "transaction",
                    args(
                            "tenantId",
                            "t1",
                            "operations",
                            ConvexValue.array(args("op", "set", "namespace", "ns", "key", "k", "value", str("t"))))));
            ConvexValue created = ((ConvexValue.Array) result.fields().get("results"))
                    .values()
                    .get(0);
            assertThat(field(created, "tenantId")).isEqualTo(str("t1"));
            assertThat(field(get("k"), "value")).isEqualTo(float64(1));
            assertThat(failure(mutation(
                                    "transaction",
                                    args(
                                            "tenantId",
                                            "t2",
                                            "operations",
                                            ConvexValue.array(args("op", "delete", "namespace", "ns", "key", "k")))))
                            .errorData())
                    .isEqualTo(Optional.of(str("MUTABLE_KEY_NOT_FOUND: ns/k")));
        }
    }
}
