// The deployment as the dashboard reaches it: same-origin HTTP calls with the admin key, sent as
// the npx convex CLI sends it (`Authorization: Convex <key>`). The key lives in sessionStorage only:
// it is gone when the tab closes, and never leaves this origin.
import { decode, encode } from "./values.js";

const KEY = "jconvex.adminKey";

export const adminKey = {
  get: () => sessionStorage.getItem(KEY),
  set: (key) => sessionStorage.setItem(KEY, key),
  clear: () => sessionStorage.removeItem(KEY),
};

/** An HTTP error answer: status, Convex's error code and message. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function request(method, path, body, signal) {
  const headers = { Authorization: `Convex ${adminKey.get() ?? ""}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: reported below with the status
  }
  if (!response.ok) {
    throw new ApiError(response.status, json?.code ?? `HTTP ${response.status}`, json?.message ?? text);
  }
  return json;
}

/**
 * Calls a function through POST /api/function (any kind; admins may call internal and system
 * functions). Resolves to the envelope with its value and errorData decoded:
 * {status: "success", value, logLines} or {status: "error", errorMessage, errorData?, logLines}.
 */
export async function call(path, args) {
  const envelope = await request("POST", "/api/function", { path, args: encode(args), format: "convex_encoded_json" });
  if (envelope.value !== undefined) envelope.value = decode(envelope.value);
  if (envelope.errorData !== undefined) envelope.errorData = decode(envelope.errorData);
  return envelope;
}

/** Calls a function and returns its value; a failure throws an Error with Convex's message. */
export async function run(path, args) {
  const envelope = await call(path, args);
  if (envelope.status !== "success") throw new Error(envelope.errorMessage);
  return envelope.value;
}

/** The deployment's version, engine, data location and live query counts. */
export const deployment = () => request("GET", "/api/jconvex/deployment");

/** The function log after cursor, waiting up to 10 s for an entry: {entries, newCursor}. */
export const logs = (cursor, signal) =>
  request("GET", `/api/stream_function_logs?cursor=${encodeURIComponent(cursor)}`, undefined, signal);
