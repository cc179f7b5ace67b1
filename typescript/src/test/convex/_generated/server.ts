// The minimal stand-in for the `_generated/server` that `npx convex dev` writes: the seed
// (`../mutable.ts`) imports `mutation` and `query` from here. They are convex/server's generic
// builders, which is exactly what the generated file re-exports (untyped data model).
export {
  mutationGeneric as mutation,
  queryGeneric as query,
  internalMutationGeneric as internalMutation,
  internalQueryGeneric as internalQuery,
  actionGeneric as action,
  internalActionGeneric as internalAction,
} from "convex/server";
