// bench/typescript's convex-test side (issue 16 §5): the seed's mutable:set and mutable:get under
// the official convex-test, timed. Not part of any test run.
// Run from conformance/: BENCH_WARMUP=5 BENCH_SECONDS=10 npx vitest run --config oracle/bench.vitest.config.mjs
import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  test: {
    environment: "edge-runtime",
    server: { deps: { inline: ["convex-test"] } },
    include: ["bench.test.ts"],
    testTimeout: 600_000,
  },
});
