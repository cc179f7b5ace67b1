/**
 * Convex values, their JSON wire codec, {@code v} validators, table and index definitions, the error
 * catalog, the wire protocol's shared vocabulary (function kinds, paths, timestamps), and the SPI through which the client SDK finds an in-process runtime. Every package is API.
 */
module dev.jconvex.schema {
    requires transitive com.fasterxml.jackson.databind;
    requires static transitive org.jspecify;

    exports dev.jconvex.values;
    exports dev.jconvex.validators;
    exports dev.jconvex.schema;
    exports dev.jconvex.errors;
    exports dev.jconvex.embedded;
    exports dev.jconvex.protocol;

    uses dev.jconvex.embedded.EmbeddedProvider;
}
