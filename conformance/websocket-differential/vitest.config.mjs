// The WebSocket side of MutableTypeScriptWebSocketDifferentialIT (functions/): replays the
// differential test's generated sequences through the official npm ConvexClient against jconvex
// servers that serve the seed's mutable.ts as TypeScript. Run by that test, which serves the
// control endpoint (JCONVEX_CONTROL_URL) and writes the sequences (DIFFERENTIAL_INPUT).
import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  test: {
    environment: "node",
    include: ["runner.test.ts"],
    testTimeout: 1_800_000,
    hookTimeout: 60_000,
  },
});
