/**
 * JavaScript semantics for Java ports of Convex modules: {@link dev.jconvex.functions.js.Js}
 * reproduces the operators and built-ins the seed module relies on ({@code ||}, {@code +}, {@code -},
 * {@code <}, Number to string, {@code slice}, stable {@code sort}, {@code localeCompare}), and
 * {@link dev.jconvex.execution.JsException} is a plain JavaScript error.
 */
package dev.jconvex.functions.js;
