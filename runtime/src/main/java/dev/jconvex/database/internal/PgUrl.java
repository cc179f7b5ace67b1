package dev.jconvex.database.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the PostgreSQL engine connects: a JDBC URL for the official driver, and the user and
 * password taken out of a {@code postgresql://} URL. Accepted forms:
 *
 * <ul>
 *   <li>{@code postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?PARAM=VALUE&...]} (also {@code postgres://},
 *       as libpq and Convex's self-hosted backend write it); the default port is 5432;
 *   <li>{@code jdbc:postgresql://HOST[:PORT]/DB[?user=...&password=...]}, passed to the driver as is.
 * </ul>
 *
 * Query parameters are the driver's ({@code currentSchema=S} puts the engine's tables in schema
 * {@code S}, which is how the tests give each test its own deployment in one database).
 *
 * @param jdbcUrl the URL given to the driver
 * @param user the user, when the URL carried one outside its query
 * @param password the password, when the URL carried one outside its query
 */
public record PgUrl(String jdbcUrl, Optional<String> user, Optional<String> password) {

    public PgUrl {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /** Parses one of the accepted forms; throws {@link IllegalArgumentException} saying what is wrong. */
    public static PgUrl parse(String url) {
        Objects.requireNonNull(url, "url");
        if (url.startsWith("jdbc:postgresql:")) {
            return new PgUrl(url, Optional.empty(), Optional.empty());
        }
        if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
            throw new IllegalArgumentException("not a PostgreSQL URL: '" + url
                    + "' (expected postgresql://USER@HOST:PORT/DB or jdbc:postgresql://HOST:PORT/DB)");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid PostgreSQL URL: '" + url + "': " + e.getReason());
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("the PostgreSQL URL '" + url + "' names no host");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (path.length() <= 1) {
            throw new IllegalArgumentException("the PostgreSQL URL '" + url + "' names no database (…/DB)");
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            user = Optional.of(decode(colon < 0 ? info : info.substring(0, colon)));
            if (colon >= 0) {
                password = Optional.of(decode(info.substring(colon + 1)));
            }
        }
        String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[")
                ? "[" + uri.getHost() + "]"
                : uri.getHost();
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String jdbc = "jdbc:postgresql://" + host + ":" + port + path
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new PgUrl(jdbc, user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The URL without its password, for logs and error messages. */
    String display() {
        return jdbcUrl.replaceAll("password=[^&]*", "password=***")
                + user.map(u -> " as " + u).orElse("");
    }
}
