/**
 * Administration of a deployment, as the official {@code npx convex} CLI drives it: the system
 * functions under {@code _system/cli/} ({@link dev.jconvex.admin.SystemFunctions}), snapshot export
 * and import in Convex's ZIP format and the single-table formats ({@link
 * dev.jconvex.admin.SnapshotExport}, {@link dev.jconvex.admin.SnapshotImport}), the log of function
 * executions that {@code npx convex logs} streams ({@link dev.jconvex.admin.FunctionLog}), and the
 * reset that empties every table; and the dashboard's system functions under {@code
 * _system/dashboard/} (tables and counts, index-filtered pages, document insert/replace/remove).
 *
 * <p>The HTTP routes that reach these live in {@code dev.jconvex.http} and require the admin key;
 * {@link dev.jconvex.admin.Admin} is the one facade they call.
 */
package dev.jconvex.admin;
