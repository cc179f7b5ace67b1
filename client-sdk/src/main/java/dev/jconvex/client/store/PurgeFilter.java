package dev.jconvex.client.store;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Which entries {@link MutableStore#purgeMany} deletes: {@code
 * PurgeFilter.namespace("sessions").updatedBefore(cutoff).build()}. With no condition it deletes the
 * whole namespace.
 *
 * @param namespace required
 * @param keyPrefix only keys starting with it
 * @param userId only entries written for this user
 * @param updatedBefore only entries updated strictly before this time (ms since the epoch)
 */
public record PurgeFilter(
        String namespace, Optional<String> keyPrefix, Optional<String> userId, OptionalLong updatedBefore) {

    public PurgeFilter {
        Checks.namespace(namespace);
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(userId, "userId");
        updatedBefore.ifPresent(t -> Checks.time(t, "updatedBefore"));
    }

    /** Starts a filter over {@code namespace}. */
    public static Builder namespace(String namespace) {
        return new Builder(Checks.namespace(namespace));
    }

    /** Builds a {@link PurgeFilter}. */
    public static final class Builder {
        private final String namespace;
        private Optional<String> keyPrefix = Optional.empty();
        private Optional<String> userId = Optional.empty();
        private OptionalLong updatedBefore = OptionalLong.empty();

        private Builder(String namespace) {
            this.namespace = namespace;
        }

        public Builder keyPrefix(String prefix) {
            this.keyPrefix = Optional.of(Checks.nonBlank(prefix, "keyPrefix"));
            return this;
        }

        public Builder userId(String userId) {
            this.userId = Optional.of(Checks.nonBlank(userId, "userId"));
            return this;
        }

        public Builder updatedBefore(long millis) {
            this.updatedBefore = OptionalLong.of(Checks.time(millis, "updatedBefore"));
            return this;
        }

        public PurgeFilter build() {
            return new PurgeFilter(namespace, keyPrefix, userId, updatedBefore);
        }
    }
}
