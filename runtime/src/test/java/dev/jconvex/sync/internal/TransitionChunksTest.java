package dev.jconvex.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** Splitting a Transition into chunks (wire-protocol §2.12). */
class TransitionChunksTest {

    @Property
    void chunks_concatenateToTheInput_eachWithinTheLimit_neverSplittingACharacter(
            @ForAll @StringLength(max = 400) String json, @ForAll @IntRange(min = 4, max = 64) int maxBytes) {
        List<String> parts = TransitionChunks.split(json, maxBytes);

        assertThat(String.join("", parts)).isEqualTo(json);
        for (String part : parts) {
            assertThat(part.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(maxBytes);
            if (!part.isEmpty()) {
                assertThat(Character.isLowSurrogate(part.charAt(0))).isFalse();
                assertThat(Character.isHighSurrogate(part.charAt(part.length() - 1)))
                        .isFalse();
            }
        }
        if (!json.isEmpty()) {
            assertThat(parts).allSatisfy(p -> assertThat(p).isNotEmpty());
        }
    }
}
