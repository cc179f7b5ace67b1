package dev.jconvex.client.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jconvex.client.ConvexClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Bad arguments fail before anything is sent: the client points at a port where nothing listens, so a
 * check that let a call through would fail with a transport error instead of the expected message.
 */
class ClientSideChecksTest {

    private static final ConvexClient client =
            ConvexClient.builder("http://127.0.0.1:9").queryRetries(0).build();
    private static final MutableStore store = MutableStore.of(client);

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void blankNamespaceOrKey_isRejected() {
        assertThatThrownBy(() -> store.set(" ", "k", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("namespace must not be blank");
        assertThatThrownBy(() -> store.get("ns", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key must not be blank");
        assertThatThrownBy(() -> store.delete(null, "k"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("namespace is required");
    }

    @Test
    void nonFiniteOrZeroAmounts_areRejected() {
        assertThatThrownBy(() -> store.increment("ns", "k", Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("amount must be a finite number, got NaN");
        assertThatThrownBy(() -> store.decrement("ns", "k", Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> store.increment("ns", "k", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("treats a 0 amount as 1");
        assertThatThrownBy(() -> store.transaction(tx -> tx.increment("ns", "k", Double.NEGATIVE_INFINITY)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void limitsAndOffsetsOutOfRange_areRejected() {
        assertThatThrownBy(() -> ListFilter.namespace("ns").limit(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be in 1..8192, got 0");
        assertThatThrownBy(() -> ListFilter.namespace("ns").limit(8193)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ListFilter.namespace("ns").offset(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("offset must be >= 0, got -1");
    }

    @Test
    void blankTenant_isRejected() {
        assertThatThrownBy(() -> store.forTenant(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tenantId must not be blank");
    }
}
