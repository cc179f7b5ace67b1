// The convex-test behaviours the differential harness relies on (see docs/mutable-port.md). They
// run with every oracle batch, so an upgrade of convex-test or vitest that changes one of them fails
// loudly instead of skewing the comparison.
import { convexTest } from "convex-test";
import { anyApi } from "convex/server";
import { ConvexError } from "convex/values";
import { expect, test, vi } from "vitest";
import schema from "./convex/schema";

const modules = import.meta.glob("./convex/**/*.*s");
const api = anyApi as any;

test("rows with equal index values come in creation order, so a tenant row shadows a later global row", async () => {
  const t = convexTest(schema, modules);
  await t.mutation(api.mutable.set, { namespace: "ns", key: "k", value: 1, tenantId: "t1" });
  const first = await t.mutation(api.mutable.set, { namespace: "ns", key: "k", value: 2 });
  const second = await t.mutation(api.mutable.set, { namespace: "ns", key: "k", value: 3 });
  // The global lookup meets the tenant row first and ignores it, so each global set inserts anew.
  expect(second._id).not.toEqual(first._id);
  expect(await t.query(api.mutable.count, { namespace: "ns" })).toBe(3);
  expect(await t.query(api.mutable.get, { namespace: "ns", key: "k" })).toBeNull();
});

test("vitest sets NODE_ENV=test, which the runner must override per sequence", () => {
  expect(process.env.NODE_ENV).toBe("test");
});

test("a faked Date is what Date.now() returns inside a mutation", async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  try {
    vi.setSystemTime(4_102_444_800_000);
    const t = convexTest(schema, modules);
    const doc = await t.mutation(api.mutable.set, { namespace: "ns", key: "k", value: 1 });
    expect(doc.createdAt).toBe(4_102_444_800_000);
  } finally {
    vi.useRealTimers();
  }
});

test("ConvexError data and plain error messages reach the caller unchanged", async () => {
  const t = convexTest(schema, modules);
  const missing = await t
    .mutation(api.mutable.update, { namespace: "ns", key: "nope", operation: "increment" })
    .catch((e) => e);
  expect(missing).toBeInstanceOf(ConvexError);
  expect(missing.data).toBe("MUTABLE_KEY_NOT_FOUND");
  await t.mutation(api.mutable.set, { namespace: "ns", key: "k", value: 1 });
  const plain = await t
    .mutation(api.mutable.update, { namespace: "ns", key: "k", operation: "append", operand: 1 })
    .catch((e) => e);
  expect(plain).not.toBeInstanceOf(ConvexError);
  expect(plain.message).toBe("MUTABLE_VALUE_NOT_ARRAY");
});
