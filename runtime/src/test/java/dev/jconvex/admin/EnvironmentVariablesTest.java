package dev.jconvex.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jconvex.errors.ConvexException;
import dev.jconvex.execution.internal.EnvironmentVariables;
import dev.jconvex.execution.internal.EnvironmentVariables.Change;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deployment's environment variables: persisted, layered over system ones, checked as a batch. */
class EnvironmentVariablesTest {

    @TempDir
    Path dir;

    @Test
    void set_isKeptInTheDataDirectory_andSeenAfterRestart() {
        EnvironmentVariables first = EnvironmentVariables.stored(Map.of(), Map.of(), dir);
        first.apply(List.of(new Change("API_KEY", Optional.of("secret"))));

        EnvironmentVariables again = EnvironmentVariables.stored(Map.of(), Map.of(), dir);
        assertThat(again.list()).containsExactly(Map.entry("API_KEY", "secret"));
        assertThat(again.get("API_KEY")).contains("secret");
    }

    @Test
    void systemVariables_areVisibleButNotListed_andADeploymentVariableHidesThem() {
        EnvironmentVariables env =
                EnvironmentVariables.inMemory(Map.of("CONVEX_SITE_URL", "http://127.0.0.1:3211"), Map.of());
        assertThat(env.list()).isEmpty();
        assertThat(env.get("CONVEX_SITE_URL")).contains("http://127.0.0.1:3211");

        env.apply(List.of(new Change("CONVEX_SITE_URL", Optional.of("https://example.com"))));
        assertThat(env.get("CONVEX_SITE_URL")).contains("https://example.com");
        env.apply(List.of(new Change("CONVEX_SITE_URL", Optional.empty())));
        assertThat(env.get("CONVEX_SITE_URL")).contains("http://127.0.0.1:3211");
    }

    @Test
    void aBadChange_rejectsTheWholeBatch() {
        EnvironmentVariables env = EnvironmentVariables.stored(Map.of(), Map.of("KEEP", "1"), dir);

        assertThatThrownBy(() ->
                        env.apply(List.of(new Change("GOOD", Optional.of("x")), new Change("1BAD", Optional.of("y")))))
                .isInstanceOf(ConvexException.class)
                .hasMessageContaining("Invalid environment variable name: \"1BAD\"");
        assertThat(env.list()).containsExactly(Map.entry("KEEP", "1"));
        assertThat(EnvironmentVariables.stored(Map.of(), Map.of(), dir).list()).containsExactly(Map.entry("KEEP", "1"));
    }

    @Test
    void aValueOver8KiB_isRefused() {
        EnvironmentVariables env = EnvironmentVariables.inMemory(Map.of(), Map.of());
        assertThatThrownBy(() -> env.apply(List.of(new Change("BIG", Optional.of("x".repeat(8193))))))
                .hasMessageContaining("too large");
    }
}
