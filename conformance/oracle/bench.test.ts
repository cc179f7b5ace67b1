// The seed's mutable:set and mutable:get under convex-test, one call at a time, as
// TypeScriptBench (functions/src/test) times them on jconvex: 1,000 keys of one namespace stored
// first (mutable:transaction, 50 a call), then per operation BENCH_WARMUP seconds untimed and BENCH_SECONDS timed, keys drawn at
// random. Prints one markdown row per operation: | side | engine | op | calls | calls/s | mean ms |
import { convexTest } from "convex-test";
import { anyApi } from "convex/server";
import { test } from "vitest";
import schema from "./convex/schema";

const modules = import.meta.glob("./convex/**/*.*s");
const KEYS = 1_000;

/** A small seeded generator (mulberry32), so each run draws the same keys. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function runFor(seconds: number, one: () => Promise<unknown>): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let calls = 0;
  do {
    await one();
    calls++;
  } while (performance.now() < end);
  return calls;
}

test("bench", async () => {
  const warmUp = Number(process.env.BENCH_WARMUP ?? "5");
  const measure = Number(process.env.BENCH_SECONDS ?? "10");
  const t = convexTest(schema, modules);
  const api = anyApi as any;
  for (let from = 0; from < KEYS; from += 50) {
    const operations = [];
    for (let i = from; i < Math.min(KEYS, from + 50); i++) {
      operations.push({ op: "set", namespace: "bench", key: "k" + i, value: i });
    }
    await t.mutation(api.mutable.transaction, { operations });
  }
  const next = random(16);
  const key = () => "k" + Math.floor(next() * KEYS);
  const ops: Record<string, () => Promise<unknown>> = {
    set: () => t.mutation(api.mutable.set, { namespace: "bench", key: key(), value: next() }),
    get: () => t.query(api.mutable.get, { namespace: "bench", key: key() }),
  };
  const rows: string[] = [];
  for (const [op, one] of Object.entries(ops)) {
    await runFor(warmUp, one);
    const start = performance.now();
    const calls = await runFor(measure, one);
    const seconds = (performance.now() - start) / 1000;
    rows.push(
      `| convex-test | Node ${process.versions.node} (V8) | mutable:${op} | ${calls} | ` +
        `${(calls / seconds).toFixed(1)} | ${((seconds * 1000) / calls).toFixed(3)} |`,
    );
  }
  // one write, so the rows reach the caller even when vitest buffers the test's console
  process.stdout.write("BENCH-ROWS\n" + rows.join("\n") + "\n");
});
