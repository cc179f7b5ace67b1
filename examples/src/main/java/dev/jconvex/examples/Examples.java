package dev.jconvex.examples;

import dev.jconvex.client.ConvexClient;

/** How the examples' {@code main} methods pick a deployment. */
final class Examples {
    private Examples() {}

    /**
     * A client for the deployment named by the first argument, {@code --embedded} for an in-process
     * runtime (needs the runtime on the class path), or by default {@code $CONVEX_URL} or
     * {@code http://127.0.0.1:3210} (a local {@code ./jconvex serve}).
     */
    static ConvexClient client(String[] args) {
        if (args.length > 0 && args[0].equals("--embedded")) {
            return ConvexClient.embedded();
        }
        String url = args.length > 0 ? args[0] : System.getenv().getOrDefault("CONVEX_URL", "http://127.0.0.1:3210");
        return ConvexClient.connect(url);
    }
}
