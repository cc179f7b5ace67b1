/**
 * Test support: {@link dev.jconvex.client.testing.JconvexTest} gives a JUnit 5 test class a fresh
 * emulator (embedded, or a real server on a free port) and injects clients and stores into tests.
 * Needs {@code junit-jupiter-api} (an optional dependency of the SDK) and the jconvex runtime on the
 * test class path.
 */
package dev.jconvex.client.testing;
