package dev.jconvex.database.internal;

import dev.jconvex.protocol.Timestamp;

/**
 * The outcome of {@link Database#mutate}: the body's return value and the timestamp of the commit
 * that made its writes durable and visible.
 */
public record Committed<T>(T value, Timestamp ts) {}
