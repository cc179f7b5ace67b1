/**
 * Runnable programs a user would copy, one per file, each with a {@code main} and a {@code run} method
 * that the tests call against a real server. See {@code examples/README.md}.
 */
package dev.jconvex.examples;
