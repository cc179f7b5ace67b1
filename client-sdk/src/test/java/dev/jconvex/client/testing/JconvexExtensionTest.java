package dev.jconvex.client.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jconvex.client.CallRoute;
import dev.jconvex.client.ConvexClient;
import dev.jconvex.client.store.MutableStore;
import dev.jconvex.values.ConvexValue;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What {@link JconvexTest} promises a test class: one emulator, injected, reset when asked. */
class JconvexExtensionTest {

    @Nested
    @JconvexTest(resetBetweenTests = true)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class WithReset {
        static JconvexEmulator first;

        @Test
        @Order(1)
        void writes(MutableStore store, JconvexEmulator emulator, ConvexClient client) {
            first = emulator;
            store.set("ns", "k", 1);
            client.mutation("notes:add", Map.of("text", "hello"));
            assertThat(store.count("ns")).isEqualTo(1);
        }

        @Test
        @Order(2)
        void nextTest_seesEveryModulesTablesEmpty_inTheSameEmulator(
                MutableStore store, JconvexEmulator emulator, ConvexClient client) {
            assertThat(emulator).isSameAs(first);
            assertThat(store.count("ns")).isZero();
            assertThat(client.query("notes:count", Map.of())).isEqualTo(ConvexValue.float64(0));
        }
    }

    @Nested
    class ResetOnEachMode {
        @ParameterizedTest
        @EnumSource(EmulatorMode.class)
        void reset_emptiesEveryTableOfEveryModule_andCountsWhatItDeleted(EmulatorMode mode) {
            try (JconvexEmulator emulator = JconvexEmulator.start(mode, CallRoute.HTTP)) {
                emulator.store().set("ns", "k", 1);
                emulator.client().mutation("notes:add", Map.of("text", "a"));
                emulator.client().mutation("notes:add", Map.of("text", "b"));

                assertThat(emulator.reset()).isEqualTo(3);

                assertThat(emulator.store().count("ns")).isZero();
                assertThat(emulator.client().query("notes:count", Map.of())).isEqualTo(ConvexValue.float64(0));
                // the tables stay usable
                emulator.client().mutation("notes:add", Map.of("text", "c"));
                assertThat(emulator.client().query("notes:count", Map.of())).isEqualTo(ConvexValue.float64(1));
            }
        }
    }

    @Nested
    @JconvexTest(mode = EmulatorMode.SERVER)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class WithoutReset {
        @Test
        @Order(1)
        void writes(MutableStore store, JconvexEmulator emulator) {
            assertThat(emulator.mode()).isEqualTo(EmulatorMode.SERVER);
            assertThat(emulator.url()).hasValueSatisfying(url -> assertThat(url).startsWith("http://127.0.0.1:"));
            store.set("ns", "k", 1);
        }

        @Test
        @Order(2)
        void nextTest_stillSeesTheData(ConvexClient client) {
            assertThat(MutableStore.of(client).count("ns")).isEqualTo(1);
        }
    }
}
