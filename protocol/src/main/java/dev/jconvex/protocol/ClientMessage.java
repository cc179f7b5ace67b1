package dev.jconvex.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A message from client to server (wire-protocol §2.3): the deployment parses one text frame with
 * {@link #parse(String)}, the Java client writes one with {@link #toJson()}. Function arguments stay
 * JSON ({@code convex_encoded_json}, §3.1) until the deployment decodes them, so that a bad argument
 * becomes a function failure, not a protocol error.
 */
public sealed interface ClientMessage {

    /** The text frame of this message, with the fields in the order the npm client writes them. */
    default String toJson() {
        return ClientMessageCodec.encode(this).toString();
    }

    /**
     * A client message the deployment cannot read. {@link #getMessage()} is the detail Convex puts
     * after {@code Received Invalid JSON on websocket: } ({@code missing field `sessionId`}).
     */
    final class Malformed extends RuntimeException {
        Malformed(String detail) {
            super(detail, null, false, false);
        }
    }

    /** The first message on every socket. */
    record Connect(
            String sessionId,
            long connectionCount,
            Optional<String> lastCloseReason,
            Optional<Timestamp> maxObservedTimestamp,
            Optional<Double> clientTs)
            implements ClientMessage {}

    /** Adds and removes subscriptions, moving the query set from {@code baseVersion} to {@code newVersion}. */
    record ModifyQuerySet(long baseVersion, long newVersion, List<QuerySetChange> modifications)
            implements ClientMessage {}

    /** One change of a {@link ModifyQuerySet}. */
    sealed interface QuerySetChange {}

    /** Subscribes query {@code queryId} to {@code udfPath} with {@code args} (an array of one object). */
    record Add(long queryId, String udfPath, ArrayNode args, Optional<String> journal) implements QuerySetChange {}

    /** Unsubscribes query {@code queryId}. */
    record Remove(long queryId) implements QuerySetChange {}

    /** Runs a mutation; answered by a {@code MutationResponse} with the same {@code requestId}. */
    record Mutation(long requestId, String udfPath, ArrayNode args) implements ClientMessage {}

    /** Runs an action; answered by an {@code ActionResponse} with the same {@code requestId}. */
    record Action(long requestId, String udfPath, ArrayNode args) implements ClientMessage {}

    /** Changes the socket's identity; the {@code baseVersion}-th Authenticate on this socket. */
    record Authenticate(long baseVersion, Credentials credentials) implements ClientMessage {}

    /** The credentials of an {@link Authenticate} (§2.8). */
    sealed interface Credentials {}

    /** {@code tokenType: "None"}: log out. */
    record NoCredentials() implements Credentials {}

    /** {@code tokenType: "User"}: a JWT. */
    record UserToken(String jwt) implements Credentials {}

    /** {@code tokenType: "Admin"}: an admin key, optionally acting as the user {@code impersonating}. */
    record AdminKey(String key, Optional<JsonNode> impersonating) implements Credentials {
        @Override
        public String toString() {
            return "AdminKey[…]";
        }
    }

    /** A client-side telemetry event: accepted and ignored (§2.3). */
    record Event(String eventType) implements ClientMessage {}

    /**
     * Parses one client text message.
     *
     * @throws Malformed when the message is not JSON, is of no known type or lacks a required field
     */
    static ClientMessage parse(String text) {
        JsonNode root;
        try {
            root = ClientMessageCodec.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new Malformed(e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new Malformed("expected a JSON object");
        }
        String type = text(root, "type");
        return switch (type) {
            case "Connect" ->
                new Connect(
                        text(root, "sessionId"),
                        optionalLong(root, "connectionCount").orElse(0L),
                        optionalText(root, "lastCloseReason"),
                        optionalText(root, "maxObservedTimestamp").map(ClientMessage::timestamp),
                        root.hasNonNull("clientTs")
                                ? Optional.of(root.get("clientTs").asDouble())
                                : Optional.empty());
            case "ModifyQuerySet" ->
                new ModifyQuerySet(u32(root, "baseVersion"), u32(root, "newVersion"), modifications(root));
            case "Mutation" -> new Mutation(u32(root, "requestId"), text(root, "udfPath"), args(root));
            case "Action" -> new Action(u32(root, "requestId"), text(root, "udfPath"), args(root));
            case "Authenticate" -> new Authenticate(u32(root, "baseVersion"), credentials(root));
            case "Event" -> new Event(optionalText(root, "eventType").orElse(""));
            default -> throw new Malformed("unknown variant `" + type + "`");
        };
    }

    private static List<QuerySetChange> modifications(JsonNode root) {
        JsonNode mods = root.get("modifications");
        if (mods == null || !mods.isArray()) {
            throw new Malformed("missing field `modifications`");
        }
        List<QuerySetChange> changes = new ArrayList<>(mods.size());
        for (JsonNode mod : mods) {
            if (!mod.isObject()) {
                throw new Malformed("a query set modification must be an object");
            }
            String type = text(mod, "type");
            changes.add(
                    switch (type) {
                        case "Add" ->
                            new Add(u32(mod, "queryId"), text(mod, "udfPath"), args(mod), optionalText(mod, "journal"));
                        case "Remove" -> new Remove(u32(mod, "queryId"));
                        default -> throw new Malformed("unknown variant `" + type + "`");
                    });
        }
        return changes;
    }

    private static Credentials credentials(JsonNode root) {
        String tokenType = text(root, "tokenType");
        return switch (tokenType) {
            case "None" -> new NoCredentials();
            case "User" -> new UserToken(text(root, "value"));
            case "Admin" ->
                new AdminKey(
                        text(root, "value"),
                        Optional.ofNullable(
                                        root.hasNonNull("impersonating")
                                                ? root.get("impersonating")
                                                : root.get("acting_as"))
                                .filter(n -> !n.isNull()));
            default -> throw new Malformed("unknown variant `" + tokenType + "`");
        };
    }

    private static ArrayNode args(JsonNode node) {
        JsonNode args = node.get("args");
        if (args == null || !args.isArray()) {
            throw new Malformed("missing field `args`");
        }
        return (ArrayNode) args;
    }

    private static Timestamp timestamp(String wire) {
        try {
            return Timestamp.fromWire(wire);
        } catch (IllegalArgumentException e) {
            throw new Malformed("invalid timestamp " + wire);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new Malformed("missing field `" + field + "`");
        }
        return value.textValue();
    }

    private static Optional<String> optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
    }

    private static Optional<Long> optionalLong(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isNumber() ? Optional.of(value.asLong()) : Optional.empty();
    }

    /** A u32 field; the JS client sends these as JSON numbers. */
    private static long u32(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isNumber()) {
            throw new Malformed("missing field `" + field + "`");
        }
        double d = value.asDouble();
        if (d < 0 || d > 0xFFFF_FFFFL || d != Math.rint(d)) {
            throw new Malformed("invalid value for `" + field + "`: " + value);
        }
        return (long) d;
    }
}
