package dev.jconvex.execution.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The deployment's environment variables: what functions read as {@code process.env}, and what
 * {@code npx convex env list|get|set|remove} manages.
 *
 * <p>Two layers: <em>system</em> variables the runtime derives ({@code CONVEX_SITE_URL}, {@code
 * CONVEX_CLOUD_URL}), never listed, and the deployment's own variables, listed, changed by {@link
 * #apply}, and kept in {@value #FILE_NAME} in the data directory (written to a temporary file and
 * moved into place, so a crash leaves the old or the new set, never half of one). A deployment
 * variable of the same name hides a system one. Functions read the set current when they ask;
 * changes are visible to the next read.
 *
 * <p>Limits and texts follow Convex ({@code common/src/types/environment_variables.rs}): names of at
 * most {@value #MAX_NAME_LENGTH} characters that start with a letter and hold only letters, digits
 * and underscores; values of at most {@value #MAX_VALUE_BYTES} bytes; at most {@value #MAX_COUNT}
 * variables. A batch of changes is checked whole before any of it applies.
 *
 * <p>Thread-safe: changes are serialized, reads see an immutable snapshot.
 */
public final class EnvironmentVariables {

    /** The file, in the data directory, that holds the deployment's variables as a JSON object. */
    public static final String FILE_NAME = "environment_variables.json";

    static final int MAX_NAME_LENGTH = 40;
    static final int MAX_VALUE_BYTES = 8192;
    static final int MAX_COUNT = 100;

    private static final Pattern NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]*");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, String> system;
    private final Optional<Path> file;
    private volatile Map<String, String> stored;
    private volatile Map<String, String> effective;

    private EnvironmentVariables(Map<String, String> system, Map<String, String> stored, Optional<Path> file) {
        this.system = Map.copyOf(system);
        this.file = file;
        publish(stored);
    }

    /** Variables held in memory only, starting with {@code initial}. */
    public static EnvironmentVariables inMemory(Map<String, String> system, Map<String, String> initial) {
        return new EnvironmentVariables(system, checked(new TreeMap<>(), initial), Optional.empty());
    }

    /**
     * The variables kept in {@code directory}: those stored there, then {@code initial} set over them
     * (and stored), as {@code serve --env NAME=VALUE} does.
     *
     * @throws UncheckedIOException if the file cannot be read or written
     * @throws IllegalArgumentException if an initial variable breaks Convex's rules
     */
    public static EnvironmentVariables stored(Map<String, String> system, Map<String, String> initial, Path directory) {
        Path file = directory.resolve(FILE_NAME);
        Map<String, String> current = new TreeMap<>();
        if (Files.exists(file)) {
            try {
                current.putAll(MAPPER.readValue(file.toFile(), new TypeReference<Map<String, String>>() {}));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        Map<String, String> merged = checked(current, initial);
        EnvironmentVariables variables = new EnvironmentVariables(system, merged, Optional.of(file));
        if (!initial.isEmpty() || !Files.exists(file)) {
            variables.write(merged);
        }
        return variables;
    }

    private static Map<String, String> checked(Map<String, String> base, Map<String, String> initial) {
        Map<String, String> merged = new TreeMap<>(base);
        for (var e : initial.entrySet()) {
            try {
                check(e.getKey(), Optional.of(e.getValue()));
            } catch (ConvexException ex) {
                throw new IllegalArgumentException(ex.getMessage(), ex);
            }
            merged.put(e.getKey(), e.getValue());
        }
        return merged;
    }

    /** One change of {@code npx convex env set|remove}: a value, or empty to remove the variable. */
    public record Change(String name, Optional<String> value) {
        public Change {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    /** What functions see: system variables, hidden by the deployment's own. */
    public Map<String, String> effective() {
        return effective;
    }

    /** The deployment's own variables, sorted by name (what {@code env list} prints). */
    public Map<String, String> list() {
        return stored;
    }

    /** The value of {@code process.env[name]}. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(effective.get(name));
    }

    /**
     * Applies {@code changes} in order, all or none, and stores the result.
     *
     * @throws ConvexException {@code InvalidArgument} with Convex's text for a bad name, value or count
     */
    public synchronized void apply(List<Change> changes) {
        Map<String, String> next = new TreeMap<>(stored);
        for (Change change : changes) {
            check(change.name(), change.value());
            change.value().ifPresentOrElse(v -> next.put(change.name(), v), () -> next.remove(change.name()));
        }
        if (next.size() > MAX_COUNT) {
            throw new ConvexException(
                    ErrorCode.InvalidArgument,
                    "Too many environment variables: " + next.size() + " > maximum " + MAX_COUNT);
        }
        write(next);
        publish(next);
    }

    private static void check(String name, Optional<String> value) {
        if (name.isEmpty()
                || name.length() > MAX_NAME_LENGTH
                || !NAME.matcher(name).matches()) {
            throw new ConvexException(
                    ErrorCode.InvalidArgument,
                    "Invalid environment variable name: \"" + name + "\". Environment variable names must be"
                            + " fewer than " + MAX_NAME_LENGTH + " characters long and must start with a letter"
                            + " and only contain letters, numbers, and underscores.");
        }
        if (value.isPresent()
                && value.get().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
            throw new ConvexException(
                    ErrorCode.InvalidArgument,
                    "Environment variable " + name + " is too large: values must be at most " + MAX_VALUE_BYTES
                            + " bytes.");
        }
    }

    private void publish(Map<String, String> next) {
        this.stored = java.util.Collections.unmodifiableMap(new TreeMap<>(next));
        Map<String, String> all = new LinkedHashMap<>(system);
        all.putAll(next);
        this.effective = java.util.Collections.unmodifiableMap(all);
    }

    private void write(Map<String, String> variables) {
        if (file.isEmpty()) {
            return;
        }
        Path target = file.get();
        try {
            Files.createDirectories(target.getParent());
            Path temporary = target.resolveSibling(FILE_NAME + ".tmp");
            Files.write(temporary, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(variables));
            try {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
