package dev.jconvex.values;

import java.util.Optional;

/**
 * The rules for object field names at any depth (values §1.3): not starting with {@code $}, only
 * non-control ASCII (0x20..0x7E), at most 1024 characters; the empty name is valid. Two wordings
 * exist: the backend's (Rust, used when parsing wire JSON) and convex-js's (what user code sees).
 */
public final class FieldNames {

    /** The longest allowed field name, in characters. */
    public static final int MAX_LENGTH = 1024;

    private FieldNames() {}

    /** The backend's (RS {@code check_valid_field_name}) error for {@code name}, or empty if valid. */
    public static Optional<String> backendError(String name) {
        // The backend checks '$' first, then the characters, then the length.
        if (name.startsWith("$")) {
            return Optional.of("Field name " + name + " starts with '$', which is reserved.");
        }
        int bad = firstInvalid(name);
        if (bad >= 0) {
            return Optional.of("Field name " + name + " has invalid character "
                    + ValueDisplay.rustDebugChar(name.codePointAt(bad))
                    + ": Field names can only contain non-control ASCII characters");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("Field name is too long (" + name.length() + " > maximum " + MAX_LENGTH + ")");
        }
        return Optional.empty();
    }

    /** convex-js's ({@code validateObjectField}) error for {@code name}, or empty if valid. */
    public static Optional<String> jsError(String name) {
        if (name.length() > MAX_LENGTH) {
            return Optional.of("Field name " + name + " exceeds maximum field name length " + MAX_LENGTH + ".");
        }
        if (name.startsWith("$")) {
            return Optional.of("Field name " + name + " starts with a '$', which is reserved.");
        }
        int bad = firstInvalid(name);
        if (bad >= 0) {
            return Optional.of("Field name " + name + " has invalid character '" + name.charAt(bad)
                    + "': Field names can only contain non-control ASCII characters");
        }
        return Optional.empty();
    }

    /** Whether {@code name} is a valid field name. */
    public static boolean isValid(String name) {
        return name.length() <= MAX_LENGTH && !name.startsWith("$") && firstInvalid(name) < 0;
    }

    private static int firstInvalid(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c >= 0x7F) {
                return i;
            }
        }
        return -1;
    }
}
