/**
 * Convex values (spec values-and-validation §1–§4): the sealed {@link dev.jconvex.values.ConvexValue}
 * type, its total order ({@link dev.jconvex.values.ValueOrder}), the order-preserving index-key
 * encoding ({@link dev.jconvex.values.KeyEncoding}), the JSON wire codec
 * ({@link dev.jconvex.values.ConvexJson}), document ids ({@link dev.jconvex.values.DocumentId}),
 * sizes and limits ({@link dev.jconvex.values.ValueSize}), the backend's display form used in error
 * texts ({@link dev.jconvex.values.ValueDisplay}) and JavaScript's
 * {@link dev.jconvex.values.ConvexError}. Shared by the server and the Java client.
 */
package dev.jconvex.values;
