package dev.jconvex.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Client messages exactly as the npm client sends them (wire-protocol §2.3): parsed as the deployment
 * reads them, and written as the Java client sends them.
 */
class ClientMessageTest {

    @Test
    void connect_withAndWithoutMaxObservedTimestamp() {
        ClientMessage first = ClientMessage.parse(
                "{\"type\":\"Connect\",\"sessionId\":\"s\",\"connectionCount\":0,\"lastCloseReason\":\"InitialConnect\",\"clientTs\":1724300000000}");
        ClientMessage later = ClientMessage.parse(
                "{\"type\":\"Connect\",\"sessionId\":\"s\",\"connectionCount\":2,\"lastCloseReason\":null,\"maxObservedTimestamp\":\"AMA02rbx7Rc=\",\"clientTs\":1}");

        assertThat(first)
                .isEqualTo(new ClientMessage.Connect(
                        "s", 0, Optional.of("InitialConnect"), Optional.empty(), Optional.of(1724300000000.0)));
        assertThat(((ClientMessage.Connect) later).maxObservedTimestamp())
                .contains(new Timestamp(1724300000000000000L));
        assertThat(((ClientMessage.Connect) later).lastCloseReason()).isEmpty();
    }

    @Test
    void modifyQuerySet_withAddAndRemove() {
        ClientMessage m = ClientMessage.parse(
                "{\"type\":\"ModifyQuerySet\",\"baseVersion\":1,\"newVersion\":2,\"modifications\":["
                        + "{\"type\":\"Add\",\"queryId\":0,\"udfPath\":\"mutable:get\",\"args\":[{\"key\":\"k\",\"namespace\":\"ns\"}],\"journal\":null},"
                        + "{\"type\":\"Remove\",\"queryId\":7}]}");

        ClientMessage.ModifyQuerySet q = (ClientMessage.ModifyQuerySet) m;
        assertThat(q.baseVersion()).isEqualTo(1);
        assertThat(q.newVersion()).isEqualTo(2);
        ClientMessage.Add add = (ClientMessage.Add) q.modifications().get(0);
        assertThat(add.queryId()).isZero();
        assertThat(add.udfPath()).isEqualTo("mutable:get");
        assertThat(add.args().toString()).isEqualTo("[{\"key\":\"k\",\"namespace\":\"ns\"}]");
        assertThat(add.journal()).isEmpty();
        assertThat(q.modifications().get(1)).isEqualTo(new ClientMessage.Remove(7));
    }

    @Test
    void mutationAndAction_keepTheirArgumentsAsJson() {
        ClientMessage.Mutation m = (ClientMessage.Mutation)
                ClientMessage.parse(
                        "{\"type\":\"Mutation\",\"requestId\":3,\"udfPath\":\"mutable:set\",\"args\":[{\"n\":{\"$integer\":\"AQAAAAAAAAA=\"}}]}");
        ClientMessage.Action a = (ClientMessage.Action)
                ClientMessage.parse("{\"type\":\"Action\",\"requestId\":4,\"udfPath\":\"a:b\",\"args\":[{}]}");

        assertThat(m.requestId()).isEqualTo(3);
        assertThat(m.args().toString()).isEqualTo("[{\"n\":{\"$integer\":\"AQAAAAAAAAA=\"}}]");
        assertThat(a.requestId()).isEqualTo(4);
    }

    @Test
    void authenticate_eachTokenType() {
        assertThat(ClientMessage.parse("{\"type\":\"Authenticate\",\"baseVersion\":0,\"tokenType\":\"None\"}"))
                .isEqualTo(new ClientMessage.Authenticate(0, new ClientMessage.NoCredentials()));
        assertThat(ClientMessage.parse(
                        "{\"type\":\"Authenticate\",\"baseVersion\":1,\"tokenType\":\"User\",\"value\":\"a.b.c\"}"))
                .isEqualTo(new ClientMessage.Authenticate(1, new ClientMessage.UserToken("a.b.c")));
        ClientMessage.Authenticate admin = (ClientMessage.Authenticate)
                ClientMessage.parse(
                        "{\"type\":\"Authenticate\",\"baseVersion\":0,\"tokenType\":\"Admin\",\"value\":\"k\",\"impersonating\":{\"subject\":\"u\",\"issuer\":\"i\"}}");
        ClientMessage.AdminKey key = (ClientMessage.AdminKey) admin.credentials();
        assertThat(key.key()).isEqualTo("k");
        assertThat(key.impersonating())
                .hasValueSatisfying(n -> assertThat(n.get("subject").asText()).isEqualTo("u"));
        assertThat(key.toString()).doesNotContain("k]").isEqualTo("AdminKey[…]");
    }

    @Test
    void event_isParsed() {
        assertThat(ClientMessage.parse("{\"type\":\"Event\",\"eventType\":\"ClientConnect\",\"event\":{}}"))
                .isEqualTo(new ClientMessage.Event("ClientConnect"));
    }

    @Test
    void malformedMessages_areRefusedWithConvexsDetail() {
        for (String bad : new String[] {
            "{nope",
            "[]",
            "{\"type\":\"Teleport\"}",
            "{\"type\":\"Mutation\",\"requestId\":1,\"udfPath\":\"a:b\"}",
            "{\"type\":\"ModifyQuerySet\",\"baseVersion\":-1,\"newVersion\":1,\"modifications\":[]}",
            "{\"type\":\"ModifyQuerySet\",\"baseVersion\":0.5,\"newVersion\":1,\"modifications\":[]}",
            "{\"type\":\"Connect\",\"sessionId\":\"s\",\"maxObservedTimestamp\":\"AAA\"}",
            "{\"type\":\"Authenticate\",\"baseVersion\":0,\"tokenType\":\"Magic\"}"
        }) {
            assertThatThrownBy(() -> ClientMessage.parse(bad))
                    .as(bad)
                    .isInstanceOf(ClientMessage.Malformed.class)
                    .hasMessageNotContaining("Received Invalid JSON"); // the deployment adds Convex's prefix
        }
        assertThatThrownBy(() -> ClientMessage.parse("{\"type\":\"Mutation\",\"requestId\":1,\"udfPath\":\"a:b\"}"))
                .hasMessage("missing field `args`");
    }

    @Test
    void connect_isWrittenAsTheNpmClientWritesIt() {
        ClientMessage connect = new ClientMessage.Connect(
                "s",
                2,
                Optional.of("InitialConnect"),
                Optional.of(new Timestamp(1724300000000000000L)),
                Optional.of(1724300000000.0));
        assertThat(connect.toJson())
                .isEqualTo("{\"type\":\"Connect\",\"sessionId\":\"s\",\"connectionCount\":2,"
                        + "\"lastCloseReason\":\"InitialConnect\",\"maxObservedTimestamp\":\"AMA02rbx7Rc=\","
                        + "\"clientTs\":1724300000000}");
    }

    @Test
    void everyMessage_readsBackAsWritten() {
        var args = JsonNodeFactory.instance
                .arrayNode()
                .add(JsonNodeFactory.instance.objectNode().put("k", "v"));
        List<ClientMessage> messages = List.of(
                new ClientMessage.Connect("s", 0, Optional.of("InitialConnect"), Optional.empty(), Optional.of(5.0)),
                new ClientMessage.ModifyQuerySet(
                        0,
                        1,
                        List.of(
                                new ClientMessage.Add(3, "mutable:get", args, Optional.of("j")),
                                new ClientMessage.Remove(2))),
                new ClientMessage.Mutation(1, "mutable:set", args),
                new ClientMessage.Action(2, "a:b", args),
                new ClientMessage.Authenticate(0, new ClientMessage.NoCredentials()),
                new ClientMessage.Authenticate(1, new ClientMessage.UserToken("a.b.c")),
                new ClientMessage.Event("ClientConnect"));
        for (ClientMessage message : messages) {
            assertThat(ClientMessage.parse(message.toJson()))
                    .as(message.toJson())
                    .isEqualTo(message);
        }
    }
}
