package dev.jconvex.validators;

import dev.jconvex.values.ConvexValue;
import java.util.Optional;

/**
 * A Convex validator ({@code v.*}, spec values-and-validation §5). Build them with {@link v}.
 *
 * <p>SKELETON: the schema module owns this type and may turn it into a sealed hierarchy; these two
 * methods are what the runtime relies on.
 */
public interface Validator {

    /**
     * Checks a value. Returns the first violation with Convex's exact message (§5.4), or empty.
     *
     * @param tables resolves the table of an id for {@code v.id(table)}
     */
    Optional<ValidationError> validate(ConvexValue value, TableResolver tables);

    /** Convex's rendering of this validator in error messages, e.g. {@code v.object({a: v.string()})}. */
    String display();
}
