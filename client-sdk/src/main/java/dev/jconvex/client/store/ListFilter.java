package dev.jconvex.client.store;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Which entries {@link MutableStore#list} returns, in which order. Build one with {@link
 * #namespace(String)}: {@code ListFilter.namespace("sessions").keyPrefix("user-").limit(20).build()}.
 *
 * @param namespace required
 * @param keyPrefix only keys starting with it
 * @param userId only entries written for this user
 * @param updatedAfter only entries updated strictly after this time (ms since the epoch)
 * @param updatedBefore only entries updated strictly before this time
 * @param sortBy the order (by key, the default, or by update time)
 * @param descending whether to reverse the order
 * @param offset how many sorted entries to skip (default 0)
 * @param limit at most this many entries, 1..8192 (the module's default is 100)
 */
public record ListFilter(
        String namespace,
        Optional<String> keyPrefix,
        Optional<String> userId,
        OptionalLong updatedAfter,
        OptionalLong updatedBefore,
        SortBy sortBy,
        boolean descending,
        OptionalInt offset,
        OptionalInt limit) {

    /** Sort keys of {@link MutableStore#list}. */
    public enum SortBy {
        /** By key, with JavaScript's {@code localeCompare}. */
        KEY("key"),
        /** By {@code updatedAt}. */
        UPDATED_AT("updatedAt");

        final String wire;

        SortBy(String wire) {
            this.wire = wire;
        }
    }

    public ListFilter {
        Checks.namespace(namespace);
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(updatedAfter, "updatedAfter");
        Objects.requireNonNull(updatedBefore, "updatedBefore");
        Objects.requireNonNull(sortBy, "sortBy");
        offset.ifPresent(Checks::offset);
        limit.ifPresent(Checks::limit);
        updatedAfter.ifPresent(t -> Checks.time(t, "updatedAfter"));
        updatedBefore.ifPresent(t -> Checks.time(t, "updatedBefore"));
    }

    /** Starts a filter over {@code namespace}. */
    public static Builder namespace(String namespace) {
        return new Builder(Checks.namespace(namespace));
    }

    /** Builds a {@link ListFilter}; each setter checks its argument at once. */
    public static final class Builder {
        private final String namespace;
        private Optional<String> keyPrefix = Optional.empty();
        private Optional<String> userId = Optional.empty();
        private OptionalLong updatedAfter = OptionalLong.empty();
        private OptionalLong updatedBefore = OptionalLong.empty();
        private SortBy sortBy = SortBy.KEY;
        private boolean descending;
        private OptionalInt offset = OptionalInt.empty();
        private OptionalInt limit = OptionalInt.empty();

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

        public Builder sortBy(SortBy sortBy) {
            this.sortBy = Objects.requireNonNull(sortBy, "sortBy");
            return this;
        }

        public Builder descending() {
            this.descending = true;
            return this;
        }

        public Builder offset(int offset) {
            this.offset = OptionalInt.of(Checks.offset(offset));
            return this;
        }

        public Builder limit(int limit) {
            this.limit = OptionalInt.of(Checks.limit(limit));
            return this;
        }

        public ListFilter build() {
            return new ListFilter(
                    namespace, keyPrefix, userId, updatedAfter, updatedBefore, sortBy, descending, offset, limit);
        }
    }
}
