import { paginationOptsValidator } from "convex/server";
import { ConvexError, v } from "convex/values";
import { internal } from "./_generated/api";
import { Id } from "./_generated/dataModel";
import { action, internalMutation, internalQuery, mutation, MutationCtx, query } from "./_generated/server";

async function append(ctx: MutationCtx, channelId: Id<"channels">, author: string, body: string) {
  const last = await ctx.db
    .query("messages")
    .withIndex("by_channel_and_number", (q) => q.eq("channelId", channelId))
    .order("desc")
    .first();
  const number = (last?.number ?? 0) + 1;
  const id = await ctx.db.insert("messages", { channelId, number, author, body });
  return { id, number };
}

export const send = mutation({
  args: { channelId: v.id("channels"), author: v.string(), body: v.string() },
  handler: async (ctx, args) => {
    const channel = await ctx.db.get(args.channelId);
    if (channel === null) {
      throw new ConvexError({ code: "NO_SUCH_CHANNEL", channelId: args.channelId });
    }
    if (args.body.length === 0) {
      throw new ConvexError({ code: "EMPTY_MESSAGE", channel: channel.name });
    }
    return (await append(ctx, args.channelId, args.author, args.body)).number;
  },
});

/** Newest first, a page at a time. */
export const list = query({
  args: { channelId: v.id("channels"), paginationOpts: paginationOptsValidator },
  handler: async (ctx, args) => {
    const page = await ctx.db
      .query("messages")
      .withIndex("by_channel_and_number", (q) => q.eq("channelId", args.channelId))
      .order("desc")
      .paginate(args.paginationOpts);
    return {
      ...page,
      page: page.page.map((m) => ({ number: m.number, author: m.author, body: m.body })),
    };
  },
});

/** Messages numbered after `after`, up to and including `upTo`, oldest first. */
export const range = query({
  args: { channelId: v.id("channels"), after: v.number(), upTo: v.number() },
  handler: async (ctx, args) => {
    const messages = await ctx.db
      .query("messages")
      .withIndex("by_channel_and_number", (q) =>
        q.eq("channelId", args.channelId).gt("number", args.after).lte("number", args.upTo),
      )
      .collect();
    return messages.map((m) => m.number);
  },
});

export const byAuthor = query({
  args: { author: v.string(), limit: v.optional(v.number()) },
  handler: async (ctx, args) => {
    const messages = await ctx.db
      .query("messages")
      .withIndex("by_author", (q) => q.eq("author", args.author))
      .take(args.limit ?? 10);
    return messages.map((m) => m.body);
  },
});

export const count = internalQuery({
  args: { channelId: v.id("channels") },
  handler: async (ctx, args) => {
    const messages = await ctx.db
      .query("messages")
      .withIndex("by_channel_and_number", (q) => q.eq("channelId", args.channelId))
      .collect();
    return messages.length;
  },
});

export const postAsBot = internalMutation({
  args: { channelId: v.id("channels"), body: v.string() },
  handler: async (ctx, args) => {
    return (await append(ctx, args.channelId, "bot", args.body)).number;
  },
});

/** Welcomes a channel: the bot posts how many messages it already has. */
export const welcome = action({
  args: { channel: v.string() },
  handler: async (ctx, args): Promise<{ number: number; body: string }> => {
    const channel = await ctx.runQuery(internal.channels.byName, { name: args.channel });
    if (channel === null) {
      throw new ConvexError({ code: "NO_SUCH_CHANNEL", channel: args.channel });
    }
    const before = await ctx.runQuery(internal.messages.count, { channelId: channel._id });
    const body = `Welcome to #${channel.name} (${before} messages so far)`;
    const number = await ctx.runMutation(internal.messages.postAsBot, { channelId: channel._id, body });
    return { number, body };
  },
});
