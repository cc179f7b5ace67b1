package dev.jconvex.server;

/** The extensions {@code serve} starts with: the WebSocket sync route and discovered modules. */
final class ServerExtensions {

    private ServerExtensions() {}

    static JconvexServer.Extensions standard() {
        return JconvexServer.Extensions.none();
    }
}
