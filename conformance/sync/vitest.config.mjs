// Sync conformance: the official npm ConvexClient (WebSocket sync protocol) against a running
// jconvex server. Run from conformance/:
//   JCONVEX_URL=http://127.0.0.1:3210 JCONVEX_CONTROL_URL=http://127.0.0.1:<port> \
//   npx vitest run --config sync/vitest.config.mjs
// functions/src/test/java/dev/jconvex/it/sync/SyncConformanceIT starts a server, and a control
// endpoint that restarts it on the same port and data directory, and runs this suite.
import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  test: {
    environment: "node",
    include: ["*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 30_000,
    // One server, one data set, and a restart in the middle: files and tests run in order.
    fileParallelism: false,
    sequence: { concurrent: false },
  },
});
