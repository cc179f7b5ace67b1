// HTTP conformance: the official npm ConvexHttpClient against a running jconvex server.
// Run from conformance/: JCONVEX_URL=http://127.0.0.1:3210 JCONVEX_ADMIN_KEY=... \
//   npx vitest run --config http/vitest.config.mjs
// (functions/src/test/java/dev/jconvex/it/http/HttpClientConformanceIT starts a server and runs it.)
import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  test: {
    environment: "node",
    include: ["*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // One server, one data set: files run one after another.
    fileParallelism: false,
  },
});
