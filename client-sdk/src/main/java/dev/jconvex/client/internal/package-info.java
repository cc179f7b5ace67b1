/**
 * Not API, and not exported by the module descriptor: what the SDK's packages share with each other
 * but not with users ({@link dev.jconvex.client.internal.EmbeddedAccess}).
 */
package dev.jconvex.client.internal;
