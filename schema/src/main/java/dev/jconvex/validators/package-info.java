/**
 * Convex validators (spec values-and-validation §5): the sealed
 * {@link dev.jconvex.validators.Validator} type built with {@link dev.jconvex.validators.v}, checked
 * with Convex's exact messages, and {@link dev.jconvex.validators.ArgsValidation} for function
 * arguments and return values.
 */
package dev.jconvex.validators;
