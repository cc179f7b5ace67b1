package dev.jconvex.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jconvex.execution.ActionHandler;
import dev.jconvex.execution.ConvexModule;
import dev.jconvex.execution.FunctionSpec;
import dev.jconvex.execution.ModuleBuilder;
import dev.jconvex.execution.MutationHandler;
import dev.jconvex.execution.QueryHandler;
import dev.jconvex.values.ConvexError;
import dev.jconvex.values.ConvexValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Issue 14, item 5: a real server logs one line per function call with the request id its caller
 * saw, the function's console lines, and the whole stack trace of a function that fails with a Java
 * exception; the caller sees those stack frames only with {@code --dev}.
 */
class FunctionLoggingTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern REQUEST_ID = Pattern.compile("^\\[Request ID: ([0-9a-f]{16})\\] Server Error\n");

    final HttpClient client = HttpClient.newHttpClient();
    final ListAppender<ILoggingEvent> events = new ListAppender<>();
    final Logger calls = (Logger) LoggerFactory.getLogger(CallLog.CALLS_LOGGER);
    final Logger console = (Logger) LoggerFactory.getLogger(CallLog.CONSOLE_LOGGER);
    JconvexServer server;

    @BeforeEach
    void captureLogs() {
        // The tests' logback-test.xml keeps only warnings; serve's own configuration logs at INFO.
        events.start();
        for (Logger logger : List.of(calls, console)) {
            logger.setLevel(Level.INFO);
            logger.addAppender(events);
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        for (Logger logger : List.of(calls, console)) {
            logger.detachAppender(events);
            logger.setLevel(null);
        }
    }

    void start(boolean dev) {
        server = JconvexServer.start(
                ServerConfig.builder().port(0).inMemory().devMode(dev).build(),
                JconvexServer.Extensions.none().withModules(new DebugModule()));
    }

    @Test
    void eachCall_isOneLine_withKindPathOutcomeDuration_andTheRequestIdTheCallerSaw() throws Exception {
        start(false);
        JsonNode ok = post("/api/mutation", "debug:greet");
        assertThat(ok.get("status").asText()).isEqualTo("success");
        JsonNode refused = post("/api/mutation", "debug:refuse");
        String refusedId = requestId(refused);

        List<String> lines = messages(calls);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("mutation debug:greet success \\d+\\.\\d ms request [0-9a-f]{16}");
        assertThat(lines.get(1))
                .matches("mutation debug:refuse failure \\d+\\.\\d ms request " + refusedId
                        + ": Uncaught ConvexError: not today");
        assertThat(events.list).allMatch(e -> e.getThrowableProxy() == null);
        assertThat(events.list.stream().filter(e -> e.getLoggerName().equals(CallLog.CALLS_LOGGER)))
                .allMatch(e -> e.getLevel() == Level.INFO);
    }

    @Test
    void consoleLines_areLogged_beforeTheCallLine_atTheirLevel() throws Exception {
        start(false);
        post("/api/mutation", "debug:greet");

        List<ILoggingEvent> all = events.list;
        assertThat(all).hasSize(3);
        assertThat(all.get(0).getLoggerName()).isEqualTo(CallLog.CONSOLE_LOGGER);
        assertThat(all.get(0).getFormattedMessage())
                .matches("mutation debug:greet \\[LOG\\] 'hello' 3 request [0-9a-f]{16}");
        assertThat(all.get(0).getLevel()).isEqualTo(Level.INFO);
        assertThat(all.get(1).getFormattedMessage()).contains("[WARN] 'careful'");
        assertThat(all.get(1).getLevel()).isEqualTo(Level.WARN);
        assertThat(all.get(2).getLoggerName()).isEqualTo(CallLog.CALLS_LOGGER);
        String id = all.get(2).getFormattedMessage().replaceAll(".* request ", "");
        assertThat(all.get(0).getFormattedMessage()).endsWith("request " + id);
    }

    @Test
    void javaException_isLoggedWithItsWholeStackTrace_andTheCallerSeesOnlyTheMessage() throws Exception {
        start(false);
        JsonNode failed = post("/api/query", "debug:npe");
        String message = failed.get("errorMessage").asText();
        String id = requestId(failed);

        assertThat(message).startsWith("[Request ID: " + id + "] Server Error\nUncaught Error: ");
        assertThat(message).contains("String.length()").doesNotContain("    at ");
        ILoggingEvent logged = only(calls);
        assertThat(logged.getLevel()).isEqualTo(Level.ERROR);
        assertThat(logged.getFormattedMessage())
                .startsWith("query debug:npe failure ")
                .contains("request " + id + ": Uncaught Error: ");
        IThrowableProxy trace = logged.getThrowableProxy();
        assertThat(trace.getClassName()).isEqualTo(NullPointerException.class.getName());
        // the whole trace: the handler's frame and the runtime's frames below it
        assertThat(frames(trace)).anyMatch(f -> f.contains(DebugModule.class.getName()));
        assertThat(frames(trace)).anyMatch(f -> f.contains("dev.jconvex.execution.internal.FunctionRunner"));
    }

    @Test
    void javaException_inAFunctionAnActionCalls_isLoggedWithTheActionsCall() throws Exception {
        start(false);
        JsonNode failed = post("/api/action", "debug:callsNpe");
        assertThat(failed.get("status").asText()).isEqualTo("error");

        ILoggingEvent logged = only(calls);
        assertThat(logged.getLevel()).isEqualTo(Level.ERROR);
        assertThat(logged.getFormattedMessage()).startsWith("action debug:callsNpe failure ");
        // the called query's bug itself, not the error the action saw
        assertThat(logged.getThrowableProxy().getClassName()).isEqualTo(NullPointerException.class.getName());
        assertThat(frames(logged.getThrowableProxy())).anyMatch(f -> f.contains(DebugModule.class.getName()));
    }

    @Test
    void convexErrors_neverCarryStackFrames_evenInDevMode() throws Exception {
        start(true);
        JsonNode refused = post("/api/mutation", "debug:refuse");
        assertThat(refused.get("errorMessage").asText()).endsWith("] Server Error\nUncaught ConvexError: not today\n");
        assertThat(only(calls).getThrowableProxy()).isNull();
    }

    @Test
    void devMode_showsTheCallerTheHandlersStackFrames() throws Exception {
        start(true);
        JsonNode failed = post("/api/query", "debug:npe");
        String message = failed.get("errorMessage").asText();

        assertThat(message).contains("Uncaught Error: ").contains("is null\n    at ");
        assertThat(message).contains("    at " + DebugModule.class.getName() + ".");
        // only the function's frames: the runtime below the handler is left out
        assertThat(message).doesNotContain("FunctionRunner").endsWith(")\n");
        // the log line stays one line; the frames follow as the event's stack trace
        assertThat(only(calls).getFormattedMessage()).doesNotContain("\n");
        assertThat(only(calls).getThrowableProxy()).isNotNull();
    }

    JsonNode post(String route, String path) throws Exception {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create(server.url() + route))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                JSON.writeValueAsString(Map.of("path", path, "args", Map.of()))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    static String requestId(JsonNode failed) {
        Matcher m = REQUEST_ID.matcher(failed.get("errorMessage").asText());
        assertThat(m.find()).as("request id in %s", failed).isTrue();
        return m.group(1);
    }

    List<String> messages(Logger logger) {
        return events.list.stream()
                .filter(e -> e.getLoggerName().equals(logger.getName()))
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    ILoggingEvent only(Logger logger) {
        List<ILoggingEvent> of = events.list.stream()
                .filter(e -> e.getLoggerName().equals(logger.getName()))
                .toList();
        assertThat(of).hasSize(1);
        return of.getFirst();
    }

    static List<String> frames(IThrowableProxy trace) {
        return Arrays.stream(trace.getStackTraceElementProxyArray())
                .map(Object::toString)
                .toList();
    }

    /** Functions that succeed, log, refuse and have a bug. */
    static final class DebugModule implements ConvexModule {
        @Override
        public String path() {
            return "debug";
        }

        @Override
        public void define(ModuleBuilder m) {
            m.mutation("greet", any((MutationHandler) (ctx, args) -> {
                ctx.console().log("hello", 3);
                ctx.console().warn("careful");
                return ConvexValue.NULL;
            }));
            m.mutation("refuse", any((MutationHandler) (ctx, args) -> {
                throw new ConvexError("not today");
            }));
            m.query("npe", any((QueryHandler) (ctx, args) -> ConvexValue.float64(length(null))));
            m.action("callsNpe", any((ActionHandler)
                    (ctx, args) -> ctx.runQuery("debug:npe", ConvexValue.obj(Map.of()))));
        }

        private static int length(String text) {
            return text.length();
        }

        private static <H> FunctionSpec<H> any(H handler) {
            return new FunctionSpec<>(Optional.empty(), Optional.empty(), handler);
        }
    }
}
