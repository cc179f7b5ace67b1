package dev.jconvex.typescript;

import static dev.jconvex.typescript.TsServer.args;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Isolation and limits of TypeScript functions (src/test/convex/limits.ts) on a real server on port
 * 0: the time limit, rollback of a failed mutation, exact concurrent read-modify-writes, frozen time,
 * error texts and data, console lines, internal visibility.
 */
class LimitsTypeScriptIT {

    static final String REQUEST_ID = "\\[Request ID: [0-9a-f]{16}\\] Server Error\\n";

    @TempDir
    static Path dataDirectory;

    static TsServer ts;

    @BeforeAll
    static void start() {
        ts = new TsServer(TsServer.testFunctions(), dataDirectory, TypeScriptConfig.defaults());
    }

    @AfterAll
    static void stop() {
        if (ts != null) {
            ts.close();
        }
    }

    @Test
    void aQueryThatLoopsForever_isStoppedByTheTimeLimit_withConvexsText() {
        ts.value("query", "limits:clock", args()); // spends the idle context's warm-up allowance
        long start = System.nanoTime();
        JsonNode reply = ts.call("query", "limits:spin", args());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(reply.get("status").asText()).isEqualTo("error");
        assertThat(reply.get("errorMessage").asText())
                .matches(REQUEST_ID + "Uncaught Error: Function execution timed out \\(maximum duration: 1s\\)\\n");
        assertThat(took).isLessThan(TypeScriptConfig.DEFAULT_WARM_UP_ALLOWANCE);
        // the cancelled context is gone; the module still serves
        assertThat(ts.value("query", "limits:clock", args()).get("same").asBoolean())
                .isTrue();
    }

    @Test
    void aMutationThatThrowsAfterAWrite_leavesNoWrites() {
        String text = "note-" + UUID.randomUUID();
        JsonNode reply = ts.call("mutation", "limits:writeThenThrow", args("text", text));

        assertThat(reply.get("errorMessage").asText()).matches(REQUEST_ID + "Uncaught Error: failing after a write\\n");
        List<String> notes = new ArrayList<>();
        ts.value("query", "limits:notes", args()).forEach(n -> notes.add(n.asText()));
        assertThat(notes).doesNotContain(text);
    }

    @Test
    void concurrentIncrementsOfOneHotKey_areExact() throws Exception {
        String name = "hot-" + UUID.randomUUID();
        int threads = 4;
        int perThread = 10;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Integer>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<List<Integer>> worker = () -> {
                    go.await();
                    List<Integer> seen = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        seen.add(ts.value("mutation", "limits:increment", args("name", name))
                                .asInt());
                    }
                    return seen;
                };
                results.add(pool.submit(worker));
            }
            go.countDown();
            Set<Integer> returned = new TreeSet<>();
            for (Future<List<Integer>> result : results) {
                returned.addAll(result.get());
            }
            int total = threads * perThread;
            // every increment saw a distinct predecessor: serializable, no lost update
            assertThat(returned)
                    .containsExactlyElementsOf(
                            IntStream.rangeClosed(1, total).boxed().toList());
            assertThat(ts.value("query", "limits:counter", args("name", name)).asInt())
                    .isEqualTo(total);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void dateIsFrozenForTheRun_andMathRandomWorks() {
        JsonNode clock = ts.value("query", "limits:clock", args());
        assertThat(clock.get("same").asBoolean()).isTrue();
        assertThat(clock.get("random").asBoolean()).isTrue();
        assertThat(clock.get("now").asDouble()).isPositive();
    }

    @Test
    void aConvexErrorWithObjectData_reachesTheClientAsErrorData() {
        JsonNode reply = ts.call("mutation", "limits:fail", args("code", "E42"));
        assertThat(reply.get("errorMessage").asText())
                .matches(REQUEST_ID + "Uncaught ConvexError: \\{\"code\":\"E42\",\"retry\":false\\}\\n");
        assertThat(reply.get("errorData").get("code").asText()).isEqualTo("E42");
        assertThat(reply.get("errorData").get("retry").asBoolean()).isFalse();
    }

    @Test
    void aFailedSyscall_surfacesWithTheRuntimesText() {
        JsonNode reply = ts.call("mutation", "limits:patchDeleted", args());
        assertThat(reply.get("status").asText()).isEqualTo("error");
        assertThat(reply.get("errorMessage").asText()).matches(REQUEST_ID + "Uncaught Error: .*\\n");
        assertThat(reply.get("errorMessage").asText()).containsIgnoringCase("nonexistent document");
    }

    @Test
    void consoleLines_areReturnedAsLogLines() {
        JsonNode reply = ts.call("query", "limits:logs", args());
        List<String> lines = new ArrayList<>();
        reply.get("logLines").forEach(l -> lines.add(l.asText()));
        // object-inspect with Convex's indent of 2 (wire-protocol §1.8), as the Java console prints
        assertThat(lines).containsExactly("[LOG] 'hello' {\n  a: 1\n} [ 2 ]", "[WARN] 'careful'");
    }

    @Test
    void internalMutations_areNotPublic() {
        JsonNode reply = ts.call("mutation", "limits:hidden", args());
        assertThat(reply.get("errorMessage").asText()).contains("Could not find public function for 'limits:hidden'");
    }

    @Test
    void anActionCallingAMutationAndAQuery_seesItsOwnWrite() {
        String text = "via-action-" + UUID.randomUUID();
        assertThat(ts.value("action", "limits:addNoteAndList", args("text", text))
                        .asInt())
                .isEqualTo(1);
        List<String> notes = new ArrayList<>();
        ts.value("query", "limits:notes", args()).forEach(n -> notes.add(n.asText()));
        assertThat(notes).contains(text);
    }

    @Test
    void aConvexErrorOfACalledMutation_reachesTheActionAsAConvexError() {
        JsonNode result = ts.value("action", "limits:failThroughAction", args());
        assertThat(result.get("isConvexError").asBoolean()).isTrue();
        assertThat(result.get("caughtData").get("code").asText()).isEqualTo("INNER");
    }
}
