/**
 * The jconvex runtime: registry, function contexts, storage, transactions, subscriptions, HTTP and
 * WebSocket. Exported, for module authors and embedders: {@code execution} (modules, handlers,
 * contexts, calls and outcomes), {@code database} (reading and writing documents, queries, the
 * database's configuration), {@code auth} (JWT providers), {@code server} (the runtime, the server,
 * their configuration, the command line), {@code sync} (the sync protocol's configuration and clock)
 * and {@code http} (its timeouts). Not exported: the engines behind them, in the {@code *.internal}
 * packages, and the admin functions ({@code admin}) and in-process transport ({@code inprocess}).
 *
 * <p>Undertow 2.3 and XNIO publish no module names; the {@code requires} below name the automatic
 * modules derived from their jar file names (docs/decisions/runtime-module-descriptor.md).
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.jconvex.runtime {
    requires transitive dev.jconvex.schema;
    requires transitive dev.jconvex.protocol;
    requires static transitive org.jspecify;
    requires static org.checkerframework.checker.qual;
    requires java.net.http;
    requires java.sql;
    requires java.management;
    requires jdk.management;
    requires com.h2database;
    requires org.postgresql.jdbc;
    requires com.zaxxer.hikari;
    requires com.github.benmanes.caffeine;
    requires undertow.core;
    requires xnio.api;
    requires org.jboss.logging;
    requires org.slf4j;
    requires com.nimbusds.jose.jwt;
    requires transitive micrometer.core;
    requires micrometer.registry.prometheus;
    requires static info.picocli;
    requires static ch.qos.logback.classic;

    exports dev.jconvex.auth;
    exports dev.jconvex.database;
    exports dev.jconvex.execution;
    exports dev.jconvex.http;
    exports dev.jconvex.server;
    exports dev.jconvex.sync;

    // picocli builds the command objects of Main and AdminCommands by reflection
    opens dev.jconvex.server to
            info.picocli;

    uses dev.jconvex.execution.ConvexModule;
    uses dev.jconvex.server.FunctionsDirectory;

    provides dev.jconvex.embedded.EmbeddedProvider with
            dev.jconvex.server.JconvexEmbeddedProvider;
}
