// Every mutable function called through the official npm ConvexHttpClient, as an app calls it:
// results, ConvexError.data and plain error messages (wire-protocol §1.1, §1.2, §1.6).
import { ConvexHttpClient } from "convex/browser";
import { anyApi } from "convex/server";
import { ConvexError } from "convex/values";
import { beforeEach, describe, expect, test } from "vitest";

const url = process.env.JCONVEX_URL;
const adminKey = process.env.JCONVEX_ADMIN_KEY;
if (!url) {
  throw new Error("JCONVEX_URL must name a running jconvex server, e.g. http://127.0.0.1:3210");
}

const api = anyApi;
const client = new ConvexHttpClient(url, { logger: false });
let ns = "";

beforeEach(() => {
  ns = `ns-${crypto.randomUUID()}`;
});

const REQUEST_ID = /^\[Request ID: [0-9a-f]{16}\] Server Error\n/;

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to fail");
}

describe("mutations", () => {
  test("set creates an entry and overwrites it in place", async () => {
    const created = await client.mutation(api.mutable.set, { namespace: ns, key: "k", value: 42 });
    expect(created).toMatchObject({ namespace: ns, key: "k", value: 42 });
    expect(typeof created._id).toBe("string");
    expect(typeof created._creationTime).toBe("number");
    const updated = await client.mutation(api.mutable.set, {
      namespace: ns,
      key: "k",
      value: { nested: [1n, "two"] },
      metadata: { source: "test" },
    });
    expect(updated._id).toBe(created._id);
    expect(updated.value).toEqual({ nested: [1n, "two"] });
    expect(updated.metadata).toEqual({ source: "test" });
  });

  test("set keeps bigint and bytes exact", async () => {
    const bytes = new Uint8Array([1, 2, 255]).buffer;
    await client.mutation(api.mutable.set, { namespace: ns, key: "big", value: 9007199254740993n });
    await client.mutation(api.mutable.set, { namespace: ns, key: "bytes", value: bytes });
    expect((await client.query(api.mutable.get, { namespace: ns, key: "big" })).value).toBe(9007199254740993n);
    const stored = (await client.query(api.mutable.get, { namespace: ns, key: "bytes" })).value;
    expect(new Uint8Array(stored)).toEqual(new Uint8Array([1, 2, 255]));
  });

  test("update applies increment, decrement, append and custom", async () => {
    await client.mutation(api.mutable.set, { namespace: ns, key: "n", value: 10 });
    const op = (operation: string, operand?: unknown) =>
      client.mutation(api.mutable.update, { namespace: ns, key: "n", operation, operand });
    expect((await op("increment", 5)).value).toBe(15);
    expect((await op("decrement")).value).toBe(14);
    expect((await op("custom", ["a"])).value).toEqual(["a"]);
    expect((await op("append", "b")).value).toEqual(["a", "b"]);
  });

  test("update on a missing key throws ConvexError MUTABLE_KEY_NOT_FOUND", async () => {
    const error = await rejection(
      client.mutation(api.mutable.update, { namespace: ns, key: "nope", operation: "increment" }),
    );
    expect(error).toBeInstanceOf(ConvexError);
    expect((error as ConvexError<string>).data).toBe("MUTABLE_KEY_NOT_FOUND");
    expect(error.message).toMatch(REQUEST_ID);
  });

  test("append to a non-array is a plain Error with the seed's message", async () => {
    await client.mutation(api.mutable.set, { namespace: ns, key: "n", value: 1 });
    const error = await rejection(
      client.mutation(api.mutable.update, { namespace: ns, key: "n", operation: "append", operand: 2 }),
    );
    expect(error).not.toBeInstanceOf(ConvexError);
    expect(error.message).toMatch(REQUEST_ID);
    expect(error.message).toContain("Uncaught Error: MUTABLE_VALUE_NOT_ARRAY");
  });

  test("deleteKey removes the entry, then reports it missing", async () => {
    await client.mutation(api.mutable.set, { namespace: ns, key: "k", value: 1 });
    expect(await client.mutation(api.mutable.deleteKey, { namespace: ns, key: "k" })).toEqual({
      deleted: true,
      namespace: ns,
      key: "k",
    });
    expect(await client.query(api.mutable.exists, { namespace: ns, key: "k" })).toBe(false);
    const error = await rejection(client.mutation(api.mutable.deleteKey, { namespace: ns, key: "k" }));
    expect((error as ConvexError<string>).data).toBe("MUTABLE_KEY_NOT_FOUND");
  });

  test("purgeNamespace lists on a dry run and deletes otherwise", async () => {
    await client.mutation(api.mutable.set, { namespace: ns, key: "a", value: 1 });
    await client.mutation(api.mutable.set, { namespace: ns, key: "b", value: 2 });
    const dry = await client.mutation(api.mutable.purgeNamespace, { namespace: ns, dryRun: true });
    expect(dry).toEqual({ deleted: 2, namespace: ns, keys: ["a", "b"], dryRun: true });
    expect(await client.mutation(api.mutable.purgeNamespace, { namespace: ns })).toEqual({
      deleted: 2,
      namespace: ns,
      dryRun: false,
    });
    expect(await client.query(api.mutable.count, { namespace: ns })).toBe(0);
  });

  test("transaction applies every operation atomically", async () => {
    await client.mutation(api.mutable.set, { namespace: ns, key: "c", value: 1 });
    const result = await client.mutation(api.mutable.transaction, {
      operations: [
        { op: "set", namespace: ns, key: "a", value: "x" },
        { op: "increment", namespace: ns, key: "c", amount: 2 },
        { op: "decrement", namespace: ns, key: "c" },
        { op: "update", namespace: ns, key: "a", value: "y" },
        { op: "delete", namespace: ns, key: "a" },
      ],
    });
    expect(result.success).toBe(true);
    expect(result.operationsExecuted).toBe(5);
    expect(result.results[2].value).toBe(2);
    expect(result.results[4]).toEqual({ deleted: true, namespace: ns, key: "a" });
  });

  test("a failing transaction throws ConvexError and writes nothing", async () => {
    const error = await rejection(
      client.mutation(api.mutable.transaction, {
        operations: [
          { op: "set", namespace: ns, key: "a", value: 1 },
          { op: "delete", namespace: ns, key: "missing" },
        ],
      }),
    );
    expect((error as ConvexError<string>).data).toBe(`MUTABLE_KEY_NOT_FOUND: ${ns}/missing`);
    expect(await client.query(api.mutable.count, { namespace: ns })).toBe(0);
  });

  test("purgeMany deletes the entries matching its filters", async () => {
    await client.mutation(api.mutable.set, { namespace: ns, key: "user:1", value: 1, userId: "u1" });
    await client.mutation(api.mutable.set, { namespace: ns, key: "user:2", value: 2, userId: "u2" });
    await client.mutation(api.mutable.set, { namespace: ns, key: "other", value: 3, userId: "u1" });
    expect(await client.mutation(api.mutable.purgeMany, { namespace: ns, keyPrefix: "user:", userId: "u1" })).toEqual({
      deleted: 1,
      namespace: ns,
      keys: ["user:1"],
    });
    expect(await client.query(api.mutable.count, { namespace: ns })).toBe(2);
  });

  test("purgeAll deletes a tenant's entries on a local deployment", async () => {
    const tenantId = `t-${crypto.randomUUID()}`;
    await client.mutation(api.mutable.set, { namespace: ns, key: "a", value: 1, tenantId });
    await client.mutation(api.mutable.set, { namespace: ns, key: "b", value: 1, tenantId });
    expect(await client.mutation(api.mutable.purgeAll, { tenantId })).toEqual({ deleted: 2 });
  });
});

describe("queries", () => {
  test("get returns the entry, or null", async () => {
    await client.mutation(api.mutable.set, { namespace: ns, key: "k", value: "v" });
    expect(await client.query(api.mutable.get, { namespace: ns, key: "k" })).toMatchObject({ value: "v" });
    expect(await client.query(api.mutable.get, { namespace: ns, key: "none" })).toBeNull();
  });

  test("tenant entries are invisible without the tenant", async () => {
    await client.mutation(api.mutable.set, { namespace: ns, key: "k", value: 1, tenantId: "t1" });
    expect(await client.query(api.mutable.get, { namespace: ns, key: "k" })).toBeNull();
    expect(await client.query(api.mutable.get, { namespace: ns, key: "k", tenantId: "t1" })).toMatchObject({ value: 1 });
  });

  test("exists", async () => {
    await client.mutation(api.mutable.set, { namespace: ns, key: "k", value: 1 });
    expect(await client.query(api.mutable.exists, { namespace: ns, key: "k" })).toBe(true);
    expect(await client.query(api.mutable.exists, { namespace: ns, key: "x" })).toBe(false);
  });

  test("list sorts, offsets and limits", async () => {
    for (const key of ["c", "a", "b", "d"]) {
      await client.mutation(api.mutable.set, { namespace: ns, key, value: key });
    }
    const page = await client.query(api.mutable.list, { namespace: ns, offset: 1, limit: 2 });
    expect(page.map((e: { key: string }) => e.key)).toEqual(["b", "c"]);
    const desc = await client.query(api.mutable.list, { namespace: ns, sortOrder: "desc" });
    expect(desc.map((e: { key: string }) => e.key)).toEqual(["d", "c", "b", "a"]);
  });

  test("count with filters", async () => {
    await client.mutation(api.mutable.set, { namespace: ns, key: "p:1", value: 1 });
    await client.mutation(api.mutable.set, { namespace: ns, key: "q:1", value: 1 });
    expect(await client.query(api.mutable.count, { namespace: ns })).toBe(2);
    expect(await client.query(api.mutable.count, { namespace: ns, keyPrefix: "p:" })).toBe(1);
  });

  test("consistentQuery reads through query_ts and query_at_ts", async () => {
    await client.mutation(api.mutable.set, { namespace: ns, key: "k", value: 1 });
    expect(await client.consistentQuery(api.mutable.count, { namespace: ns })).toBe(1);
  });
});

describe("errors as the client surfaces them", () => {
  test("argument validation failures are plain Errors with Convex's text", async () => {
    const error = await rejection(client.query(api.mutable.get, { namespace: ns } as never));
    expect(error).not.toBeInstanceOf(ConvexError);
    expect(error.message).toMatch(REQUEST_ID);
    expect(error.message).toContain("ArgumentValidationError: Object is missing the required field `key`.");
  });

  test("an unknown function", async () => {
    const error = await rejection(client.query(api.mutable.nope, {}));
    expect(error.message).toContain("Could not find public function for 'mutable:nope'.");
  });

  test("a mutation called as a query", async () => {
    const error = await rejection(client.query(api.mutable.set, { namespace: ns, key: "k", value: 1 }));
    expect(error.message).toContain("Trying to execute mutable.js:set as Query, but it is defined as Mutation.");
  });
});

describe.runIf(adminKey)("admin calls (npx convex run's path)", () => {
  test("function() runs any kind with the admin key", async () => {
    const admin = new ConvexHttpClient(url, { logger: false });
    admin.setAdminAuth(adminKey!);
    await admin.function(api.mutable.set, undefined, { namespace: ns, key: "k", value: 7 });
    expect(await admin.function(api.mutable.count, undefined, { namespace: ns })).toBe(1);
  });

  test("function() without an admin key is refused", async () => {
    const error = await rejection(client.function(api.mutable.count, undefined, { namespace: ns }));
    expect(error.message).toContain("BadDeployKey");
  });
});
