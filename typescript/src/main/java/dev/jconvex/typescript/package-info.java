/**
 * TypeScript Convex modules on the JVM: a project's unmodified {@code convex/} folder is bundled with
 * esbuild ({@link dev.jconvex.typescript.TypeScriptFunctions#load}) and run on GraalJS, where the
 * {@code convex} npm package's own server code calls Convex's syscall interface ({@code
 * globalThis.Convex.syscall}/{@code asyncSyscall}), answered by the runtime's {@code ctx.db} inside
 * the same transaction, read set and limits as a Java function. See docs/typescript.md.
 */
package dev.jconvex.typescript;
