package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jconvex.client.ConvexClient;
import dev.jconvex.client.testing.JconvexTest;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The consumer's test, on the emulator that jconvex-embedded puts in the test's own JVM. */
@JconvexTest(resetBetweenTests = true)
class SettingsTest {

    @Test
    void set_thenGet_returnsTheValue(ConvexClient client) {
        Settings settings = new Settings(client);
        settings.set("theme", "dark");
        assertEquals(Optional.of("dark"), settings.get("theme"));
    }

    @Test
    void get_ofAMissingName_isEmpty(ConvexClient client) {
        assertTrue(new Settings(client).get("never-set").isEmpty());
    }
}
