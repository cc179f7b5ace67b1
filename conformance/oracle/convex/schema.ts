// The `mutable` table the seed (`mutable.ts`) reads and writes, as issue 2 lists it: fields and the
// seven indexes. The Java port declares the same table in dev.jconvex.functions.MutableModule.
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  mutable: defineTable({
    namespace: v.string(),
    key: v.string(),
    value: v.any(),
    userId: v.optional(v.string()),
    tenantId: v.optional(v.string()),
    metadata: v.optional(v.any()),
    createdAt: v.number(),
    updatedAt: v.number(),
  })
    .index("by_namespace_key", ["namespace", "key"])
    .index("by_namespace", ["namespace"])
    .index("by_tenantId", ["tenantId"])
    .index("by_tenant_namespace", ["tenantId", "namespace"])
    .index("by_tenant_namespace_key", ["tenantId", "namespace", "key"])
    .index("by_userId", ["userId"])
    .index("by_updated", ["updatedAt"]),
});
