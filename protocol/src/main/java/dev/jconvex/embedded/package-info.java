/**
 * The seam between the client SDK and an in-process jconvex runtime.
 *
 * <p>The client SDK depends only on this package (in {@code protocol}); the runtime implements {@link
 * dev.jconvex.embedded.EmbeddedProvider} and lists it in {@code
 * META-INF/services/dev.jconvex.embedded.EmbeddedProvider}. With the runtime on the class path, the
 * SDK finds it with {@link java.util.ServiceLoader} and can start either an in-process runtime (no
 * HTTP hop) or a real server on a free port, without a compile-time dependency on the runtime.
 */
package dev.jconvex.embedded;
