package dev.jconvex.execution.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Convex's limits on log lines: 32768 bytes per line, 256 lines per execution. */
class LogBufferTest {

    @Test
    void longLine_isCutAt32768Bytes_andMarked() {
        LogBuffer console = new LogBuffer();

        console.log("x".repeat(40_000));

        assertThat(console.lines()).containsExactly("[LOG] '" + "x".repeat(32_767) + " (truncated due to length)");
    }

    @Test
    void truncation_neverSplitsACharacter() {
        LogBuffer console = new LogBuffer();

        console.log(1, "é".repeat(20_000));

        String line = console.lines().getFirst();
        assertThat(line).startsWith("[LOG] 1 'éé").endsWith("é (truncated due to length)");
        String message = line.substring("[LOG] ".length(), line.length() - " (truncated due to length)".length());
        assertThat(message.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isBetween(32_767, 32_768);
    }

    @Test
    void after255Lines_anOverflowLineEndsTheLog() {
        LogBuffer console = new LogBuffer();

        for (int i = 0; i < 300; i++) {
            console.info(i);
        }

        List<String> lines = console.lines();
        assertThat(lines).hasSize(256);
        assertThat(lines.get(254)).isEqualTo("[INFO] 254");
        assertThat(lines.get(255)).isEqualTo("[ERROR] Log overflow (maximum 256). Remaining log lines omitted.");
    }

    @Test
    void calledFunctionsLines_countTowardTheLimit() {
        LogBuffer console = new LogBuffer();
        console.log("mine");

        console.addAll(java.util.Collections.nCopies(300, "[LOG] 'sub'"));

        assertThat(console.lines()).hasSize(256).first().isEqualTo("[LOG] 'mine'");
        assertThat(console.lines().getLast()).startsWith("[ERROR] Log overflow");
    }
}
