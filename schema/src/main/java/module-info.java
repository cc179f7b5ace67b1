/**
 * Convex values, their JSON wire codec, {@code v} validators, table and index definitions and the
 * error catalog: what a function's inputs, outputs and failures are, whoever runs it. Every package is
 * API. The wire protocol and the embedded SPI are in {@code dev.jconvex.protocol}.
 */
module dev.jconvex.schema {
    requires transitive com.fasterxml.jackson.databind;
    requires static transitive org.jspecify;

    exports dev.jconvex.values;
    exports dev.jconvex.validators;
    exports dev.jconvex.schema;
    exports dev.jconvex.errors;
}
