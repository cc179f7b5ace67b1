package dev.jconvex.client.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jconvex.client.ConvexClient;
import dev.jconvex.client.ConvexErrorException;
import dev.jconvex.client.store.MutableStore;
import dev.jconvex.values.ConvexValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code @JconvexTest(functions = ...)}: the embedded emulator serves a Convex project's unmodified
 * TypeScript functions (the seed's {@code conformance/oracle/convex}: {@code mutable.ts}, {@code
 * bulk.ts} and their schema) beside the Java modules on the class path, called through the injected
 * Java client, and reset between tests like any module.
 */
@JconvexTest(functions = "../conformance/oracle/convex", resetBetweenTests = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JconvexTestTypeScriptIT {

    @Test
    @Order(1)
    void typeScriptMutationsAndQueries_runThroughTheInjectedClient(MutableStore store, ConvexClient client) {
        store.set("inventory", "widgets", 10);
        assertThat(client.mutation(
                        "bulk:insertMany",
                        Map.of("namespace", "inventory", "keys", List.of("a", "b"), "values", List.of(1, 2))))
                .isEqualTo(ConvexValue.float64(2));

        assertThat(store.get("inventory", "widgets")).contains(ConvexValue.float64(10));
        assertThat(store.count("inventory")).isEqualTo(3);
    }

    @Test
    void typeScriptConvexError_reachesTheClientWithItsData(MutableStore store) {
        assertThatThrownBy(() -> store.delete("inventory", "missing"))
                .isInstanceOfSatisfying(
                        ConvexErrorException.class,
                        e -> assertThat(e.data()).isEqualTo(ConvexValue.str(MutableStore.KEY_NOT_FOUND)));
    }

    @Test
    @Order(2)
    void resetBetweenTests_emptiesTheTypeScriptSchemasTables(MutableStore store) {
        assertThat(store.count("inventory")).isZero();
    }

    @Test
    void javaModules_areStillServedBesideTheTypeScriptOnes(ConvexClient client) {
        client.mutation("notes:add", Map.of("text", "from Java"));

        assertThat(client.query("notes:count", Map.of())).isEqualTo(ConvexValue.float64(1));
    }
}
