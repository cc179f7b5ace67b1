package dev.jconvex.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * The deployment's admin key: the secret that {@code Authorization: Convex <key>} must carry to act
 * as an admin (call internal functions, use {@code /api/function}, spec wire-protocol §4.1).
 *
 * <p>It has Convex's shape {@code <instanceName>|<secret>} so that tools which split on {@code |}
 * accept it; the secret is 32 bytes from {@link SecureRandom}, hex-encoded. A server with a data
 * directory generates the key on its first start and keeps it in {@code <dataDirectory>/admin_key}
 * (owner-only permissions where the file system supports them), so it survives restarts; an
 * in-memory server generates a fresh one each start.
 */
public final class AdminKey {

    /** The file, inside the data directory, that holds the key. */
    public static final String FILE_NAME = "admin_key";

    private final String value;

    private AdminKey(String value) {
        this.value = value;
    }

    /** A fresh random key for the instance {@code instanceName}. */
    public static AdminKey generate(String instanceName) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new AdminKey(instanceName + "|" + HexFormat.of().formatHex(secret));
    }

    /** Wraps an existing key (for example one configured by the user). */
    public static AdminKey of(String value) {
        Objects.requireNonNull(value, "value");
        if (value.isBlank() || value.indexOf(':') >= 0 || value.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("an admin key must be non-empty, without ':' or whitespace");
        }
        return new AdminKey(value);
    }

    /**
     * The key kept in {@code dataDirectory}, generated and written there if the directory has none
     * yet.
     */
    public static AdminKey loadOrCreate(Path dataDirectory, String instanceName) {
        Path file = dataDirectory.resolve(FILE_NAME);
        try {
            Files.createDirectories(dataDirectory);
            if (Files.exists(file)) {
                return of(Files.readString(file, StandardCharsets.UTF_8).strip());
            }
            AdminKey key = generate(instanceName);
            Path temporary = Files.createTempFile(dataDirectory, FILE_NAME, ".tmp");
            restrictToOwner(temporary);
            Files.writeString(temporary, key.value + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file);
            } catch (FileAlreadyExistsException raced) {
                Files.deleteIfExists(temporary);
                return of(Files.readString(file, StandardCharsets.UTF_8).strip());
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read or create the admin key in " + dataDirectory + ": " + DataDirectoryLock.reason(e), e);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    /** The key as the client sends it. */
    public String value() {
        return value;
    }

    /**
     * Whether {@code candidate} is this key, compared in constant time. A {@code dev:} or {@code prod:}
     * prefix on the instance part is ignored, as Convex ignores it (BE {@code admin_key.rs}
     * {@code remove_type_prefix}).
     */
    public boolean matches(String candidate) {
        String stripped = stripTypePrefix(candidate);
        return MessageDigest.isEqual(stripped.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    private static String stripTypePrefix(String key) {
        int bar = key.indexOf('|');
        if (bar < 0) {
            return key;
        }
        String instance = key.substring(0, bar);
        for (String prefix : new String[] {"dev:", "prod:"}) {
            if (instance.startsWith(prefix)) {
                return key.substring(prefix.length());
            }
        }
        return key;
    }

    /** The key's instance part, before {@code |}, if it has one. */
    public Optional<String> instanceName() {
        int bar = value.indexOf('|');
        return bar < 0 ? Optional.empty() : Optional.of(value.substring(0, bar));
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "AdminKey[" + instanceName().orElse("") + "|…]";
    }
}
