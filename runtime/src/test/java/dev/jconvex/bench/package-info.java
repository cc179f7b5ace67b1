/** Benchmarks of the runtime, run by hand (not part of the test run); results go to docs/benchmarks.md. */
package dev.jconvex.bench;
