package dev.jconvex.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WireTest {

    @Test
    void timestamps_areBase64OfLittleEndianU64_asInTheSpecExamples() {
        // wire-protocol §2.2
        assertThat(Wire.encodeTs(0)).isEqualTo("AAAAAAAAAAA=");
        assertThat(Wire.encodeTs(1724300000000000000L)).isEqualTo("AMA02rbx7Rc=");
        assertThat(Wire.decodeTs("AMA02rbx7Rc=")).isEqualTo(1724300000000000000L);
    }

    @Test
    void subscriptionPaths_areCanonicalized_likeTheJsClient() {
        // wire-protocol §1.4
        assertThat(SyncClient.canonicalPath("mutable:get")).isEqualTo("mutable:get");
        assertThat(SyncClient.canonicalPath("mutable.js:get")).isEqualTo("mutable:get");
        assertThat(SyncClient.canonicalPath("dir/file")).isEqualTo("dir/file:default");
    }
}
