package dev.jconvex.http.bench;

import io.undertow.Undertow;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;

/**
 * The baseline for the HTTP benchmark (docs/benchmarks.md, "HTTP"): an Undertow server with the
 * default options whose one handler reads the request body and answers a fixed JSON envelope. wrk's
 * figure against it is the ceiling for any Undertow handler on the same machine.
 *
 * <p>Run: {@code java -cp <runtime test classpath> dev.jconvex.http.bench.TrivialUndertowServer [port]}.
 */
public final class TrivialUndertowServer {

    private TrivialUndertowServer() {}

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Undertow server = Undertow.builder()
                .addHttpListener(port, "127.0.0.1")
                .setHandler(exchange -> exchange.getRequestReceiver().receiveFullBytes((ex, body) -> {
                    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                    ex.getResponseSender().send("{\"status\":\"success\",\"value\":null}");
                }))
                .build();
        server.start();
        int bound = ((InetSocketAddress) server.getListenerInfo().getFirst().getAddress()).getPort();
        System.out.println("trivial Undertow handler at http://127.0.0.1:" + bound);
    }
}
