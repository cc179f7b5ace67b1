/**
 * Starting jconvex: {@link dev.jconvex.server.Jconvex} (the in-process runtime: database, registered
 * functions and calls, built with {@link dev.jconvex.server.Jconvex.Builder}) and the server
 * configuration and entry point that put the HTTP and sync transports in front of it.
 */
package dev.jconvex.server;
