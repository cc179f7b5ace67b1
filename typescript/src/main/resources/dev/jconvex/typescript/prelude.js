// Evaluated in every GraalJS context before a module's bundle: what Convex's isolate provides to
// the `convex` npm package's server code, backed by jconvex (dev.jconvex.typescript.JsRuntime).
//
// - globalThis.Convex: syscall / asyncSyscall / jsSyscall, the interface that
//   convex/dist/esm/server/impl/syscall.js calls. Arguments and results are JSON strings of Convex
//   JSON; the host returns the result text, "\u0000" followed by an error message, or "\u0001",
//   a ConvexError's data, "\u0000" and its message.
// - Date: frozen at the run's start time (Date.now(), new Date(), Date()), as Convex freezes it.
// - Math.random: seeded per run (sfc32, 128 bits of seed from the runtime's injected randomness).
// - console: log/info/warn/error/debug lines go to the function's log lines.
// - process.env: the deployment's environment variables, read by name (a Proxy: names can be read
//   and tested with `in`, not listed).
//
// The function returns the hooks the host calls per run: begin(now, seed0..3) and
// settle(promise, onValue, onError).
(function (hostSyscall, hostConsole, hostEnv) {
  "use strict";

  function unwrap(result) {
    if (result.length > 0 && result.charCodeAt(0) === 0) {
      throw new Error(result.slice(1));
    }
    if (result.length > 0 && result.charCodeAt(0) === 1) {
      // "\u0001" + Convex JSON data + "\u0000" + message: a ConvexError from a called function;
      // performAsyncSyscall rethrows an error with `data` as a ConvexError.
      const end = result.indexOf("\u0000");
      const error = new Error(result.slice(end + 1));
      error.data = JSON.parse(result.slice(1, end));
      throw error;
    }
    return result;
  }
  globalThis.Convex = Object.freeze({
    syscall(op, args) {
      return unwrap(hostSyscall(op, args));
    },
    asyncSyscall(op, args) {
      try {
        return Promise.resolve(unwrap(hostSyscall(op, args)));
      } catch (e) {
        return Promise.reject(e);
      }
    },
    jsSyscall(op) {
      throw new Error(`Convex.jsSyscall("${op}") is not supported by jconvex yet`);
    },
  });

  const RealDate = globalThis.Date;
  let frozenNow = 0;
  class ConvexDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) {
        super(frozenNow);
      } else {
        super(...args);
      }
    }
    static now() {
      return frozenNow;
    }
  }
  globalThis.Date = new Proxy(ConvexDate, {
    apply() {
      return new RealDate(frozenNow).toString();
    },
  });

  let a = 1, b = 2, c = 3, d = 4;
  Math.random = function random() {
    a |= 0; b |= 0; c |= 0; d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };

  const levels = ["log", "info", "warn", "error", "debug"];
  const consoleObject = {};
  for (const level of levels) {
    consoleObject[level] = (...args) => hostConsole(level, args);
  }
  globalThis.console = consoleObject;

  const env = new Proxy(Object.create(null), {
    get(_target, name) {
      if (typeof name !== "string") return undefined;
      const value = hostEnv(name);
      return value === null ? undefined : value;
    },
    has(_target, name) {
      return typeof name === "string" && hostEnv(name) !== null;
    },
    set() {
      return false;
    },
  });
  globalThis.process = Object.freeze({ env });

  return {
    begin(now, s0, s1, s2, s3) {
      frozenNow = now;
      a = s0; b = s1; c = s2; d = s3;
      // sfc32's first outputs are weak; Convex-like code expects uniform values from the start.
      for (let i = 0; i < 12; i++) Math.random();
    },
    settle(promise, onValue, onError) {
      Promise.resolve(promise).then(
        (value) => onValue(value),
        (error) => onError(error),
      );
    },
  };
});
