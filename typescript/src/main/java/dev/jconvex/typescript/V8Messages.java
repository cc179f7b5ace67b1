package dev.jconvex.typescript;

import java.util.Map;

/**
 * Convex runs functions on V8, and clients see V8's wording of JavaScript's own errors; GraalJS words
 * some of them differently. This table maps a GraalJS message to V8's, found by running the seed's
 * generated sequences against convex-test on Node (MutableTypeScriptDifferentialIT); add an entry
 * when a difference shows up there.
 */
final class V8Messages {

    /** GraalJS message → V8 message, for the error's JavaScript class. */
    private static final Map<String, String> TYPE_ERRORS = Map.of(
            "Cannot mix BigInt and other types, use explicit conversions.",
            "Cannot mix BigInt and other types, use explicit conversions");

    private V8Messages() {}

    /** V8's message for an error of class {@code name} whose GraalJS message is {@code message}. */
    static String of(String name, String message) {
        if (name.equals("TypeError")) {
            return TYPE_ERRORS.getOrDefault(message, message);
        }
        return message;
    }
}
