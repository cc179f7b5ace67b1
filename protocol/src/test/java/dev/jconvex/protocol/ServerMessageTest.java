package dev.jconvex.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jconvex.protocol.ServerMessage.ActionFailed;
import dev.jconvex.protocol.ServerMessage.ActionSucceeded;
import dev.jconvex.protocol.ServerMessage.AuthError;
import dev.jconvex.protocol.ServerMessage.FatalError;
import dev.jconvex.protocol.ServerMessage.MutationFailed;
import dev.jconvex.protocol.ServerMessage.MutationSucceeded;
import dev.jconvex.protocol.ServerMessage.Ping;
import dev.jconvex.protocol.ServerMessage.QueryFailed;
import dev.jconvex.protocol.ServerMessage.QueryRemoved;
import dev.jconvex.protocol.ServerMessage.QueryUpdated;
import dev.jconvex.protocol.ServerMessage.Transition;
import dev.jconvex.protocol.ServerMessage.TransitionChunk;
import dev.jconvex.values.ConvexValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Server messages as Convex writes them (wire-protocol §2.4): written as the deployment sends them,
 * field for field in the backend's order, and read back as the Java client reads them.
 */
class ServerMessageTest {

    private static final Timestamp TS = new Timestamp(1724300000000000000L);
    private static final StateVersion V1 = new StateVersion(1, 0, TS);
    private static final EncodedValue DATA =
            EncodedValue.of(ConvexValue.obj(Map.of("code", ConvexValue.str("NOT_FOUND"), "n", ConvexValue.int64(-1))));
    private static final List<String> LOGS = List.of("[LOG] 'a \"quoted\" line'", "[ERROR] ünïcode \n newline");

    /** One of every message and modification, with every optional part both present and absent. */
    private static final List<ServerMessage> EVERY_MESSAGE = List.of(
            new Transition(
                    StateVersion.INITIAL,
                    V1,
                    List.of(
                            new QueryUpdated(0, EncodedValue.of(ConvexValue.float64(42)), List.of(), Optional.empty()),
                            new QueryUpdated(
                                    1,
                                    EncodedValue.of(ConvexValue.array(ConvexValue.str("x"), ConvexValue.NULL)),
                                    LOGS,
                                    Optional.of("journal-1")),
                            new QueryFailed(2, "Uncaught Error: boom", Optional.empty(), LOGS, Optional.empty()),
                            new QueryFailed(
                                    3, "Uncaught ConvexError: {...}", Optional.of(DATA), List.of(), Optional.of("j")),
                            new QueryRemoved(4)),
                    Optional.of(-12L),
                    Optional.of(1724300000123456789L)),
            new Transition(V1, new StateVersion(3, 2, TS.succ()), List.of(), Optional.empty(), Optional.empty()),
            new TransitionChunk("{\"type\":\"Trans", 0, 2, "27"),
            new MutationSucceeded(7, EncodedValue.of(ConvexValue.int64(7)), TS, LOGS),
            new MutationSucceeded(8, EncodedValue.NULL, Timestamp.ZERO, List.of()),
            new MutationFailed(9, "Uncaught Error: no", Optional.empty(), LOGS),
            new MutationFailed(10, "Uncaught ConvexError: {...}", Optional.of(DATA), List.of()),
            new ActionSucceeded(11, EncodedValue.of(ConvexValue.str("done")), LOGS),
            new ActionFailed(12, "Uncaught Error: no", Optional.empty(), List.of()),
            new ActionFailed(13, "Uncaught ConvexError: {...}", Optional.of(DATA), LOGS),
            new AuthError("Convex token identity expired", Optional.of(1L), Optional.of(false)),
            new AuthError("bad token", Optional.empty(), Optional.empty()),
            new FatalError("Base version 3 passed up doesn't match the current version 1"),
            new Ping());

    @Test
    void everyMessage_readsBackAsWritten_withItsErrorDataAndLogLines() {
        for (ServerMessage message : EVERY_MESSAGE) {
            assertThat(ServerMessage.parse(message.toJson()))
                    .as(message.toJson())
                    .isEqualTo(message);
        }
    }

    @Test
    void transition_isWrittenInTheBackendsFieldOrder() {
        Transition t = new Transition(
                StateVersion.INITIAL,
                V1,
                List.of(
                        new QueryUpdated(0, EncodedValue.of(ConvexValue.float64(42)), List.of(), Optional.empty()),
                        new QueryFailed(
                                1, "boom", Optional.of(new EncodedValue("{\"a\":1}")), List.of("l"), Optional.empty()),
                        new QueryRemoved(2)),
                Optional.empty(),
                Optional.of(5L));

        assertThat(t.toJson())
                .isEqualTo("{\"type\":\"Transition\","
                        + "\"startVersion\":{\"querySet\":0,\"identity\":0,\"ts\":\"AAAAAAAAAAA=\"},"
                        + "\"endVersion\":{\"querySet\":1,\"identity\":0,\"ts\":\"AMA02rbx7Rc=\"},"
                        + "\"modifications\":["
                        + "{\"type\":\"QueryUpdated\",\"queryId\":0,\"value\":42.0,\"logLines\":[],\"journal\":null},"
                        + "{\"type\":\"QueryFailed\",\"queryId\":1,\"errorMessage\":\"boom\",\"logLines\":[\"l\"],\"journal\":null,\"errorData\":{\"a\":1}},"
                        + "{\"type\":\"QueryRemoved\",\"queryId\":2}],"
                        + "\"clientClockSkew\":null,\"serverTs\":5}");
    }

    @Test
    void responses_areWrittenAsTheBackendWritesThem() {
        // §2.4, §2.7: a failed mutation's result is its message and its ts is null; actions have no ts
        assertThat(new MutationSucceeded(1, new EncodedValue("7.0"), TS, List.of()).toJson())
                .isEqualTo("{\"type\":\"MutationResponse\",\"requestId\":1,\"success\":true,\"result\":7.0,"
                        + "\"ts\":\"AMA02rbx7Rc=\",\"logLines\":[]}");
        assertThat(new MutationFailed(1, "no", Optional.of(new EncodedValue("\"d\"")), List.of()).toJson())
                .isEqualTo("{\"type\":\"MutationResponse\",\"requestId\":1,\"success\":false,\"result\":\"no\","
                        + "\"ts\":null,\"logLines\":[],\"errorData\":\"d\"}");
        assertThat(new ActionSucceeded(2, new EncodedValue("null"), List.of("x")).toJson())
                .isEqualTo(
                        "{\"type\":\"ActionResponse\",\"requestId\":2,\"success\":true,\"result\":null,\"logLines\":[\"x\"]}");
        assertThat(new ActionFailed(2, "no", Optional.empty(), List.of()).toJson())
                .isEqualTo(
                        "{\"type\":\"ActionResponse\",\"requestId\":2,\"success\":false,\"result\":\"no\",\"logLines\":[]}");
        assertThat(new AuthError("expired", Optional.of(3L), Optional.of(true)).toJson())
                .isEqualTo(
                        "{\"type\":\"AuthError\",\"error\":\"expired\",\"baseVersion\":3,\"authUpdateAttempted\":true}");
        assertThat(new FatalError("over").toJson()).isEqualTo("{\"type\":\"FatalError\",\"error\":\"over\"}");
        assertThat(new Ping().toJson()).isEqualTo("{\"type\":\"Ping\"}");
        assertThat(new TransitionChunk("abc", 1, 3, "9").toJson())
                .isEqualTo(
                        "{\"type\":\"TransitionChunk\",\"chunk\":\"abc\",\"partNumber\":1,\"totalParts\":3,\"transitionId\":\"9\"}");
    }

    @Test
    void values_keepTheExactTextTheyArrivedIn_whateverTheSpacingAndFieldOrder() {
        ServerMessage m = ServerMessage.parse(
                "{ \"logLines\" : [ ], \"result\" : { \"b\" : [1, 2.50, \"}\"] , \"a\":{\"$integer\":\"AQAAAAAAAAA=\"} } ,"
                        + " \"requestId\":3, \"success\": true, \"type\": \"ActionResponse\" }");

        ActionSucceeded s = (ActionSucceeded) m;
        assertThat(s.result().json()).isEqualTo("{ \"b\" : [1, 2.50, \"}\"] , \"a\":{\"$integer\":\"AQAAAAAAAAA=\"} }");
        assertThat(s.result().decode())
                .isEqualTo(ConvexValue.obj(Map.of(
                        "a",
                        ConvexValue.int64(1),
                        "b",
                        ConvexValue.array(ConvexValue.float64(1), ConvexValue.float64(2.5), ConvexValue.str("}")))));
    }

    @Test
    void scalarValues_endWhereTheirTokenEnds() {
        for (String value : List.of("12", "-1.5e3", "\"a \\\" b\"", "true", "false", "null", "[]", "{}")) {
            QueryUpdated u = (QueryUpdated) ((Transition) ServerMessage.parse(
                            "{\"type\":\"Transition\",\"startVersion\":{\"querySet\":0,\"identity\":0,\"ts\":\"AAAAAAAAAAA=\"},"
                                    + "\"endVersion\":{\"querySet\":1,\"identity\":0,\"ts\":\"AAAAAAAAAAA=\"},"
                                    + "\"modifications\":[{\"type\":\"QueryUpdated\",\"queryId\":0,\"value\":"
                                    + value + ",\"logLines\":[],\"journal\":null}]}"))
                    .modifications()
                    .get(0);
            assertThat(u.value().json()).isEqualTo(value);
        }
    }

    @Test
    void missingValue_readsAsNull() {
        // §2.6: jsonToConvex(value ?? null)
        Transition t = (Transition) ServerMessage.parse(
                "{\"type\":\"Transition\",\"startVersion\":{\"querySet\":0,\"identity\":0,\"ts\":\"AAAAAAAAAAA=\"},"
                        + "\"endVersion\":{\"querySet\":1,\"identity\":0,\"ts\":\"AAAAAAAAAAA=\"},"
                        + "\"modifications\":[{\"type\":\"QueryUpdated\",\"queryId\":0}],\"clientClockSkew\":null}");

        assertThat(t.modifications())
                .containsExactly(new QueryUpdated(0, EncodedValue.NULL, List.of(), Optional.empty()));
        assertThat(t.serverTs()).isEmpty();
    }

    @Test
    void unknownMessageType_isMalformed_namingTheType_andUnknownModificationsAreSkipped() {
        // as the JS client, which switches over the types it knows and ignores the rest
        assertThatThrownBy(() -> ServerMessage.parse("{\"type\":\"Pong\"}"))
                .isInstanceOf(ServerMessage.Malformed.class)
                .hasMessage("unknown variant `Pong`")
                .satisfies(e ->
                        assertThat(((ServerMessage.Malformed) e).unknownType()).contains("Pong"));
        Transition t = (Transition)
                ServerMessage.parse(
                        "{\"type\":\"Transition\",\"startVersion\":{\"querySet\":0,\"identity\":0,\"ts\":\"AAAAAAAAAAA=\"},"
                                + "\"endVersion\":{\"querySet\":1,\"identity\":0,\"ts\":\"AAAAAAAAAAA=\"},"
                                + "\"modifications\":[{\"type\":\"QueryPaused\",\"queryId\":0},{\"type\":\"QueryRemoved\",\"queryId\":1}]}");
        assertThat(t.modifications()).containsExactly(new QueryRemoved(1));
    }

    @Test
    void unreadableMessages_areMalformed_withTheReason() {
        assertThatThrownBy(
                        () -> ServerMessage.parse("{\"type\":\"MutationResponse\",\"requestId\":1,\"success\":true}"))
                .isInstanceOf(ServerMessage.Malformed.class)
                .hasMessage("missing field `ts`")
                .satisfies(e ->
                        assertThat(((ServerMessage.Malformed) e).unknownType()).isEmpty());
        assertThatThrownBy(
                        () -> ServerMessage.parse("{\"type\":\"MutationResponse\",\"requestId\":1,\"success\":true}"))
                .isInstanceOf(ServerMessage.Malformed.class)
                .hasMessage("missing field `ts`");
        assertThatThrownBy(() -> ServerMessage.parse("{\"type\":\"FatalError\""))
                .isInstanceOf(ServerMessage.Malformed.class);
        assertThatThrownBy(() -> ServerMessage.parse("[]"))
                .isInstanceOf(ServerMessage.Malformed.class)
                .hasMessage("expected a JSON object");
        assertThatThrownBy(() -> ServerMessage.parse("{\"type\":\"ActionResponse\",\"requestId\":-1,\"success\":true}"))
                .isInstanceOf(ServerMessage.Malformed.class)
                .hasMessageContaining("requestId");
    }
}
