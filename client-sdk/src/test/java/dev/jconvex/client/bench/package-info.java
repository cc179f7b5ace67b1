/** Load tools for the SDK, run by hand (not part of the test run); see {@code docs/benchmarks.md}. */
package dev.jconvex.client.bench;
