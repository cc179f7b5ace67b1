package dev.jconvex.execution.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** wire-protocol §1.6: the request-id prefix and both request-id forms. */
class ErrorMessagesTest {

    @Test
    void serverError_prefixesTheRequestId() {
        assertThat(ErrorMessages.serverError("0123456789abcdef", "Uncaught Error: X\n"))
                .isEqualTo("[Request ID: 0123456789abcdef] Server Error\nUncaught Error: X\n");
    }

    @Test
    void httpRequestId_isSixteenLowercaseHexCharacters() {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 100; i++) {
            assertThat(ErrorMessages.httpRequestId(random)).matches("[0-9a-f]{16}");
        }
    }

    @Test
    void syncRequestId_isTheSha256PrefixOfSessionAndRequest() {
        // Expected values computed independently with Python's hashlib.
        assertThat(ErrorMessages.syncRequestId("session", 42)).isEqualTo("81dbdca2d3b1c1d3");
        assertThat(ErrorMessages.syncRequestId("7b4e0f3e-1c2d-4a5b-9e8f-0123456789ab", 0))
                .isEqualTo("11e09e5bf4cbbf05");
    }
}
