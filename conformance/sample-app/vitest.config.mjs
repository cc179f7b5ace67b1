// The sample Convex app (examples/sample-app/convex, unmodified TypeScript) served by jconvex on
// GraalJS, driven by the official npm clients. Run from conformance/:
//   JCONVEX_URL=http://127.0.0.1:3210 JCONVEX_TOKEN_KEY=<PKCS#8 PEM> \
//   npx vitest run --config sample-app/vitest.config.mjs
// functions/src/test/java/dev/jconvex/it/sampleapp/SampleAppConformanceIT starts the server (with
// a customJwt auth provider whose private key it passes in JCONVEX_TOKEN_KEY) and runs this suite.
import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  resolve: {
    // The suite imports the app's generated `api` (examples/sample-app/convex/_generated/api.js),
    // which imports "convex/server": resolve it to conformance/'s pinned copy, as the app's own
    // node_modules would.
    dedupe: ["convex"],
  },
  test: {
    environment: "node",
    include: ["*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    sequence: { concurrent: false },
  },
});
