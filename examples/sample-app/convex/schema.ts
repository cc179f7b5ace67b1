import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  users: defineTable({
    name: v.string(),
    tokenIdentifier: v.string(),
  }).index("by_token", ["tokenIdentifier"]),

  channels: defineTable({
    name: v.string(),
    topic: v.optional(v.string()),
  }).index("by_name", ["name"]),

  messages: defineTable({
    channelId: v.id("channels"),
    // Position of the message in its channel: 1, 2, 3, …
    number: v.number(),
    author: v.string(),
    body: v.string(),
  })
    .index("by_channel_and_number", ["channelId", "number"])
    .index("by_author", ["author"]),
});
