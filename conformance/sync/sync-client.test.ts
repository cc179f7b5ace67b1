// The official npm ConvexClient over the WebSocket sync protocol (wire-protocol §2): live queries
// with onUpdate, mutations from a second client, the mutation resolution rule (§2.7), ConvexError
// data, and reconnection after a server restart (§2.11).
import { ConvexClient } from "convex/browser";
import { anyApi } from "convex/server";
import { ConvexError } from "convex/values";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const url = process.env.JCONVEX_URL;
const controlUrl = process.env.JCONVEX_CONTROL_URL;
if (!url) {
  throw new Error("JCONVEX_URL must name a running jconvex server, e.g. http://127.0.0.1:3210");
}

const api = anyApi;
const ns = `sync-${crypto.randomUUID()}`;

/** Every value a subscription delivered, with a way to wait for one that matches. */
class Watched<T> {
  values: T[] = [];
  errors: Error[] = [];
  private waiters: Array<{ match: (v: T) => boolean; resolve: (v: T) => void }> = [];
  readonly unsubscribe: () => void;

  constructor(client: ConvexClient, query: any, args: Record<string, unknown>) {
    this.unsubscribe = client.onUpdate(
      query,
      args,
      (value: T) => {
        this.values.push(value);
        this.waiters = this.waiters.filter((w) => {
          if (w.match(value)) {
            w.resolve(value);
            return false;
          }
          return true;
        });
      },
      (error: Error) => {
        this.errors.push(error);
      },
    );
  }

  /** The latest delivered value. */
  latest(): T | undefined {
    return this.values[this.values.length - 1];
  }

  /** Resolves with the first value (already delivered or future) that matches. */
  until(match: (v: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
    const seen = this.values.find(match);
    if (seen !== undefined) {
      return Promise.resolve(seen);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out waiting for ${what}; saw ${JSON.stringify(this.values)}`)),
        timeoutMs,
      );
      this.waiters.push({
        match,
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
      });
    });
  }
}

type Entry = { key: string; value: unknown; namespace: string; _id: string };

let watcher: ConvexClient;
let writer: ConvexClient;

beforeAll(() => {
  watcher = new ConvexClient(url, { logger: false });
  writer = new ConvexClient(url, { logger: false });
});

afterAll(async () => {
  await watcher?.close();
  await writer?.close();
});

describe("live queries", () => {
  test("onUpdate subscribers of mutable:get and mutable:list see each update from another client", async () => {
    const get = new Watched<Entry | null>(watcher, api.mutable.get, { namespace: ns, key: "k" });
    const list = new Watched<Entry[]>(watcher, api.mutable.list, { namespace: ns });
    await get.until((v) => v === null, "the initial null");
    await list.until((v) => Array.isArray(v) && v.length === 0, "the initial empty list");

    const first = await writer.mutation(api.mutable.set, { namespace: ns, key: "k", value: 1 });
    expect(first.value).toBe(1);
    await get.until((v) => v?.value === 1, "value 1");
    await list.until((v) => v.length === 1 && v[0].value === 1, "a list of one");

    await writer.mutation(api.mutable.set, { namespace: ns, key: "k", value: 2 });
    await get.until((v) => v?.value === 2, "value 2");

    await writer.mutation(api.mutable.set, { namespace: ns, key: "k2", value: "two" });
    const both = await list.until((v) => v.length === 2, "a list of two");
    expect(both.map((e) => e.key)).toEqual(["k", "k2"]);
    // The update to k2 does not touch mutable:get's read set; it saw exactly null, 1, 2.
    expect(get.values.map((v) => v?.value ?? null)).toEqual([null, 1, 2]);
    expect(get.errors).toEqual([]);
    get.unsubscribe();
    list.unsubscribe();
  });

  test("a client reads its own write in its subscription by the time its mutation promise resolves", async () => {
    const get = new Watched<Entry | null>(watcher, api.mutable.get, { namespace: ns, key: "own" });
    await get.until((v) => v === null, "the initial null");

    for (let i = 1; i <= 5; i++) {
      await watcher.mutation(api.mutable.set, { namespace: ns, key: "own", value: i });
      // §2.7: the promise resolves only after a Transition that reflects the commit.
      expect(get.latest()?.value).toBe(i);
    }
    get.unsubscribe();
  });
});

describe("mutations", () => {
  test("every mutation promise resolves, also when many are in flight", async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        writer.mutation(api.mutable.set, { namespace: ns, key: `many-${i}`, value: i }),
      ),
    );
    expect(results.map((r) => r.value)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const count = await writer.query(api.mutable.list, { namespace: ns, keyPrefix: "many-", limit: 1000 });
    expect(count).toHaveLength(50);
  });

  test("ConvexError data arrives with the rejection", async () => {
    let error: unknown;
    try {
      await writer.mutation(api.mutable.update, { namespace: ns, key: "missing", operation: "increment" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConvexError);
    expect((error as ConvexError<string>).data).toBe("MUTABLE_KEY_NOT_FOUND");
    expect((error as Error).message).toContain("MUTABLE_KEY_NOT_FOUND");
  });

  test("a plain function error rejects with the server's message", async () => {
    await expect(writer.mutation(api.mutable.set, { namespace: ns } as any)).rejects.toThrow(
      /ArgumentValidationError|missing the required field/,
    );
  });
});

describe("server restart", () => {
  test("clients reconnect and subscriptions resume with current values; queued mutations resolve", async () => {
    if (!controlUrl) {
      throw new Error("JCONVEX_CONTROL_URL must name the test's control endpoint that restarts the server");
    }
    const get = new Watched<Entry | null>(watcher, api.mutable.get, { namespace: ns, key: "restart" });
    await writer.mutation(api.mutable.set, { namespace: ns, key: "restart", value: "before" });
    await get.until((v) => v?.value === "before", "the value before the restart");
    const connectionsBefore = watcher.connectionState().connectionCount;

    // Stop the server; a mutation issued while it is down waits in the client and is sent on reconnect.
    expect((await fetch(`${controlUrl}/stop`, { method: "POST" })).status).toBe(200);
    const queued = writer.mutation(api.mutable.set, { namespace: ns, key: "queued", value: "sent while down" });
    // Start it again on the same port and data directory; before answering, the control endpoint
    // writes {namespace: ns, key: "restart", value: "during"} directly, so only a resubscription
    // (not an update from a client) can show it.
    const started = await fetch(`${controlUrl}/start?namespace=${encodeURIComponent(ns)}`, { method: "POST" });
    expect(started.status).toBe(200);

    const during = await get.until((v) => v?.value === "during", "the value written while clients were away", 45_000);
    expect(during.key).toBe("restart");
    expect(watcher.connectionState().connectionCount).toBeGreaterThan(connectionsBefore);
    expect((await queued).value).toBe("sent while down");

    const after = await writer.mutation(api.mutable.set, { namespace: ns, key: "restart", value: "after" });
    expect(after.value).toBe("after");
    await get.until((v) => v?.value === "after", "the value written after the restart");
    // Data from before the restart survived it.
    const many = await writer.query(api.mutable.list, { namespace: ns, keyPrefix: "many-", limit: 1000 });
    expect(many).toHaveLength(50);
    get.unsubscribe();
  });
});
