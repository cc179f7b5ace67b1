/**
 * A Java client for Convex deployments: {@link dev.jconvex.client.ConvexClient} calls functions over
 * HTTP or WebSocket, keeps live subscriptions, and runs embedded against an in-process jconvex runtime.
 */
package dev.jconvex.client;
