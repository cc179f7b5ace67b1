package dev.jconvex.client.store;

import java.util.Optional;

/**
 * Optional fields of {@link MutableStore#set}: the user the entry belongs to and free-form metadata.
 * An absent field leaves an existing entry's field unchanged.
 */
public record SetOptions(Optional<String> userId, Optional<Object> metadata) {

    public SetOptions {
        userId.ifPresent(u -> Checks.nonBlank(u, "userId"));
    }

    /** Neither user nor metadata. */
    public static SetOptions none() {
        return new SetOptions(Optional.empty(), Optional.empty());
    }

    /** Owned by {@code userId}. */
    public static SetOptions userId(String userId) {
        return new SetOptions(Optional.of(userId), Optional.empty());
    }

    /** A copy with {@code metadata} (converted like any value). */
    public SetOptions withMetadata(Object metadata) {
        return new SetOptions(userId, Optional.of(metadata));
    }
}
