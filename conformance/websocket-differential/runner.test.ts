// Replays operation sequences through the official npm ConvexClient over the WebSocket sync
// protocol and records every outcome, in the oracle's formats (conformance/oracle/runner.test.ts).
//
// Input (path in DIFFERENTIAL_INPUT): the oracle's input, {"sequences": [{"env", "ops": [
//   {"kind", "name", "args": <convex JSON>, "now": <ms>}]}]}.
// Output (path in DIFFERENTIAL_OUTPUT), one entry per op in the same order:
//   {"value": <convex JSON>} | {"convexError": <convex JSON of error.data>} | {"serverError": "<text>"}
// where a server error's text is the function's error message as the server sent it: the client's
// "[CONVEX M(mutable:set)] " prefix, the "[Request ID: …] Server Error\n" line and the trailing
// "\n  Called by client" are cut, so "Uncaught Error: …" and "ArgumentValidationError: …" remain.
//
// The control endpoint (JCONVEX_CONTROL_URL), served by the Java test:
//   POST /sequence?index=i  starts a fresh server for sequence i (its environment, its own clock)
//                           and answers with its URL
//   POST /now?index=i&ms=t  sets the clock of sequence i's server to t before each op
//   POST /done?index=i      closes sequence i's server
// DIFFERENTIAL_CONCURRENCY sequences (default 2) run at once, each on its own server and client.
import { ConvexClient } from "convex/browser";
import { anyApi } from "convex/server";
import { ConvexError, convexToJson, jsonToConvex } from "convex/values";
import { readFileSync, writeFileSync } from "node:fs";
import { expect, test } from "vitest";

const control = process.env.JCONVEX_CONTROL_URL;
const input = process.env.DIFFERENTIAL_INPUT;
const output = process.env.DIFFERENTIAL_OUTPUT;
const concurrency = Number(process.env.DIFFERENTIAL_CONCURRENCY ?? "2");

async function post(path: string): Promise<string> {
  const response = await fetch(`${control}${path}`, { method: "POST" });
  const body = await response.text();
  if (!response.ok) throw new Error(`control ${path}: ${response.status} ${body}`);
  return body;
}

function serverText(message: string): string {
  return message
    .replace(/^\[CONVEX [QMA]\([^)]*\)\] /, "")
    .replace(/^\[Request ID: [0-9a-f]+\] Server Error\n/, "")
    .replace(/\n {2}Called by client$/, "");
}

async function replay(index: number, sequence: any): Promise<unknown[]> {
  const url = await post(`/sequence?index=${index}`);
  const client = new ConvexClient(url, { logger: false });
  const results: unknown[] = [];
  try {
    for (const op of sequence.ops) {
      await post(`/now?index=${index}&ms=${op.now}`);
      // "set" is mutable:set; a harness function names its module ("bulk:insertMany")
      const [module, name] = op.name.includes(":") ? op.name.split(":") : ["mutable", op.name];
      const fn = (anyApi as any)[module][name];
      const args = jsonToConvex(op.args) as Record<string, unknown>;
      try {
        const value = op.kind === "mutation" ? await client.mutation(fn, args) : await client.query(fn, args);
        results.push({ value: convexToJson(value === undefined ? null : (value as any)) });
      } catch (e) {
        if (e instanceof ConvexError) {
          results.push({ convexError: convexToJson(e.data as any) });
        } else {
          results.push({ serverError: serverText((e as Error).message) });
        }
      }
    }
  } finally {
    await client.close();
    await post(`/done?index=${index}`);
  }
  return results;
}

test("replay over WebSocket", async () => {
  expect(control, "JCONVEX_CONTROL_URL must name the test's control endpoint").toBeTruthy();
  expect(input, "DIFFERENTIAL_INPUT must name the sequence file").toBeTruthy();
  expect(output, "DIFFERENTIAL_OUTPUT must name the result file").toBeTruthy();
  const sequences: any[] = JSON.parse(readFileSync(input!, "utf8")).sequences;
  const out: { results: unknown[] }[] = new Array(sequences.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < sequences.length; i = next++) {
      out[i] = { results: await replay(i, sequences[i]) };
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  writeFileSync(output!, JSON.stringify({ sequences: out }));
});
