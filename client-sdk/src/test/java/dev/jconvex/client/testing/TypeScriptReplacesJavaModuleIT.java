package dev.jconvex.client.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.jconvex.client.ConvexErrorException;
import dev.jconvex.client.store.MutableStore;
import dev.jconvex.values.ConvexValue;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A TypeScript module with the path of a Java module on the class path takes its place (issue 16
 * §3): the seed's own {@code mutable.ts} ({@code conformance/oracle/convex}) served by a real server
 * in place of the Java port, with the same client code, and the start-up log naming the replacement.
 */
class TypeScriptReplacesJavaModuleIT {

    private static final Path SEED = Path.of("../conformance/oracle/convex");

    private final Logger log = (Logger) LoggerFactory.getLogger("jconvex.embedded");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        lines.start();
        log.addAppender(lines);
    }

    @AfterEach
    void releaseLog() {
        log.detachAppender(lines);
    }

    @Test
    void seedsMutableTs_isServedInPlaceOfTheJavaPort_andTheLogSaysSo() {
        try (JconvexEmulator emulator = JconvexEmulator.builder()
                .mode(EmulatorMode.SERVER)
                .functions(SEED)
                .start()) {
            assertThat(lines.list)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(line -> assertThat(line).contains("[bulk, mutable] on GraalJS"))
                    .contains("typescript:     mutable.ts is served in place of the Java module mutable");

            MutableStore store = emulator.store();
            store.set("inventory", "widgets", 10);
            assertThat(store.get("inventory", "widgets")).contains(ConvexValue.float64(10));
            assertThatThrownBy(() -> store.delete("inventory", "missing"))
                    .isInstanceOfSatisfying(
                            ConvexErrorException.class,
                            e -> assertThat(e.dataAsString()).isEqualTo(MutableStore.KEY_NOT_FOUND));
            // bulk.ts has no Java module on this class path: only the folder serves it, on the same table
            assertThat(emulator.client()
                            .mutation(
                                    "bulk:insertMany",
                                    Map.of("namespace", "n", "keys", List.of("a", "b"), "values", List.of(1, 2))))
                    .isEqualTo(ConvexValue.float64(2));
            assertThat(store.count("n")).isEqualTo(2);
        }
    }

    @Test
    void missingFunctionsFolder_failsTheStart_namingTheFolder() {
        Path missing = Path.of("no-such-convex-folder");

        assertThatThrownBy(() -> JconvexEmulator.builder().functions(missing).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot load the functions folder no-such-convex-folder: "
                        + missing.toAbsolutePath().normalize() + " is not a directory");
    }
}
