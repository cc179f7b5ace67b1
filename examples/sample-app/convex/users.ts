import { ConvexError } from "convex/values";
import { mutation, query } from "./_generated/server";

/** Stores the signed-in user (from the auth token) once; returns their id. */
export const store = mutation({
  args: {},
  handler: async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) {
      throw new ConvexError({ code: "UNAUTHENTICATED", message: "Sign in to join" });
    }
    const existing = await ctx.db
      .query("users")
      .withIndex("by_token", (q) => q.eq("tokenIdentifier", identity.tokenIdentifier))
      .unique();
    if (existing !== null) {
      if (existing.name !== identity.name) {
        await ctx.db.patch(existing._id, { name: identity.name ?? "Anonymous" });
      }
      return existing._id;
    }
    return await ctx.db.insert("users", {
      name: identity.name ?? "Anonymous",
      tokenIdentifier: identity.tokenIdentifier,
    });
  },
});

/** The signed-in user, or null. */
export const me = query({
  args: {},
  handler: async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) {
      return null;
    }
    const user = await ctx.db
      .query("users")
      .withIndex("by_token", (q) => q.eq("tokenIdentifier", identity.tokenIdentifier))
      .unique();
    return user === null
      ? null
      : { name: user.name, subject: identity.subject, issuer: identity.issuer, email: identity.email ?? null };
  },
});
