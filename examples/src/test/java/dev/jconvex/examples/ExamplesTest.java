package dev.jconvex.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jconvex.client.ConvexClient;
import dev.jconvex.client.testing.EmulatorMode;
import dev.jconvex.client.testing.JconvexTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each example run against a real server on a free port, checking what it is meant to show. */
@JconvexTest(mode = EmulatorMode.SERVER, resetBetweenTests = true)
class ExamplesTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void inventoryCounter_endsWithTheExactStockAfterConcurrentDecrements(ConvexClient client) throws Exception {
        InventoryCounter.Result result = InventoryCounter.run(client, 16, 10, 1_000, out);
        assertThat(result.orders()).isEqualTo(160);
        assertThat(result.finalStock()).isEqualTo(840.0);
        assertThat(output()).contains("Sold 160, 840 left (expected 840)");
    }

    @Test
    void configWatcher_printsTheInitialConfigurationAndEveryChange(ConvexClient client) throws Exception {
        List<Map<String, String>> seen = ConfigWatcher.run(client, out);
        assertThat(seen.getFirst()).isEmpty();
        assertThat(seen.getLast()).isEqualTo(Map.of("theme", "dark", "maxRetries", "3"));
        // every state the watcher printed is one the program actually went through
        assertThat(seen)
                .allMatch(s -> List.of(
                                Map.of(),
                                Map.of("theme", "light"),
                                Map.of("theme", "light", "maxRetries", "3"),
                                Map.of("theme", "dark", "maxRetries", "3"))
                        .contains(s));
        assertThat(output()).contains("config is now {}").contains("config is now {maxRetries=3, theme=dark}");
    }

    @Test
    void sessionCleanup_purgesExpiredSessionsThenAUsersSessions(ConvexClient client) throws Exception {
        SessionCleanup.Result result = SessionCleanup.run(client, out);
        assertThat(result.expired()).containsExactlyInAnyOrder("s-old-1", "s-old-2");
        assertThat(result.loggedOut()).containsExactly("s-new-2");
        assertThat(result.remaining()).containsExactly("s-new-1", "s-new-3");
    }

    @Test
    void multiTenantService_keepsTenantsApart(ConvexClient client) {
        MultiTenantService.Result result = MultiTenantService.run(client, out);
        assertThat(result.acmePlan()).isEqualTo("enterprise");
        assertThat(result.globexPlan()).isEqualTo("starter");
        assertThat(result.acmeCount()).isEqualTo(1);
        assertThat(result.globexCount()).isEqualTo(2);
        assertThat(result.acmeCouldDeleteGlobexOnlyKey()).isFalse();
        assertThat(result.deletedByAcmePurge()).isEqualTo(1);
        assertThat(result.globexCountAfterAcmePurge()).isEqualTo(2);
    }
}
