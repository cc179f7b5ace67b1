// Functions that exercise the TypeScript runtime's isolation and limits (LimitsTypeScriptIT).
import { ConvexError, v } from "convex/values";
import { action, internalMutation, mutation, query } from "./_generated/server";

/** Never returns: the time limit must stop it. */
export const spin = query({
  args: {},
  handler: async () => {
    for (;;) {
      // busy
    }
  },
});

/** Writes a note, then fails: the note must not be committed. */
export const writeThenThrow = mutation({
  args: { text: v.string() },
  handler: async (ctx, args) => {
    await ctx.db.insert("notes", { text: args.text });
    throw new Error("failing after a write");
  },
});

export const notes = query({
  args: {},
  handler: async (ctx) => (await ctx.db.query("notes").collect()).map((n) => n.text),
});

/** Read-modify-write of one document: concurrent calls must serialize exactly. */
export const increment = mutation({
  args: { name: v.string() },
  handler: async (ctx, args) => {
    const counter = await ctx.db
      .query("counters")
      .withIndex("by_name", (q) => q.eq("name", args.name))
      .unique();
    if (counter === null) {
      await ctx.db.insert("counters", { name: args.name, value: 1 });
      return 1;
    }
    await ctx.db.patch(counter._id, { value: counter.value + 1 });
    return counter.value + 1;
  },
});

export const counter = query({
  args: { name: v.string() },
  handler: async (ctx, args) => {
    const counter = await ctx.db
      .query("counters")
      .withIndex("by_name", (q) => q.eq("name", args.name))
      .unique();
    return counter?.value ?? null;
  },
});

/** Determinism: the same frozen time everywhere in one run, a seeded random. */
export const clock = query({
  args: {},
  handler: async () => {
    const a = Date.now();
    const b = new Date().getTime();
    const r = Math.random();
    return { same: a === b, now: a, random: r >= 0 && r < 1 };
  },
});

/** A ConvexError with object data. */
export const fail = mutation({
  args: { code: v.string() },
  handler: async (_ctx, args) => {
    throw new ConvexError({ code: args.code, retry: false });
  },
});

/** A syscall failure: patching an id of a deleted document. */
export const patchDeleted = mutation({
  args: {},
  handler: async (ctx) => {
    const id = await ctx.db.insert("notes", { text: "gone" });
    await ctx.db.delete(id);
    await ctx.db.patch(id, { text: "back" });
  },
});

export const hidden = internalMutation({ args: {}, handler: async () => "internal" });

export const logs = query({
  args: {},
  handler: async () => {
    console.log("hello", { a: 1 }, [2]);
    console.warn("careful");
    return null;
  },
});

export const addNote = internalMutation({
  args: { text: v.string() },
  handler: async (ctx, args) => {
    await ctx.db.insert("notes", { text: args.text });
  },
});

/** An action calling an internal mutation, then a query: each its own transaction. */
export const addNoteAndList = action({
  args: { text: v.string() },
  handler: async (ctx, args) => {
    await ctx.runMutation("limits:addNote" as any, { text: args.text });
    const notes: string[] = await ctx.runQuery("limits:notes" as any, {});
    return notes.filter((n) => n === args.text).length;
  },
});

/** An action whose called mutation throws a ConvexError: it reaches the action as a ConvexError. */
export const failThroughAction = action({
  args: {},
  handler: async (ctx) => {
    try {
      await ctx.runMutation("limits:fail" as any, { code: "INNER" });
      return "not thrown";
    } catch (e: any) {
      return { caughtData: e.data, isConvexError: e instanceof ConvexError };
    }
  },
});
