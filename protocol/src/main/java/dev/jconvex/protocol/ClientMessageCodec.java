package dev.jconvex.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jconvex.values.ConvexJson;

/** The JSON mapper client messages are read with, and their writer ({@link ClientMessage#toJson()}). */
final class ClientMessageCodec {
    static final ObjectMapper MAPPER = ConvexJson.newObjectMapper();

    private ClientMessageCodec() {}

    static ObjectNode encode(ClientMessage message) {
        ObjectNode o = MAPPER.createObjectNode();
        switch (message) {
            case ClientMessage.Connect c -> {
                o.put("type", "Connect");
                o.put("sessionId", c.sessionId());
                o.put("connectionCount", c.connectionCount());
                c.lastCloseReason().ifPresent(r -> o.put("lastCloseReason", r));
                c.maxObservedTimestamp().ifPresent(ts -> o.put("maxObservedTimestamp", ts.toWire()));
                c.clientTs().ifPresent(ts -> number(o, "clientTs", ts));
            }
            case ClientMessage.ModifyQuerySet m -> {
                o.put("type", "ModifyQuerySet");
                o.put("baseVersion", m.baseVersion());
                o.put("newVersion", m.newVersion());
                ArrayNode mods = o.putArray("modifications");
                for (ClientMessage.QuerySetChange change : m.modifications()) {
                    ObjectNode mod = mods.addObject();
                    switch (change) {
                        case ClientMessage.Add a -> {
                            mod.put("type", "Add");
                            mod.put("queryId", a.queryId());
                            mod.put("udfPath", a.udfPath());
                            mod.set("args", a.args());
                            a.journal().ifPresent(j -> mod.put("journal", j));
                        }
                        case ClientMessage.Remove r -> {
                            mod.put("type", "Remove");
                            mod.put("queryId", r.queryId());
                        }
                    }
                }
            }
            case ClientMessage.Mutation m -> call(o, "Mutation", m.requestId(), m.udfPath(), m.args());
            case ClientMessage.Action a -> call(o, "Action", a.requestId(), a.udfPath(), a.args());
            case ClientMessage.Authenticate a -> {
                o.put("type", "Authenticate");
                o.put("baseVersion", a.baseVersion());
                switch (a.credentials()) {
                    case ClientMessage.NoCredentials none -> o.put("tokenType", "None");
                    case ClientMessage.UserToken user -> {
                        o.put("tokenType", "User");
                        o.put("value", user.jwt());
                    }
                    case ClientMessage.AdminKey admin -> {
                        o.put("tokenType", "Admin");
                        o.put("value", admin.key());
                        admin.impersonating().ifPresent(i -> o.set("impersonating", i));
                    }
                }
            }
            case ClientMessage.Event e -> {
                o.put("type", "Event");
                o.put("eventType", e.eventType());
            }
        }
        return o;
    }

    private static void call(ObjectNode o, String type, long requestId, String udfPath, ArrayNode args) {
        o.put("type", type);
        o.put("requestId", requestId);
        o.put("udfPath", udfPath);
        o.set("args", args);
    }

    /** A whole number as the JS client writes it ({@code 1733400000000}), anything else as a double. */
    private static void number(ObjectNode o, String field, double value) {
        if (value == Math.rint(value) && Math.abs(value) < 0x1p53) {
            o.put(field, (long) value);
        } else {
            o.put(field, value);
        }
    }
}
