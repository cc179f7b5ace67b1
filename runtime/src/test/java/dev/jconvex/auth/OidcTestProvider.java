package dev.jconvex.auth;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A minimal OpenID Connect provider on a free port of 127.0.0.1: its discovery document names its
 * JWKS ({@link TestKeys#publicJwks()}), as Clerk, Auth0 or Convex Auth publish theirs.
 */
public final class OidcTestProvider implements AutoCloseable {

    private final HttpServer server;

    public OidcTestProvider() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(
                "/.well-known/openid-configuration",
                exchange -> respond(
                        exchange,
                        "{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + issuer() + "/.well-known/jwks.json\"}"));
        server.createContext("/.well-known/jwks.json", exchange -> respond(exchange, TestKeys.publicJwks()));
        server.start();
    }

    /** The issuer URL, {@code http://127.0.0.1:<port>}: an OIDC provider's {@code domain}. */
    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
