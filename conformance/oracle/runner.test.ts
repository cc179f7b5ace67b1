// Runs operation sequences against the seed under convex-test and records every outcome.
//
// Input (path in ORACLE_INPUT), JSON:
//   {"sequences": [{"env": {"NAME": "value" | null}, "ops": [
//       {"kind": "mutation" | "query", "name": "set" | "bulk:insertMany", "args": <convex JSON>, "now": <ms>}]}]}
// Output (path in ORACLE_OUTPUT), JSON, one entry per op in the same order:
//   {"sequences": [{"results": [
//       {"value": <convex JSON>} | {"convexError": <convex JSON of error.data>} | {"error": "<message>", "name": "<Error class>"}]}]}
//
// Values use Convex's convex-encoded JSON (convexToJson): bigint as {"$integer"}, bytes as
// {"$bytes"}, NaN/±Infinity/-0 as {"$float"}, so the Java side decodes them exactly.
// Plain errors: the message is taken as thrown (Error.message); convex-test throws the handler's
// own Error object, so no "Uncaught Error: " prefix is present. Should one appear (a server-style
// message), it is stripped, then any trailing "\n    at ..." stack lines are cut.
// Each sequence gets a fresh convexTest backend and its own process.env overrides (a null value
// deletes the variable: vitest itself sets NODE_ENV=test, so callers pass every variable the seed
// reads). Date is faked so that each op runs at its given "now". convex-test's commit clock is
// global to the process and never goes back (a transaction runs at max(now, last commit rounded
// up to the next ms)), so "now" must strictly increase across the whole file, not only within a
// sequence.
import { convexTest } from "convex-test";
import { anyApi } from "convex/server";
import { ConvexError, convexToJson, jsonToConvex } from "convex/values";
import { afterAll, expect, test, vi } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import schema from "./convex/schema";

const modules = import.meta.glob("./convex/**/*.*s");

function normalizeMessage(message: string): string {
  let m = message;
  const prefix = "Uncaught Error: ";
  if (m.startsWith(prefix)) m = m.slice(prefix.length);
  const stack = m.indexOf("\n    at ");
  if (stack >= 0) m = m.slice(0, stack);
  return m;
}

test("oracle", async () => {
  const input = process.env.ORACLE_INPUT;
  const output = process.env.ORACLE_OUTPUT;
  expect(input, "ORACLE_INPUT must name the sequence file").toBeTruthy();
  expect(output, "ORACLE_OUTPUT must name the result file").toBeTruthy();
  const spec = JSON.parse(readFileSync(input!, "utf8"));
  const savedEnv: Record<string, string | undefined> = {};
  vi.useFakeTimers({ toFake: ["Date"] });
  const out: { results: unknown[] }[] = [];
  try {
    for (const sequence of spec.sequences) {
      for (const [name, value] of Object.entries(sequence.env ?? {})) {
        if (!(name in savedEnv)) savedEnv[name] = process.env[name];
        if (value === null) delete process.env[name];
        else process.env[name] = value as string;
      }
      const t = convexTest(schema, modules);
      const results: unknown[] = [];
      for (const op of sequence.ops) {
        vi.setSystemTime(op.now);
        // "set" is mutable:set; a harness function names its module ("bulk:insertMany")
        const [module, name] = op.name.includes(":") ? op.name.split(":") : ["mutable", op.name];
        const fn = (anyApi as any)[module][name];
        const args = jsonToConvex(op.args) as Record<string, unknown>;
        try {
          const value =
            op.kind === "mutation" ? await t.mutation(fn, args) : await t.query(fn, args);
          results.push({ value: convexToJson(value === undefined ? null : (value as any)) });
        } catch (e) {
          if (e instanceof ConvexError) {
            results.push({ convexError: convexToJson(e.data as any) });
          } else {
            results.push({ error: normalizeMessage((e as Error).message), name: (e as Error).name });
          }
        }
      }
      out.push({ results });
      for (const [name, value] of Object.entries(savedEnv)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  } finally {
    vi.useRealTimers();
  }
  writeFileSync(output!, JSON.stringify({ sequences: out }));
});
