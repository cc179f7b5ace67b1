// The dashboard's value codec (runtime/src/main/resources/dev/jconvex/dashboard/values.js) against
// the official npm convex package's own: no server needed. Run from conformance/:
//   npx vitest run --config dashboard/vitest.config.mjs
// (functions/src/test/java/dev/jconvex/it/dashboard/DashboardValuesIT runs it in mvn verify.)
import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  test: {
    environment: "node",
    include: ["*.test.ts"],
  },
});
