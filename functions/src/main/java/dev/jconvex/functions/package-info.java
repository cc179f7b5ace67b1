/**
 * Convex modules written in Java and registered with {@link java.util.ServiceLoader}: {@link
 * dev.jconvex.functions.MutableModule} is the port of the seed {@code mutable.ts} (the mutable store,
 * {@code mutable:set}, {@code mutable:list}, ...).
 */
package dev.jconvex.functions;
