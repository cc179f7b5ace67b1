package dev.jconvex.values;

import java.util.Optional;

/**
 * Convex identifiers (values §1.4): table names, index names and the field names of object
 * validators (§1.3). An identifier matches {@code [A-Za-z_][A-Za-z0-9_]*}, is not all underscores,
 * and is at most 64 bytes long.
 */
public final class Identifiers {

    /** The longest identifier, in bytes (all identifier characters are ASCII). */
    public static final int MAX_LENGTH = 64;

    private Identifiers() {}

    /** The backend's error text for {@code s}, or empty if it is a valid identifier. */
    public static Optional<String> error(String s) {
        // The backend's order: first character (or empty), other characters, length, underscores.
        if (s.isEmpty()) {
            return Optional.of("Identifier cannot be empty");
        }
        int first = s.codePointAt(0);
        if (!(isAsciiLetter(first) || first == '_')) {
            return Optional.of("Invalid first character " + ValueDisplay.rustDebugChar(first) + " in " + s
                    + ": Identifiers must start with an alphabetic character or underscore");
        }
        boolean allUnderscores = first == '_';
        for (int i = Character.charCount(first); i < s.length(); ) {
            int c = s.codePointAt(i);
            if (!(isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_')) {
                return Optional.of("Identifier " + s + " has invalid character " + ValueDisplay.rustDebugChar(c)
                        + ": Identifiers can only contain alphanumeric characters or underscores");
            }
            allUnderscores &= c == '_';
            i += Character.charCount(c);
        }
        if (s.length() > MAX_LENGTH) {
            return Optional.of("Identifier is too long (" + s.length() + " > maximum " + MAX_LENGTH + ")");
        }
        if (allUnderscores) {
            return Optional.of("Identifier " + s + " cannot have exclusively underscores");
        }
        return Optional.empty();
    }

    /** Whether {@code s} is a valid identifier. */
    public static boolean isValid(String s) {
        return error(s).isEmpty();
    }

    private static boolean isAsciiLetter(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
