package dev.jconvex.sync.internal;

import dev.jconvex.execution.FunctionCall;
import dev.jconvex.execution.Identity;
import dev.jconvex.protocol.FunctionKind;
import dev.jconvex.protocol.FunctionPath;
import dev.jconvex.values.ConvexJson;
import dev.jconvex.values.ConvexValue;
import java.util.Objects;
import java.util.Optional;

/**
 * What makes two subscriptions the same query: the function, its arguments and the caller's
 * identity. Subscribers with equal keys share one execution and one cached result.
 *
 * @param path the canonical function path ({@code mutable.js:get})
 * @param argsJson the canonical encoded JSON of the arguments (object fields sorted), used for
 *     equality
 * @param args the decoded arguments
 * @param identity who runs the query
 */
record QueryKey(FunctionPath path, String argsJson, ConvexValue.Array args, Identity identity) {

    QueryKey {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(argsJson, "argsJson");
        Objects.requireNonNull(args, "args");
        Objects.requireNonNull(identity, "identity");
    }

    static QueryKey of(FunctionPath path, ConvexValue.Array args, Identity identity) {
        return new QueryKey(path, ConvexJson.write(args), args, identity);
    }

    /** The same query run by {@code other}. */
    QueryKey withIdentity(Identity other) {
        return new QueryKey(path, argsJson, args, other);
    }

    /** The call that computes this query. */
    FunctionCall call() {
        return new FunctionCall(path.canonical(), Optional.of(FunctionKind.QUERY), args, identity, Optional.empty());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QueryKey k
                && path.equals(k.path)
                && argsJson.equals(k.argsJson)
                && identity.equals(k.identity);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, argsJson, identity);
    }
}
