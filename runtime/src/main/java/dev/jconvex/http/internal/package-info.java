/**
 * Convex's HTTP API over Undertow (spec wire-protocol §1): {@link dev.jconvex.http.internal.HttpApi} builds
 * the one handler that serves the function routes ({@code /api/query}, {@code /api/mutation}, …),
 * the health routes and Convex's CORS, and mounts the WebSocket sync handler. Handlers are thin:
 * they parse, authenticate, call a {@link dev.jconvex.execution.internal.FunctionRuntime} and write Convex's
 * envelope; transport errors map to HTTP statuses in exactly one place, {@link
 * dev.jconvex.execution.internal.SystemErrors}, which the sync session and the embedded runtime share. Hostile
 * input is refused before anything runs: {@code RequestGuard} (headers, query size), {@code
 * RequestBody} (one JSON document, strict UTF-8 via {@code Utf8}), {@code PercentDecoding} (URLs),
 * {@code BodyDeadline} and {@link dev.jconvex.http.HttpTimeouts} (slow clients). With {@link
 * dev.jconvex.http.internal.HttpApi.Builder#dashboard} it also serves the dashboard's static web app under
 * {@code /dashboard/} ({@code DashboardAssets}) and its {@link dev.jconvex.http.internal.DeploymentStatus}.
 */
package dev.jconvex.http.internal;
