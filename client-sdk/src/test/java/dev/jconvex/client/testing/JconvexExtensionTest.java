package dev.jconvex.client.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jconvex.client.ConvexClient;
import dev.jconvex.client.store.MutableStore;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** What {@link JconvexTest} promises a test class: one emulator, injected, reset when asked. */
class JconvexExtensionTest {

    @Nested
    @JconvexTest(resetBetweenTests = true)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class WithReset {
        static JconvexEmulator first;

        @Test
        @Order(1)
        void writes(MutableStore store, JconvexEmulator emulator) {
            first = emulator;
            store.set("ns", "k", 1);
            assertThat(store.count("ns")).isEqualTo(1);
        }

        @Test
        @Order(2)
        void nextTest_seesAnEmptyStore_inTheSameEmulator(MutableStore store, JconvexEmulator emulator) {
            assertThat(emulator).isSameAs(first);
            assertThat(store.count("ns")).isZero();
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
