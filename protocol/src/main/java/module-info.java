/**
 * Convex's wire protocol as the deployment and the Java client both speak it ({@code
 * dev.jconvex.protocol}: function kinds and paths, timestamps, state versions, the sync messages in
 * each direction with their JSON codecs), and the SPI through which the client SDK finds an
 * in-process runtime ({@code dev.jconvex.embedded}). Every package is API.
 */
module dev.jconvex.protocol {
    requires transitive dev.jconvex.schema;
    requires static transitive org.jspecify;

    exports dev.jconvex.protocol;
    exports dev.jconvex.embedded;

    uses dev.jconvex.embedded.EmbeddedProvider;
}
