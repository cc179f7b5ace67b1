package dev.jconvex.execution;

import dev.jconvex.protocol.FunctionKind;
import dev.jconvex.protocol.FunctionPath;
import java.util.Objects;

/** One function known to the runtime, for diagnostics and listings: its path, kind and visibility. */
public record RegisteredFunction(FunctionPath path, FunctionKind kind, Visibility visibility) {
    public RegisteredFunction {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(visibility, "visibility");
    }
}
