// CLI conformance: the official `npx convex` CLI (npm convex, pinned) against two running jconvex
// servers. Run from conformance/:
//   JCONVEX_URL=… JCONVEX_ADMIN_KEY=… JCONVEX_URL_B=… JCONVEX_ADMIN_KEY_B=… \
//   npx vitest run --config cli/vitest.config.mjs
// (functions/src/test/java/dev/jconvex/it/cli/CliConformanceIT starts both servers and runs it.)
import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  test: {
    environment: "node",
    include: ["*.test.ts"],
    // Each CLI command has its own, shorter timeout (see cli.test.ts); this bounds a whole test.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
