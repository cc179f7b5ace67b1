package dev.jconvex.execution.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jconvex.values.ConvexValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The idempotency record round-trips every value exactly. */
class StoredOutcomeTest {

    @Test
    void encodeDecode_isTheIdentity() {
        ConvexValue value = ConvexValue.obj(Map.of(
                "negZero", ConvexValue.float64(-0.0),
                "nan", ConvexValue.float64(Double.longBitsToDouble(0x7ff8000000000001L)),
                "int", ConvexValue.int64(Long.MIN_VALUE),
                "bytes", ConvexValue.bytes(new byte[] {0, -1, 7}),
                "list", ConvexValue.array(ConvexValue.NULL, ConvexValue.bool(true), ConvexValue.str("é😀")),
                "", ConvexValue.emptyObj()));
        StoredOutcome outcome = new StoredOutcome(value, List.of("[LOG] 'a'", "[WARN] 1"));

        StoredOutcome decoded = StoredOutcome.decode(outcome.encode());

        assertThat(decoded).isEqualTo(outcome);
    }
}
