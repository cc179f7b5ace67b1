package dev.jconvex.database;

import dev.jconvex.values.ConvexValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The argument of {@code db.patch}: fields to set, and fields to remove (what a top-level
 * {@code undefined} means in JavaScript).
 */
public record Patch(Map<String, ConvexValue> set, Set<String> remove) {

    public Patch {
        set = Collections.unmodifiableMap(new LinkedHashMap<>(set));
        remove = Collections.unmodifiableSet(new LinkedHashSet<>(remove));
        for (String field : remove) {
            if (set.containsKey(field)) {
                throw new IllegalArgumentException("field both set and removed: " + field);
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A patch that only sets fields. */
    public static Patch of(Map<String, ConvexValue> set) {
        return new Patch(set, Set.of());
    }

    /** Builds a patch field by field; {@link #setOrRemove} mirrors assigning a possibly-undefined value. */
    public static final class Builder {
        private final Map<String, ConvexValue> set = new LinkedHashMap<>();
        private final Set<String> remove = new LinkedHashSet<>();

        /** An empty patch to fill in ({@link Patch#builder()} is the usual way to get one). */
        public Builder() {}

        public Builder set(String field, ConvexValue value) {
            remove.remove(field);
            set.put(field, Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder remove(String field) {
            set.remove(field);
            remove.add(field);
            return this;
        }

        /** Sets the field, or removes it when {@code value} is Java {@code null} (JavaScript {@code undefined}). */
        public Builder setOrRemove(String field, @Nullable ConvexValue value) {
            return value == null ? remove(field) : set(field, value);
        }

        public Patch build() {
            return new Patch(set, remove);
        }
    }
}
