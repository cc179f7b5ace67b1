package dev.jconvex.http.internal;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's static web app under {@code /dashboard/}: plain ES modules, CSS and an icon, read
 * once from the class path ({@code dev/jconvex/dashboard/}) and answered from memory. No file of it
 * holds data; the app asks the admin routes and functions for that, with the admin key the user
 * types in.
 *
 * <ul>
 *   <li>{@code /dashboard} redirects (308) to {@code /dashboard/}, which answers {@code index.html};
 *   <li>{@code /dashboard/<file>} answers a file of the app; any other path under {@code
 *       /dashboard/} answers {@code index.html}, so that a reload of a deep link still loads the app;
 *   <li>{@code GET} and {@code HEAD} only (else 405 with {@code Allow});
 *   <li>every answer has its exact {@code Content-Type}, {@code Cache-Control: no-cache} and an
 *       {@code ETag} (the file's SHA-256), so a browser revalidates each load and gets 304 while
 *       the jar is unchanged, and never runs stale modules after an upgrade (the files have no
 *       hashed names, since there is no build step);
 *   <li>a {@code Content-Security-Policy} that allows only this origin: the app loads nothing from
 *       elsewhere and cannot be framed.
 * </ul>
 */
final class DashboardAssets implements HttpHandler {

    /** The path the dashboard is served at. */
    static final String PREFIX = "/dashboard";

    private static final String RESOURCES = "/dev/jconvex/dashboard/";

    /** The app's files and their media types. */
    private static final Map<String, String> FILES = files();

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none';"
            + " form-action 'self'";

    private record Asset(byte[] body, String contentType, String etag) {}

    private final Map<String, Asset> assets = new LinkedHashMap<>();

    DashboardAssets() {
        FILES.forEach((name, type) -> assets.put(name, load(name, type)));
    }

    private static Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("index.html", "text/html; charset=utf-8");
        for (String module : List.of("app.js", "api.js", "values.js", "views.js")) {
            files.put(module, "text/javascript; charset=utf-8");
        }
        files.put("style.css", "text/css; charset=utf-8");
        files.put("favicon.svg", "image/svg+xml");
        return files;
    }

    private static Asset load(String name, String contentType) {
        try (InputStream in = DashboardAssets.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's " + name + " is missing from the class path");
            }
            byte[] body = in.readAllBytes();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return new Asset(body, contentType, "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code path} is the dashboard's. */
    static boolean owns(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String method = exchange.getRequestMethod().toString();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().put(Headers.ALLOW, "GET,HEAD");
            HttpErrors.sendEmpty(exchange, 405);
            return;
        }
        String path = exchange.getRequestPath();
        if (path.equals(PREFIX)) {
            exchange.getResponseHeaders().put(Headers.LOCATION, PREFIX + "/");
            HttpErrors.sendEmpty(exchange, 308);
            return;
        }
        Asset asset = assets.getOrDefault(path.substring(PREFIX.length() + 1), assets.get("index.html"));
        if (asset == null) { // the jar lacks the dashboard's index.html
            HttpErrors.sendEmpty(exchange, 404);
            return;
        }
        var headers = exchange.getResponseHeaders();
        headers.put(Headers.CONTENT_TYPE, asset.contentType());
        headers.put(Headers.CACHE_CONTROL, "no-cache");
        headers.put(Headers.ETAG, asset.etag());
        headers.put(new HttpString("X-Content-Type-Options"), "nosniff");
        headers.put(new HttpString("Referrer-Policy"), "no-referrer");
        headers.put(new HttpString("Content-Security-Policy"), CONTENT_SECURITY_POLICY);
        String ifNoneMatch = exchange.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH);
        if (ifNoneMatch != null && List.of(ifNoneMatch.split("\\s*,\\s*")).contains(asset.etag())) {
            exchange.setStatusCode(304);
            exchange.endExchange();
            return;
        }
        exchange.setStatusCode(200);
        headers.put(Headers.CONTENT_LENGTH, asset.body().length);
        if (method.equals("HEAD")) {
            exchange.endExchange();
            return;
        }
        exchange.getResponseSender().send(ByteBuffer.wrap(asset.body()));
    }
}
