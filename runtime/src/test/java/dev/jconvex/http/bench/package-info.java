/** Load-test helpers for the HTTP API: the trivial Undertow baseline that wrk is compared against. */
package dev.jconvex.http.bench;
