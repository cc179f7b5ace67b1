package dev.jconvex.values;

import java.util.Objects;

/**
 * JavaScript's {@code ConvexError}: an application error thrown on purpose by a function, carrying
 * a Convex value as {@link #data()} that reaches the client as {@code errorData} (wire-protocol
 * §1.6 (a), (b)).
 *
 * <p>The message is the data itself when it is a string, otherwise its {@code JSON.stringify}
 * rendering with bigints as {@code "123n"} (convex-js {@code stringifyValueForError}).
 */
public class ConvexError extends RuntimeException {

    private final ConvexValue data;

    /** A ConvexError carrying {@code data}. */
    public ConvexError(ConvexValue data) {
        super(render(Objects.requireNonNull(data, "data")));
        this.data = data;
    }

    /** A ConvexError carrying string data, e.g. {@code new ConvexError("MUTABLE_KEY_NOT_FOUND")}. */
    public ConvexError(String data) {
        this(ConvexValue.str(data));
    }

    /** The error's data. */
    public ConvexValue data() {
        return data;
    }

    private static String render(ConvexValue data) {
        return data instanceof ConvexValue.Str s ? s.value() : JsRender.stringifyForError(data);
    }
}
