package dev.jconvex.http.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jconvex.admin.FunctionLog;

/**
 * A {@link FunctionLog.Entry} as {@code /api/stream_function_logs} sends it (BE {@code
 * FunctionExecution}, what {@code npx convex logs} prints): a {@code Completion} with the function's
 * identifier, type, times in seconds, its console lines as structured messages, its error and
 * request id.
 */
final class LogEntries {

    private static final String TRUNCATED = " (truncated due to length)";

    private LogEntries() {}

    static ObjectNode toJson(FunctionLog.Entry entry) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("kind", "Completion");
        node.put("identifier", entry.identifier());
        node.put("udfType", entry.kind().displayName());
        node.put("componentPath", "");
        node.put("timestamp", entry.timestampMillis() / 1000.0);
        node.put("executionTime", entry.executionNanos() / 1e9);
        node.put("cachedResult", false);
        ArrayNode lines = node.putArray("logLines");
        for (String line : entry.logLines()) {
            lines.add(logLine(line, entry.timestampMillis()));
        }
        if (entry.error().isPresent()) {
            node.put("error", entry.error().get());
        } else {
            node.putNull("error");
        }
        node.put("requestId", entry.requestId());
        node.put("executionId", entry.requestId() + "-" + entry.sequence());
        return node;
    }

    /** {@code "[LOG] text"} as {@code {"messages":["text"],"level":"LOG","timestamp":ms,"isTruncated":false}}. */
    private static ObjectNode logLine(String line, long timestampMillis) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        String level = "LOG";
        String message = line;
        if (line.startsWith("[")) {
            int close = line.indexOf("] ");
            if (close > 0) {
                level = line.substring(1, close);
                message = line.substring(close + 2);
            }
        }
        boolean truncated = message.endsWith(TRUNCATED);
        if (truncated) {
            message = message.substring(0, message.length() - TRUNCATED.length());
        }
        node.putArray("messages").add(message);
        node.put("level", level);
        node.put("timestamp", timestampMillis);
        node.put("isTruncated", truncated);
        return node;
    }
}
