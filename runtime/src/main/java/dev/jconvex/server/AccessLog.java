package dev.jconvex.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.accesslog.AccessLogHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional access log ({@code serve --access-log}): one line per finished request on the {@code
 * jconvex.access} logger, in the combined log format without the user and ident fields, plus the
 * time taken: {@code 127.0.0.1 "POST /api/mutation HTTP/1.1" 200 41 "-" "node" 3 ms}. Written when
 * the exchange completes, so it costs nothing on the request's own path.
 */
final class AccessLog {

    private static final Logger LOG = LoggerFactory.getLogger("jconvex.access");

    /** Undertow's format tokens: client, request line, status, bytes sent, referer, agent, millis. */
    private static final String FORMAT = "%a \"%r\" %s %b \"%{i,Referer}\" \"%{i,User-Agent}\" %D ms";

    private AccessLog() {}

    static HttpHandler wrap(HttpHandler next) {
        return new AccessLogHandler(next, LOG::info, FORMAT, AccessLog.class.getClassLoader());
    }
}
