// Harness, not part of the seed: inserts entries exactly as the seed's mutable:set creates a new one
// (the same fields, Date.now() as createdAt and updatedAt; undefined fields are dropped), but
// without set's lookup. convex-test scans the whole table for every index lookup, so building the
// 10,000-entry namespaces of the differential test's list-heavy sequences through set would take
// minutes. The Java side runs the same mutation (differential/BulkModule.java).
import { v } from "convex/values";
import { mutation } from "./_generated/server";

export const insertMany = mutation({
  args: {
    namespace: v.string(),
    keys: v.array(v.string()),
    values: v.array(v.any()),
    tenantId: v.optional(v.string()),
  },
  handler: async (ctx, args) => {
    const now = Date.now();
    for (let i = 0; i < args.keys.length; i++) {
      await ctx.db.insert("mutable", {
        namespace: args.namespace,
        key: args.keys[i],
        value: args.values[i],
        tenantId: args.tenantId,
        createdAt: now,
        updatedAt: now,
      });
    }
    return args.keys.length;
  },
});
