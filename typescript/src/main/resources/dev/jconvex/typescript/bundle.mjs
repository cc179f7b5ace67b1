// Bundles a Convex project's convex/ folder for jconvex, as `npx convex deploy` bundles it for
// Convex's isolates: one self-contained ES module per file under convex/, with esbuild, the
// `convex` package's code (convex/server, convex/values) inlined from the pinned toolchain copy
// rather than from the project's own node_modules.
//
//   node bundle.mjs CONVEX_DIR OUT_DIR TOOLCHAIN_DIR
//
// Writes OUT_DIR/<module path>.js for each module and OUT_DIR/manifest.json:
//   {"modules": ["mutable", "dir/file", ...], "schema": true|false}
// and exits 1 with esbuild's messages on standard error when a module does not build.
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

const [convexDir, outDir, toolchainDir] = process.argv.slice(2);
if (!convexDir || !outDir || !toolchainDir) {
  console.error("usage: node bundle.mjs CONVEX_DIR OUT_DIR TOOLCHAIN_DIR");
  process.exit(2);
}
const require = createRequire(path.join(path.resolve(toolchainDir), "package.json"));
const esbuild = require("esbuild");

// The files Convex's CLI treats as modules (entryPoints in convex-js src/bundler/index.ts):
// JavaScript and TypeScript sources, not under _generated/, not declaration files, not names
// with more than one dot (foo.test.ts), not the config files.
const SOURCE = /\.(ts|tsx|js|jsx|mjs|cjs|mts|cts)$/;
function modules(dir, prefix = "") {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    if (entry.isDirectory()) {
      if (rel === "_generated" || entry.name === "_deps") continue;
      found.push(...modules(path.join(dir, entry.name), rel));
    } else if (SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts")
        && entry.name.split(".").length === 2 && !/^(auth|convex)\.config\./.test(entry.name)
        && !/^http\./.test(rel)) {
      found.push(rel);
    }
  }
  return found.sort();
}

const files = modules(convexDir);
// `convex` and `convex/...` always come from the toolchain's pinned package.
const pinConvex = {
  name: "jconvex-pin-convex",
  setup(build) {
    build.onResolve({ filter: /^convex(\/.*)?$/ }, async (args) => {
      if (args.pluginData === "pinned") return undefined;
      const result = await build.resolve(args.path, {
        kind: args.kind,
        resolveDir: path.resolve(toolchainDir),
        pluginData: "pinned",
      });
      return result.errors.length ? { errors: result.errors } : { path: result.path };
    });
  },
};

fs.mkdirSync(outDir, { recursive: true });
try {
  await esbuild.build({
    entryPoints: Object.fromEntries(files.map((f) => [f.replace(SOURCE, ""), path.join(convexDir, f)])),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    outdir: outDir,
    write: true,
    splitting: false,
    sourcemap: false,
    minify: false,
    keepNames: true,
    // As Convex's bundler (convex/dist/cjs/bundler/debugBundle.js innerEsbuild): NODE_ENV is
    // "production" in deployed code, whatever the deployment's environment variables say.
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "error",
    conditions: ["convex", "module"],
    plugins: [pinConvex],
  });
} catch (e) {
  // esbuild has already printed its messages.
  process.exit(1);
}
const names = files.map((f) => f.replace(SOURCE, ""));
fs.writeFileSync(
  path.join(outDir, "manifest.json"),
  JSON.stringify({ modules: names.filter((n) => n !== "schema"), schema: names.includes("schema") }),
);
