package dev.jconvex.client.store;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Which entries {@link MutableStore#count} counts: {@code CountFilter.namespace("ns").userId("u").build()}.
 *
 * @param namespace required
 * @param keyPrefix only keys starting with it
 * @param userId only entries written for this user
 * @param updatedAfter only entries updated strictly after this time (ms since the epoch)
 * @param updatedBefore only entries updated strictly before this time
 */
public record CountFilter(
        String namespace,
        Optional<String> keyPrefix,
        Optional<String> userId,
        OptionalLong updatedAfter,
        OptionalLong updatedBefore) {

    public CountFilter {
        Checks.namespace(namespace);
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(userId, "userId");
        updatedAfter.ifPresent(t -> Checks.time(t, "updatedAfter"));
        updatedBefore.ifPresent(t -> Checks.time(t, "updatedBefore"));
    }

    /** Counts every entry of {@code namespace}. */
    public static CountFilter all(String namespace) {
        return namespace(namespace).build();
    }

    /** Starts a filter over {@code namespace}. */
    public static Builder namespace(String namespace) {
        return new Builder(Checks.namespace(namespace));
    }

    /** Builds a {@link CountFilter}. */
    public static final class Builder {
        private final String namespace;
        private Optional<String> keyPrefix = Optional.empty();
        private Optional<String> userId = Optional.empty();
        private OptionalLong updatedAfter = OptionalLong.empty();
        private OptionalLong updatedBefore = OptionalLong.empty();

        private Builder(String namespace) {
            this.namespace = namespace;
        }

        public Builder keyPrefix(String prefix) {
            this.keyPrefix = Optional.of(Objects.requireNonNull(prefix, "prefix"));
            return this;
        }

        public Builder userId(String userId) {
            this.userId = Optional.of(Checks.nonBlank(userId, "userId"));
            return this;
        }

        public Builder updatedAfter(long millis) {
            this.updatedAfter = OptionalLong.of(Checks.time(millis, "updatedAfter"));
            return this;
        }

        public Builder updatedBefore(long millis) {
            this.updatedBefore = OptionalLong.of(Checks.time(millis, "updatedBefore"));
            return this;
        }

        public CountFilter build() {
            return new CountFilter(namespace, keyPrefix, userId, updatedAfter, updatedBefore);
        }
    }
}
