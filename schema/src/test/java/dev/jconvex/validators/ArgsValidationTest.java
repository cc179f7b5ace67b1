package dev.jconvex.validators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jconvex.values.ConvexValue;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The argument and return-value texts of values §5.5, asserted verbatim. */
class ArgsValidationTest {

    private static final Validator ARGS = v.object(Map.of("a", v.string()));

    private static ConvexValue.Array args(ConvexValue... values) {
        return ConvexValue.array(values);
    }

    @Test
    void check_missingField() {
        assertThat(ArgsValidation.check(ARGS, args(ConvexValue.emptyObj()), TableResolver.NONE))
                .contains("ArgumentValidationError: Object is missing the required field `a`. Consider wrapping the"
                        + " field validator in `v.optional(...)` if this is expected.\n\nObject: {}\nValidator:"
                        + " v.object({a: v.string()})");
    }

    @Test
    void check_wrongType() {
        assertThat(ArgsValidation.check(
                        ARGS, args(ConvexValue.obj(Map.of("a", ConvexValue.float64(5)))), TableResolver.NONE))
                .contains("ArgumentValidationError: Value does not match validator.\nPath: .a\nValue: 5.0\nValidator:"
                        + " v.string()");
    }

    @Test
    void check_extraField() {
        ConvexValue arg = ConvexValue.obj(Map.of("a", ConvexValue.str("ok"), "x", ConvexValue.float64(1)));
        assertThat(ArgsValidation.check(ARGS, args(arg), TableResolver.NONE))
                .contains("ArgumentValidationError: Object contains extra field `x` that is not in the validator.\n\n"
                        + "Object: {a: \"ok\", x: 1.0}\nValidator: v.object({a: v.string()})");
    }

    @Test
    void check_requiresExactlyOneArgument() {
        assertThat(ArgsValidation.check(ARGS, args(ConvexValue.emptyObj(), ConvexValue.float64(1)), TableResolver.NONE))
                .contains("ArgumentValidationError: Expected to receive a single object as the function's argument."
                        + " Instead received 2 arguments: [{}, 1.0]");
    }

    @Test
    void check_requiresAnObject() {
        assertThat(ArgsValidation.check(ARGS, args(ConvexValue.str("x")), TableResolver.NONE))
                .contains("ArgumentValidationError: Expected to receive an object as the function's argument."
                        + " Instead received: \"x\"");
    }

    @Test
    void check_anyAcceptsEverything() {
        assertThat(ArgsValidation.check(v.any(), args(), TableResolver.NONE)).isEmpty();
    }

    @Test
    void checkReturns_prefixesReturnsValidationError() {
        assertThat(ArgsValidation.checkReturns(v.string(), ConvexValue.NULL, TableResolver.NONE))
                .contains("ReturnsValidationError: Value does not match validator.\n\nValue: null\nValidator:"
                        + " v.string()");
        assertThat(ArgsValidation.checkReturns(v.any(), ConvexValue.NULL, TableResolver.NONE))
                .isEmpty();
    }
}
