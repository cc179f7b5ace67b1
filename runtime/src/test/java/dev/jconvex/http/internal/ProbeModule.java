package dev.jconvex.http.internal;

import dev.jconvex.execution.ActionHandler;
import dev.jconvex.execution.ConvexModule;
import dev.jconvex.execution.FunctionSpec;
import dev.jconvex.execution.ModuleBuilder;
import dev.jconvex.execution.QueryHandler;
import dev.jconvex.values.ConvexValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A module that shows the HTTP layer's effects: {@code probe:whoami} returns the caller's identity,
 * {@code probe:logs} writes log lines, {@code probe:echo} returns its arguments, {@code probe:secret} is internal, {@code probe:wait} blocks
 * until the test releases it.
 */
final class ProbeModule implements ConvexModule {

    final CountDownLatch release = new CountDownLatch(1);
    final AtomicBoolean waiting = new AtomicBoolean();

    @Override
    public String path() {
        return "probe";
    }

    @Override
    public void define(ModuleBuilder module) {
        module.query("whoami", any((QueryHandler) (ctx, args) -> ctx.identity()
                .<ConvexValue>map(user -> {
                    Map<String, ConvexValue> fields =
                            new LinkedHashMap<>(user.claims().fields());
                    fields.put("tokenIdentifier", ConvexValue.str(user.tokenIdentifier()));
                    return ConvexValue.obj(fields);
                })
                .orElse(ConvexValue.NULL)));
        module.query("logs", any((QueryHandler) (ctx, args) -> {
            ctx.console().log("hello", 3);
            ctx.console().warn("careful");
            return ConvexValue.NULL;
        }));
        module.query("echo", any((QueryHandler) (ctx, args) -> args));
        module.internalQuery("secret", any((QueryHandler) (ctx, args) -> ConvexValue.str("s")));
        module.action("wait", any((ActionHandler) (ctx, args) -> {
            waiting.set(true);
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    return ConvexValue.str("timed out");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ConvexValue.str("interrupted");
            }
            return ConvexValue.str("done");
        }));
    }

    private static <H> FunctionSpec<H> any(H handler) {
        return new FunctionSpec<>(Optional.empty(), Optional.empty(), handler);
    }
}
