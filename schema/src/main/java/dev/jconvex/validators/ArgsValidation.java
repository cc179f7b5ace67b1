package dev.jconvex.validators;

import dev.jconvex.values.ConvexValue;
import dev.jconvex.values.ValueDisplay;
import java.util.Optional;

/**
 * Validation of a function's arguments and return value (values §5.5), producing the complete
 * texts {@code ArgumentValidationError: ...} and {@code ReturnsValidationError: ...} (without the
 * trailing newline the JsException display adds).
 */
public final class ArgsValidation {

    private ArgsValidation() {}

    /**
     * Checks the positional args array against an args validator: exactly one argument, an object,
     * matching {@code args}. {@code v.any()} accepts anything.
     *
     * @return the full {@code ArgumentValidationError: ...} text, or empty when valid
     */
    public static Optional<String> check(Validator args, ConvexValue.Array argsArray, TableResolver tables) {
        if (args instanceof Validator.AnyV) {
            return Optional.empty();
        }
        if (argsArray.size() != 1) {
            return Optional.of(
                    "ArgumentValidationError: Expected to receive a single object as the function's argument."
                            + " Instead received " + argsArray.size() + " arguments: "
                            + ValueDisplay.display(argsArray));
        }
        ConvexValue arg = argsArray.get(0);
        if (!(arg instanceof ConvexValue.Obj)) {
            return Optional.of("ArgumentValidationError: Expected to receive an object as the function's argument."
                    + " Instead received: " + ValueDisplay.display(arg));
        }
        return args.validate(arg, tables).map(e -> "ArgumentValidationError: " + e.message());
    }

    /**
     * Checks a return value (after {@code undefined → null}) against a returns validator;
     * {@code v.any()} accepts anything.
     *
     * @return the full {@code ReturnsValidationError: ...} text, or empty when valid
     */
    public static Optional<String> checkReturns(Validator returns, ConvexValue result, TableResolver tables) {
        if (returns instanceof Validator.AnyV) {
            return Optional.empty();
        }
        return returns.validate(result, tables).map(e -> "ReturnsValidationError: " + e.message());
    }
}
