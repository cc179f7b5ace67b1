// The oracle: the seed's own TypeScript (convex/mutable.ts) run under the official convex-test
// mock backend. convex-test requires the edge-runtime environment and must be inlined.
// Run from conformance/: ORACLE_INPUT=in.json ORACLE_OUTPUT=out.json npx vitest run --config oracle/vitest.config.mjs
import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  test: {
    environment: "edge-runtime",
    server: { deps: { inline: ["convex-test"] } },
    include: ["runner.test.ts", "facts.test.ts"],
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
