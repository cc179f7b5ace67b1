package dev.jconvex.functions.differential;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OracleTest {

    @Test
    void missingNodeModulesFailsWithTheNpmCiInstruction(@TempDir Path repo) throws Exception {
        Files.createDirectories(repo.resolve("conformance/oracle"));
        Files.writeString(repo.resolve("conformance/oracle/vitest.config.mjs"), "");
        Path module = Files.createDirectories(repo.resolve("functions"));

        assertThatThrownBy(() -> Oracle.locate(module))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("conformance/node_modules is missing")
                .hasMessageContaining("Run `npm ci` in " + repo.resolve("conformance"));
    }
}
