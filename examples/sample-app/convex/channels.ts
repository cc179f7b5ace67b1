import { ConvexError, v } from "convex/values";
import { internalQuery, mutation, query } from "./_generated/server";

export const create = mutation({
  args: { name: v.string(), topic: v.optional(v.string()) },
  handler: async (ctx, args) => {
    const name = args.name.trim();
    if (name.length === 0 || name.length > 40) {
      throw new ConvexError({ code: "INVALID_NAME", name: args.name, maxLength: 40 });
    }
    const existing = await ctx.db
      .query("channels")
      .withIndex("by_name", (q) => q.eq("name", name))
      .unique();
    if (existing !== null) {
      throw new ConvexError({ code: "CHANNEL_EXISTS", name, channelId: existing._id });
    }
    return await ctx.db.insert("channels", { name, topic: args.topic });
  },
});

export const list = query({
  args: {},
  handler: async (ctx) => {
    const channels = await ctx.db.query("channels").withIndex("by_name").collect();
    return channels.map((channel) => ({ _id: channel._id, name: channel.name, topic: channel.topic ?? null }));
  },
});

export const byName = internalQuery({
  args: { name: v.string() },
  handler: async (ctx, args) => {
    return await ctx.db
      .query("channels")
      .withIndex("by_name", (q) => q.eq("name", args.name))
      .unique();
  },
});
