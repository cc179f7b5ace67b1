// The official `npx convex` CLI (npm convex, pinned in package.json) against two running jconvex
// servers, as a new user would drive it: run (with --watch, --identity, --inline-query), data, env,
// function-spec, logs, export from server A and import into server B. Every command is bounded by
// a timeout that fails its test, so a command that hangs cannot hang the suite.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, test } from "vitest";

const A = { url: process.env.JCONVEX_URL, key: process.env.JCONVEX_ADMIN_KEY };
const B = { url: process.env.JCONVEX_URL_B, key: process.env.JCONVEX_ADMIN_KEY_B };
if (!A.url || !A.key || !B.url || !B.key) {
  throw new Error("JCONVEX_URL, JCONVEX_ADMIN_KEY, JCONVEX_URL_B and JCONVEX_ADMIN_KEY_B must name two running servers");
}
type Server = { url: string; key: string };
const a = A as Server;
const b = B as Server;

const CLI = fileURLToPath(new URL("../node_modules/convex/bin/main.js", import.meta.url));
const COMMAND_TIMEOUT_MS = 30_000;

// The CLI wants to run inside a project that depends on convex: a bare one is enough.
const project = mkdtempSync(join(tmpdir(), "jconvex-cli-"));
writeFileSync(
  join(project, "package.json"),
  JSON.stringify({ name: "cli-conformance", private: true, dependencies: { convex: "1.48.0" } }),
);

type Result = { code: number | null; stdout: string; stderr: string };

/** The environment a user's shell would give the CLI: none of our CONVEX_* variables leak in. */
function baseEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: "true", NO_COLOR: "1", ...extra };
  for (const name of Object.keys(env)) {
    if (name.startsWith("CONVEX_") && !(name in extra)) delete env[name];
  }
  return env;
}

function start(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; out: () => Result } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: project, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  return { child, out: () => ({ code: child.exitCode, stdout, stderr }) };
}

/** Runs `npx convex <args>` to completion; fails if it takes longer than the timeout. */
function cli(args: string[], options: { server?: Server; env?: Record<string, string> } = {}): Promise<Result> {
  const server = options.server;
  const full = server ? [...args, "--url", server.url, "--admin-key", server.key] : args;
  const { child, out } = start(full, baseEnv(options.env));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`npx convex ${args.join(" ")} did not finish in ${COMMAND_TIMEOUT_MS} ms:\n${JSON.stringify(out())}`));
    }, COMMAND_TIMEOUT_MS);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ ...out(), code });
    });
  });
}

/** Runs a command that must succeed and returns its stdout. */
async function ok(args: string[], options: { server?: Server; env?: Record<string, string> } = {}): Promise<string> {
  const result = await cli(args, options);
  if (result.code !== 0) {
    throw new Error(`npx convex ${args.join(" ")} exited with ${result.code}:\n${result.stderr}\n${result.stdout}`);
  }
  return result.stdout;
}

/** A long-running command (logs, run --watch): stopped at the end of the test. */
function background(args: string[], server: Server) {
  const { child, out } = start([...args, "--url", server.url, "--admin-key", server.key], baseEnv());
  return {
    out,
    stop: () => child.kill("SIGKILL"),
  };
}

/** Calls a mutation over HTTP, as an app would. */
async function mutation(server: Server, path: string, args: Record<string, unknown>) {
  const response = await fetch(`${server.url}/api/mutation`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ path, args, format: "json" }),
  });
  const body = await response.json();
  expect(body.status).toBe("success");
  return body.value;
}

const unique = () => crypto.randomUUID().slice(0, 8);

beforeAll(async () => {
  await mutation(a, "mutable:set", { namespace: "cli", key: "seed", value: 1 });
});

describe("run", () => {
  test("runs a mutation with --url/--admin-key and prints its result as JSON", async () => {
    const key = `k-${unique()}`;
    const stdout = await ok(["run", "mutable:set", JSON.stringify({ namespace: "cli", key, value: 42 })], { server: a });
    expect(JSON.parse(stdout)).toMatchObject({ namespace: "cli", key, value: 42 });
  });

  test("takes the deployment from CONVEX_SELF_HOSTED_URL and CONVEX_SELF_HOSTED_ADMIN_KEY", async () => {
    const stdout = await ok(["run", "mutable:get", JSON.stringify({ namespace: "cli", key: "seed" })], {
      env: { CONVEX_SELF_HOSTED_URL: a.url, CONVEX_SELF_HOSTED_ADMIN_KEY: a.key },
    });
    expect(JSON.parse(stdout)).toMatchObject({ key: "seed", value: 1 });
  });

  test("runs internal functions (the admin key may), and lists the functions when one is missing", async () => {
    expect(JSON.parse(await ok(["run", "cli:secret"], { server: a }))).toBe("internal");
    const missing = await cli(["run", "cli:nope"], { server: a });
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("Could not find function for 'cli:nope'");
    expect(missing.stderr).toContain("cli:addNote");
  });

  test("--identity runs the function as that user", async () => {
    const stdout = await ok(["run", "cli:whoami", "--identity", '{ subject: "user-1", issuer: "https://issuer.test" }'], {
      server: a,
    });
    expect(JSON.parse(stdout)).toEqual({
      subject: "user-1",
      issuer: "https://issuer.test",
      tokenIdentifier: "https://issuer.test|user-1",
    });
  });

  test("--watch prints the query's result again after each change", async () => {
    const before = JSON.parse(await ok(["run", "cli:countNotes"], { server: a })) as number;
    const watch = background(["run", "cli:countNotes", "--watch"], a);
    try {
      await expect.poll(() => watch.out().stdout, { timeout: 20_000 }).toContain(String(before));
      await mutation(a, "cli:addNote", { text: `watched ${unique()}` });
      await expect.poll(() => watch.out().stdout, { timeout: 20_000 }).toContain(String(before + 1));
    } finally {
      watch.stop();
    }
  });

  test("--inline-query evaluates a read-only query", async () => {
    await mutation(a, "cli:addNote", { text: "inline" });
    const stdout = await ok(["run", "--inline-query", 'await ctx.db.query("notes").order("desc").take(1)'], {
      server: a,
    });
    expect(JSON.parse(stdout)).toEqual([expect.objectContaining({ text: "inline" })]);
  });

  test("--inline-query takes (…).length and ?.field; other JavaScript is refused with the supported forms", async () => {
    await mutation(a, "cli:addNote", { text: "counted" });
    const count = await ok(["run", "--inline-query", '(await ctx.db.query("notes").collect()).length'], { server: a });
    expect(Number(count.trim())).toBeGreaterThanOrEqual(1);
    const text = await ok(["run", "--inline-query", '(await ctx.db.query("notes").order("desc").first())?.text'], {
      server: a,
    });
    expect(text.trim()).toContain("counted");
    const refused = await cli(
      ["run", "--inline-query", 'await ctx.db.query("notes").filter((q) => q.eq(q.field("text"), "x")).collect()'],
      { server: a },
    );
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("Query failed");
    expect(refused.stderr).toContain("jconvex evaluates only inline queries of these forms");
  });

  test("a wrong admin key is refused", async () => {
    const result = await cli(["run", "mutable:get", '{"namespace":"cli","key":"seed"}'], {
      server: { url: a.url, key: "jconvex|0000" },
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr + result.stdout).toContain("BadAdminKey");
  });
});

describe("data", () => {
  test("lists the tables, and a table's documents with --limit and --order", async () => {
    const tables = await ok(["data"], { server: a });
    expect(tables.split("\n")).toEqual(expect.arrayContaining(["mutable", "notes"]));
    const first = `first-${unique()}`;
    const second = `second-${unique()}`;
    await mutation(a, "cli:addNote", { text: first });
    await mutation(a, "cli:addNote", { text: second });
    const newest = await ok(["data", "notes", "--limit", "1", "--format", "jsonl"], { server: a });
    expect(newest.trim().split("\n")).toHaveLength(1);
    expect(JSON.parse(newest).text).toBe(second);
    const oldestFirst = await ok(["data", "notes", "--order", "asc", "--format", "jsonl"], { server: a });
    const texts = oldestFirst
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line).text);
    expect(texts.indexOf(first)).toBeLessThan(texts.indexOf(second));
    const table = await cli(["data", "notes", "--limit", "1"], { server: a });
    expect(table.stdout).toMatch(/^_id +\| _creationTime +\| text/);
    expect(table.stderr).toContain("Showing the 1 most recently created document");
  });
});

describe("env", () => {
  test("set, get, list and remove round-trip, and functions see the value as process.env", async () => {
    const name = `CLI_${unique().toUpperCase().replace(/-/g, "_")}`;
    await ok(["env", "set", name, "hello world"], { server: a });
    expect((await ok(["env", "get", name], { server: a })).trim()).toBe("hello world");
    expect(await ok(["env", "list"], { server: a })).toContain(`${name}=hello world`);
    expect(JSON.parse(await ok(["run", "cli:env", JSON.stringify({ name })], { server: a }))).toBe("hello world");
    await ok(["env", "remove", name], { server: a });
    expect(await ok(["env", "list"], { server: a })).not.toContain(name);
    expect(await ok(["run", "cli:env", JSON.stringify({ name })], { server: a })).toBe("");
  });

  test("a bad name is refused with Convex's error shape and changes nothing", async () => {
    const result = await cli(["env", "set", "1BAD", "x"], { server: a });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("400 Bad Request: InvalidArgument");
    expect(await ok(["env", "list"], { server: a })).not.toContain("1BAD");
  });
});

describe("function-spec", () => {
  test("prints every function with its type, visibility and validators", async () => {
    const spec = JSON.parse(await ok(["function-spec"], { server: a }));
    expect(spec.url).toBe(a.url);
    const set = spec.functions.find((f: { identifier: string }) => f.identifier === "mutable.js:set");
    expect(set).toMatchObject({ functionType: "Mutation", visibility: { kind: "public" } });
    expect(JSON.parse(set.args)).toMatchObject({ type: "object", value: { namespace: { fieldType: { type: "string" } } } });
    const secret = spec.functions.find((f: { identifier: string }) => f.identifier === "cli.js:secret");
    expect(secret).toMatchObject({ functionType: "Query", visibility: { kind: "internal" } });
    expect(spec.functions.some((f: { identifier: string }) => f.identifier.startsWith("_system"))).toBe(false);
  });
});

describe("logs", () => {
  test("streams a mutation's console.log with --success", async () => {
    const logs = background(["logs", "--success"], a);
    try {
      await expect.poll(() => logs.out().stderr, { timeout: 20_000 }).toContain("Watching logs");
      const text = `logged-${unique()}`;
      // The first poll of `logs` returns history, which it does not print; keep calling until a
      // call lands after it.
      await expect
        .poll(
          async () => {
            await mutation(a, "cli:addNote", { text });
            return logs.out().stdout;
          },
          { timeout: 20_000, interval: 500 },
        )
        .toContain(`[CONVEX M(cli:addNote)] [LOG] 'adding note' '${text}'`);
      expect(logs.out().stdout).toMatch(/\[CONVEX M\(cli:addNote\)\] Function executed in \d+ ms/);
    } finally {
      logs.stop();
    }
  });
});

describe("export and import", () => {
  let zip = "";

  test("export writes a snapshot ZIP that import --replace loads into another server unchanged", async () => {
    await mutation(a, "mutable:set", { namespace: "cli", key: `bytes-${unique()}`, value: { $bytes: "AQID" } });
    zip = join(project, `snapshot-${unique()}.zip`);
    const exported = await cli(["export", "--path", zip], { server: a });
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toContain("Downloaded snapshot export");
    const imported = await cli(["import", "--replace", "-y", zip], { server: b });
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toMatch(/Added \d+ documents/);
    const tablesA = await ok(["data"], { server: a });
    expect(await ok(["data"], { server: b })).toBe(tablesA);
    for (const table of tablesA.trim().split("\n")) {
      const limit = ["--limit", "100000", "--format", "jsonl"];
      expect(await ok(["data", table, ...limit], { server: b })).toBe(await ok(["data", table, ...limit], { server: a }));
    }
  });

  test("import into non-empty tables without --replace or --append is refused and changes nothing", async () => {
    const before = await ok(["data", "notes", "--limit", "100000", "--format", "jsonl"], { server: b });
    const result = await cli(["import", "-y", zip], { server: b });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/Table "\w+" is not empty/);
    expect(await ok(["data", "notes", "--limit", "100000", "--format", "jsonl"], { server: b })).toBe(before);
  });

  test("JSON lines, JSON and CSV go into one --table; --append adds", async () => {
    const table = `people_${unique().replace(/-/g, "_")}`;
    const jsonl = join(project, "people.jsonl");
    writeFileSync(jsonl, '{"name":"Ann","age":31}\n{"name":"Bo","tags":["x"]}\n');
    expect((await cli(["import", "--table", table, "-y", jsonl], { server: b })).stderr).toContain("Added 2 documents");
    const json = join(project, "people.json");
    writeFileSync(json, '[{"name":"Cy"}]');
    expect((await cli(["import", "--table", table, "--append", "-y", json], { server: b })).stderr).toContain(
      "Added 1 documents",
    );
    const csv = join(project, "people.csv");
    writeFileSync(csv, 'name,age\n"Di, Jr.",40\n');
    expect((await cli(["import", "--table", table, "--append", "-y", csv], { server: b })).stderr).toContain(
      "Added 1 documents",
    );
    const rows = (await ok(["data", table, "--order", "asc", "--format", "jsonl"], { server: b }))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(rows.map((r) => r.name)).toEqual(["Ann", "Bo", "Cy", "Di, Jr."]);
    expect(rows[0].age).toBe(31);
    expect(rows[3].age).toBe(40);
  });

  test("a file with a broken line is refused, names the line, and creates nothing", async () => {
    const table = `broken_${unique().replace(/-/g, "_")}`;
    const file = join(project, "broken.jsonl");
    writeFileSync(file, '{"ok":1}\n{"not json\n');
    const result = await cli(["import", "--table", table, "-y", file], { server: b });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("Failed to parse line 2 of the uploaded file as JSON");
    expect(await ok(["data"], { server: b })).not.toContain(table);
  });
});
