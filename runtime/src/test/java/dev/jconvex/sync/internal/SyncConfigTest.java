package dev.jconvex.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jconvex.sync.SyncConfig;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SyncConfigTest {

    @Test
    void defaults_followTheSpec() {
        SyncConfig c = SyncConfig.defaults();

        assertThat(c.pingInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.maxMessageBytes()).isGreaterThan(16L * 1024 * 1024);
        assertThat(c.transitionChunkBytes()).isEqualTo(5_000_000);
        assertThat(c.maxPendingMutations()).isEqualTo(1_000);
        assertThat(c.adminKey().test("anything")).isFalse();
    }

    @Test
    void adminKey_acceptsOnlyTheConfiguredKey() {
        SyncConfig c = SyncConfig.builder().adminKey(Optional.of("inst|secret")).build();

        assertThat(c.adminKey().test("inst|secret")).isTrue();
        assertThat(c.adminKey().test("inst|other")).isFalse();
    }

    @Test
    void invalidSettings_areRejectedWhenBuilt() {
        assertThatThrownBy(
                        () -> SyncConfig.builder().pingInterval(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pingInterval");
        assertThatThrownBy(() -> SyncConfig.builder()
                        .pingInterval(Duration.ofSeconds(30))
                        .idleTimeout(Duration.ofSeconds(20))
                        .build())
                .hasMessageContaining("idleTimeout must exceed pingInterval");
        assertThatThrownBy(() -> SyncConfig.builder().maxPendingMutations(0).build())
                .hasMessageContaining("maxPendingMutations");
    }

    @Test
    void chunking_isForClientsFrom1_28() {
        assertThat(SyncProtocol.supportsChunks(Optional.of("1.48.0"))).isTrue();
        assertThat(SyncProtocol.supportsChunks(Optional.of("1.28.0"))).isTrue();
        assertThat(SyncProtocol.supportsChunks(Optional.of("1.27.9"))).isFalse();
        assertThat(SyncProtocol.supportsChunks(Optional.of("2.0.0-alpha"))).isTrue();
        assertThat(SyncProtocol.supportsChunks(Optional.of("garbage"))).isFalse();
        assertThat(SyncProtocol.supportsChunks(Optional.empty())).isFalse();
    }

    @Test
    void clientVersion_isReadFromTheSyncPath() {
        assertThat(SyncEndpoint.clientVersion("/api/1.48.0/sync")).contains("1.48.0");
        assertThat(SyncEndpoint.clientVersion("/api/sync")).isEmpty();
    }
}
