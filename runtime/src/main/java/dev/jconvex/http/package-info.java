/**
 * The HTTP server's timeouts ({@link dev.jconvex.http.HttpTimeouts}). Convex's HTTP API itself (routes,
 * envelopes, CORS, admin and ops endpoints) is in {@code http.internal}, which the runtime module does
 * not export; its {@code package-info} describes the design.
 */
package dev.jconvex.http;
