// The sample Convex app (examples/sample-app/convex: channels, messages, users; a schema with a
// compound index; pagination; internal functions; an action calling a mutation; ConvexError data;
// ctx.auth) as unchanged TypeScript on jconvex, through the official npm clients: ConvexHttpClient
// over HTTP and ConvexClient over the WebSocket sync protocol. The app's own generated `api` names
// the functions, as in a real client.
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { anyApi } from "convex/server";
import { ConvexError } from "convex/values";
import { createSign, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { api } from "../../examples/sample-app/convex/_generated/api.js";

const url = process.env.JCONVEX_URL;
const tokenKey = process.env.JCONVEX_TOKEN_KEY;
if (!url || !tokenKey) {
  throw new Error("JCONVEX_URL must name a jconvex server serving examples/sample-app/convex, and JCONVEX_TOKEN_KEY its token key");
}

const REQUEST_ID = /^\[Request ID: [0-9a-f]{16}\] Server Error\n/;
const ISSUER = "https://sample-app.test";

/** An RS256 JWT for the server's customJwt provider (issuer ISSUER, application "sample-app"). */
function token(subject: string, name: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${part({ alg: "RS256", typ: "JWT" })}.${part({
    iss: ISSUER,
    sub: subject,
    aud: "sample-app",
    iat: now,
    exp: now + 3600,
    name,
    email: `${subject}@sample-app.test`,
  })}`;
  const signature = createSign("RSA-SHA256").update(unsigned).sign(tokenKey!).toString("base64url");
  return `${unsigned}.${signature}`;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected the call to fail");
}

/** Channel names are unique per deployment: each run of the suite uses its own. */
const run = randomUUID().slice(0, 8);
const http = new ConvexHttpClient(url, { logger: false });

describe("ConvexHttpClient", () => {
  let general: string;

  beforeAll(async () => {
    general = await http.mutation(api.channels.create, { name: `general-${run}`, topic: "anything" });
    for (let i = 1; i <= 25; i++) {
      await http.mutation(api.messages.send, { channelId: general, author: i % 3 === 0 ? `ada-${run}` : `bob-${run}`, body: `message ${i}` });
    }
  });

  test("a mutation's return value and a query over an index", async () => {
    const second = await http.mutation(api.channels.create, { name: `random-${run}` });
    expect(second).toMatch(/^[a-z0-9]{32}$/);
    const channels = (await http.query(api.channels.list, {})).filter((c) => c.name.endsWith(run));
    expect(channels).toEqual([
      { _id: general, name: `general-${run}`, topic: "anything" },
      { _id: second, name: `random-${run}`, topic: null },
    ]);
  });

  test("pagination through every page of a compound index, newest first", async () => {
    const pages: number[][] = [];
    let cursor: string | null = null;
    for (;;) {
      const result = await http.query(api.messages.list, { channelId: general, paginationOpts: { numItems: 10, cursor } });
      pages.push(result.page.map((m) => m.number));
      expect(typeof result.continueCursor).toBe("string");
      if (result.isDone) break;
      cursor = result.continueCursor;
    }
    const descending = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, i) => from - i);
    expect(pages).toEqual([descending(25, 16), descending(15, 6), descending(5, 1)]);
  });

  test("range queries on the compound index, and a second index", async () => {
    expect(await http.query(api.messages.range, { channelId: general, after: 5, upTo: 9 })).toEqual([6, 7, 8, 9]);
    expect(await http.query(api.messages.range, { channelId: general, after: 24, upTo: 100 })).toEqual([25]);
    expect(await http.query(api.messages.byAuthor, { author: `ada-${run}`, limit: 3 })).toEqual([
      "message 3",
      "message 6",
      "message 9",
    ]);
  });

  test("an action calls internal queries and an internal mutation", async () => {
    const channel = `welcome-${run}`;
    const channelId = await http.mutation(api.channels.create, { name: channel });
    await http.mutation(api.messages.send, { channelId, author: "carol", body: "hi" });
    expect(await http.action(api.messages.welcome, { channel })).toEqual({
      number: 2,
      body: `Welcome to #${channel} (1 messages so far)`,
    });
    expect(await http.query(api.messages.byAuthor, { author: "bot" })).toContain(`Welcome to #${channel} (1 messages so far)`);
  });

  test("ConvexError data from a mutation and from an action", async () => {
    const duplicate = await rejection(http.mutation(api.channels.create, { name: `general-${run}` }));
    expect(duplicate).toBeInstanceOf(ConvexError);
    expect((duplicate as ConvexError<any>).data).toEqual({ code: "CHANNEL_EXISTS", name: `general-${run}`, channelId: general });

    const missing = await rejection(http.action(api.messages.welcome, { channel: `nope-${run}` }));
    expect(missing).toBeInstanceOf(ConvexError);
    expect((missing as ConvexError<any>).data).toEqual({ code: "NO_SUCH_CHANNEL", channel: `nope-${run}` });
  });

  test("argument validation errors carry Convex's text", async () => {
    const wrongType = await rejection(http.mutation(api.messages.send, { channelId: general, author: 42 as never, body: "x" }));
    expect(wrongType).not.toBeInstanceOf(ConvexError);
    expect(wrongType.message).toMatch(REQUEST_ID);
    expect(wrongType.message).toContain(
      "ArgumentValidationError: Value does not match validator.\nPath: .author\nValue: 42.0\nValidator: v.string()",
    );

    const malformed = await rejection(http.query(api.messages.range, { channelId: "not-an-id", after: 0, upTo: 1 }));
    expect(malformed.message).toContain(
      'ArgumentValidationError: Value does not match validator.\nPath: .channelId\nValue: "not-an-id"\nValidator: v.id("channels")',
    );
  });

  test("internal functions are not public", async () => {
    const error = await rejection(http.mutation(anyApi.messages.postAsBot, { channelId: general, body: "x" }));
    expect(error.message).toContain("Could not find public function for 'messages:postAsBot'.");
  });

  test("ctx.auth.getUserIdentity() sees the signed-in user", async () => {
    const anonymous = await rejection(http.mutation(api.users.store, {}));
    expect((anonymous as ConvexError<any>).data).toEqual({ code: "UNAUTHENTICATED", message: "Sign in to join" });
    expect(await http.query(api.users.me, {})).toBeNull();

    const signedIn = new ConvexHttpClient(url, { logger: false, auth: token(`ada-${run}`, "Ada Lovelace") });
    const id = await signedIn.mutation(api.users.store, {});
    expect(await signedIn.mutation(api.users.store, {})).toBe(id);
    const wrongTable = await rejection(http.query(api.messages.range, { channelId: id as never, after: 0, upTo: 1 }));
    expect(wrongTable.message).toContain(
      `ArgumentValidationError: Found ID "${id}" from table \`users\`, which does not match the table name in validator \`v.id("channels")\`.Path: .channelId`,
    );
    expect(await signedIn.query(api.users.me, {})).toEqual({
      name: "Ada Lovelace",
      subject: `ada-${run}`,
      issuer: ISSUER,
      email: `ada-${run}@sample-app.test`,
    });
  });
});

describe("ConvexClient over WebSocket", () => {
  let watcher: ConvexClient;
  let writer: ConvexClient;
  let channelId: string;

  beforeAll(async () => {
    watcher = new ConvexClient(url, { logger: false });
    writer = new ConvexClient(url, { logger: false });
    channelId = await writer.mutation(api.channels.create, { name: `live-${run}` });
    for (let i = 1; i <= 5; i++) {
      await writer.mutation(api.messages.send, { channelId, author: "dave", body: `m${i}` });
    }
  });

  afterAll(async () => {
    await watcher?.close();
    await writer?.close();
  });

  test("a live query sees another client's mutation", async () => {
    const seen: number[][] = [];
    const unsubscribe = watcher.onUpdate(api.messages.range, { channelId, after: 0, upTo: 1000 }, (numbers) => {
      seen.push(numbers);
    });
    try {
      await vi.waitFor(() => expect(seen.at(-1)).toEqual([1, 2, 3, 4, 5]), { timeout: 20_000 });
      expect(await writer.mutation(api.messages.send, { channelId, author: "erin", body: "live" })).toBe(6);
      await vi.waitFor(() => expect(seen.at(-1)).toEqual([1, 2, 3, 4, 5, 6]), { timeout: 20_000 });
    } finally {
      unsubscribe();
    }
  });

  test("a paginated query's first page updates when a message arrives", async () => {
    const pages: number[][] = [];
    const unsubscribe = watcher.onUpdate(
      api.messages.list,
      { channelId, paginationOpts: { numItems: 3, cursor: null } },
      (result) => {
        pages.push(result.page.map((m) => m.number));
      },
    );
    try {
      await vi.waitFor(() => expect(pages.at(-1)).toEqual([6, 5, 4]), { timeout: 20_000 });
      await writer.mutation(api.messages.send, { channelId, author: "frank", body: "newest" });
      await vi.waitFor(() => expect(pages.at(-1)).toEqual([7, 6, 5]), { timeout: 20_000 });
    } finally {
      unsubscribe();
    }
  });

  test("an action over the socket, then a query sees its mutation", async () => {
    const result = await writer.action(api.messages.welcome, { channel: `live-${run}` });
    expect(result).toEqual({ number: 8, body: `Welcome to #live-${run} (7 messages so far)` });
    expect(await watcher.query(api.messages.range, { channelId, after: 7, upTo: 8 })).toEqual([8]);
  });

  test("ConvexError data and validation text over the socket", async () => {
    const duplicate = await rejection(writer.mutation(api.channels.create, { name: `live-${run}` }));
    expect(duplicate).toBeInstanceOf(ConvexError);
    expect((duplicate as ConvexError<any>).data).toEqual({ code: "CHANNEL_EXISTS", name: `live-${run}`, channelId });
    const invalid = await rejection(watcher.query(api.messages.range, { channelId, after: "0" as never, upTo: 1 }));
    expect(invalid.message).toContain(
      'ArgumentValidationError: Value does not match validator.\nPath: .after\nValue: "0"\nValidator: v.float64()',
    );
  });

  test("the signed-in user over the socket", async () => {
    const client = new ConvexClient(url, { logger: false });
    try {
      client.setAuth(async () => token(`grace-${run}`, "Grace Hopper"));
      await client.mutation(api.users.store, {});
      expect(await client.query(api.users.me, {})).toEqual({
        name: "Grace Hopper",
        subject: `grace-${run}`,
        issuer: ISSUER,
        email: `grace-${run}@sample-app.test`,
      });
    } finally {
      await client.close();
    }
  });
});
