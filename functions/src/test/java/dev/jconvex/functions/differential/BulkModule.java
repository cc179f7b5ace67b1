package dev.jconvex.functions.differential;

import dev.jconvex.execution.ConvexModule;
import dev.jconvex.execution.FunctionSpec;
import dev.jconvex.execution.ModuleBuilder;
import dev.jconvex.functions.MutableModule;
import dev.jconvex.validators.Validator;
import dev.jconvex.validators.v;
import dev.jconvex.values.ConvexValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Harness, not part of the port: {@code bulk:insertMany}, the Java twin of {@code
 * conformance/oracle/convex/bulk.ts}. It inserts entries exactly as {@code mutable:set} creates a
 * new one, without set's lookup, so the list-heavy sequences can build 10,000-entry namespaces
 * quickly on both sides.
 */
final class BulkModule implements ConvexModule {

    @Override
    public String path() {
        return "bulk";
    }

    @Override
    public void define(ModuleBuilder module) {
        Map<String, Validator> args = new LinkedHashMap<>();
        args.put("namespace", v.string());
        args.put("keys", v.array(v.string()));
        args.put("values", v.array(v.any()));
        args.put("tenantId", v.optional(v.string()));
        module.mutation("insertMany", FunctionSpec.of(v.object(args), (ctx, a) -> {
            ConvexValue now = ConvexValue.float64(ctx.now());
            List<ConvexValue> keys = ((ConvexValue.Array) a.fields().get("keys")).values();
            List<ConvexValue> values = ((ConvexValue.Array) a.fields().get("values")).values();
            for (int i = 0; i < keys.size(); i++) {
                Map<String, ConvexValue> doc = new LinkedHashMap<>();
                doc.put("namespace", a.fields().get("namespace"));
                doc.put("key", keys.get(i));
                doc.put("value", values.get(i));
                if (a.fields().get("tenantId") != null) {
                    doc.put("tenantId", a.fields().get("tenantId"));
                }
                doc.put("createdAt", now);
                doc.put("updatedAt", now);
                ctx.db().insert(MutableModule.TABLE, ConvexValue.obj(doc));
            }
            return ConvexValue.float64(keys.size());
        }));
    }
}
