// Convex values in the dashboard: decoding and encoding convex_encoded_json (what the HTTP API
// answers and accepts), and the notation the dashboard shows and edits them in.
//
// The notation is JSON with Convex's other types spelled out, so that plain JSON is valid input:
//   int64           123n, -5n
//   bytes           Bytes("AQID")              (standard base64)
//   special floats  NaN, Infinity, -Infinity, -0
// Object keys may also be written unquoted when they are identifiers; a trailing comma is allowed.

/** A Convex byte string (an ArrayBuffer in the npm client). */
export class Bytes {
  constructor(bytes) {
    this.bytes = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  }
  toBase64() {
    let text = "";
    for (const b of this.bytes) text += String.fromCharCode(b);
    return btoa(text);
  }
  static fromBase64(base64) {
    let text;
    try {
      text = atob(base64);
    } catch {
      throw new Error(`invalid base64 in Bytes("${base64}")`);
    }
    return new Bytes(Uint8Array.from(text, (c) => c.charCodeAt(0)));
  }
}

function base64ToView(base64, what) {
  const bytes = Bytes.fromBase64(base64).bytes;
  if (bytes.length !== 8) throw new Error(`${what} must be 8 bytes, not ${bytes.length}`);
  return new DataView(bytes.buffer);
}

function viewToBase64(fill) {
  const view = new DataView(new ArrayBuffer(8));
  fill(view);
  return new Bytes(new Uint8Array(view.buffer)).toBase64();
}

/** convex_encoded_json -> a JS value (bigint for int64, Bytes for bytes). */
export function decode(json) {
  if (Array.isArray(json)) return json.map(decode);
  if (json !== null && typeof json === "object") {
    const keys = Object.keys(json);
    if (keys.length === 1) {
      if (keys[0] === "$integer") return base64ToView(json.$integer, "$integer").getBigInt64(0, true);
      if (keys[0] === "$float") return base64ToView(json.$float, "$float").getFloat64(0, true);
      if (keys[0] === "$bytes") return Bytes.fromBase64(json.$bytes);
    }
    const out = {};
    for (const k of keys) out[k] = decode(json[k]);
    return out;
  }
  return json;
}

/** A JS value -> convex_encoded_json. */
export function encode(value) {
  if (typeof value === "bigint") {
    if (value < -(2n ** 63n) || value >= 2n ** 63n) throw new Error(`${value}n does not fit in an int64`);
    return { $integer: viewToBase64((v) => v.setBigInt64(0, value, true)) };
  }
  if (typeof value === "number" && (!Number.isFinite(value) || Object.is(value, -0))) {
    return { $float: viewToBase64((v) => v.setFloat64(0, value, true)) };
  }
  if (value instanceof Bytes) return { $bytes: value.toBase64() };
  if (Array.isArray(value)) return value.map(encode);
  if (value !== null && typeof value === "object") {
    const out = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = encode(v);
    return out;
  }
  return value;
}

function formatNumber(n) {
  if (Number.isNaN(n)) return "NaN";
  if (Object.is(n, -0)) return "-0";
  if (n === Infinity) return "Infinity";
  if (n === -Infinity) return "-Infinity";
  return String(n);
}

/** A value in the notation, indented by two spaces per level. */
export function format(value, indent = "") {
  if (value === null) return "null";
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "string" || typeof value === "boolean") return JSON.stringify(value);
  if (value instanceof Bytes) return `Bytes(${JSON.stringify(value.toBase64())})`;
  const inner = indent + "  ";
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => inner + format(v, inner)).join(",\n")}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${format(v, inner)}`).join(",\n")}\n${indent}}`;
}

/** Parses the notation; throws an Error that names the position of the first problem. */
export function parse(text) {
  let i = 0;
  const fail = (what) => {
    const line = text.slice(0, i).split("\n").length;
    throw new Error(`${what} at line ${line}, column ${i - text.lastIndexOf("\n", i - 1)}`);
  };
  const space = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const expect = (c) => {
    space();
    if (text[i] !== c) fail(`expected '${c}'`);
    i++;
  };
  const string = () => {
    const m = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(text.slice(i));
    if (!m) fail("unterminated or invalid string");
    i += m[0].length;
    return JSON.parse(m[0]);
  };
  const value = () => {
    space();
    const c = text[i];
    if (c === "{") {
      i++;
      const out = {};
      space();
      while (text[i] !== "}") {
        space();
        let key;
        if (text[i] === '"') key = string();
        else {
          const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(text.slice(i));
          if (!m) fail("expected a field name");
          key = m[0];
          i += key.length;
        }
        expect(":");
        if (Object.hasOwn(out, key)) fail(`duplicate field "${key}"`);
        out[key] = value();
        space();
        if (text[i] === ",") i++;
        else if (text[i] !== "}") fail("expected ',' or '}'");
        space();
      }
      i++;
      return out;
    }
    if (c === "[") {
      i++;
      const out = [];
      space();
      while (text[i] !== "]") {
        out.push(value());
        space();
        if (text[i] === ",") i++;
        else if (text[i] !== "]") fail("expected ',' or ']'");
        space();
      }
      i++;
      return out;
    }
    if (c === '"') return string();
    const rest = text.slice(i);
    const bytes = /^Bytes\(\s*("(?:[^"\\]|\\.)*")\s*\)/.exec(rest);
    if (bytes) {
      i += bytes[0].length;
      return Bytes.fromBase64(JSON.parse(bytes[1]));
    }
    const big = /^-?\d+n/.exec(rest);
    if (big) {
      i += big[0].length;
      const n = BigInt(big[0].slice(0, -1));
      if (n < -(2n ** 63n) || n >= 2n ** 63n) fail(`${n}n does not fit in an int64`);
      return n;
    }
    const num = /^-?(?:\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|Infinity)|^NaN/.exec(rest);
    if (num) {
      i += num[0].length;
      return Number(num[0]);
    }
    for (const [word, v] of [["true", true], ["false", false], ["null", null]]) {
      if (rest.startsWith(word)) {
        i += word.length;
        return v;
      }
    }
    fail(i >= text.length ? "unexpected end of input" : `unexpected '${c}'`);
  };
  const result = value();
  space();
  if (i < text.length) fail("unexpected text after the value");
  return result;
}

/**
 * A value as DOM nodes: each scalar in a span whose class names its Convex type (value-int64,
 * value-bytes, value-id, ...), and strings that are document ids (idTables maps them to their
 * table) as links to that document.
 */
export function render(value, idTables = {}, indent = "") {
  const frag = document.createDocumentFragment();
  const span = (cls, text, title) => {
    const s = document.createElement("span");
    s.className = cls;
    s.textContent = text;
    if (title) s.title = title;
    frag.append(s);
  };
  if (value === null) span("value-null", "null");
  else if (typeof value === "bigint") span("value-int64", `${value}n`, "int64");
  else if (typeof value === "number") span("value-float64", formatNumber(value), "float64");
  else if (typeof value === "boolean") span("value-boolean", String(value));
  else if (value instanceof Bytes) span("value-bytes", `Bytes(${JSON.stringify(value.toBase64())})`, `bytes (${value.bytes.length})`);
  else if (typeof value === "string") {
    const table = idTables[value];
    if (table) {
      const a = document.createElement("a");
      a.className = "value-id";
      a.href = `#/data/${encodeURIComponent(table)}/${encodeURIComponent(value)}`;
      a.title = `Id<"${table}">`;
      a.textContent = JSON.stringify(value);
      frag.append(a);
    } else span("value-string", JSON.stringify(value));
  } else {
    const array = Array.isArray(value);
    const entries = array ? value.map((v) => [null, v]) : Object.entries(value);
    if (entries.length === 0) {
      span("punct", array ? "[]" : "{}");
      return frag;
    }
    const inner = indent + "  ";
    frag.append(array ? "[\n" : "{\n");
    entries.forEach(([k, v], n) => {
      frag.append(inner);
      if (k !== null) {
        span("value-key", JSON.stringify(k));
        frag.append(": ");
      }
      frag.append(render(v, idTables, inner));
      frag.append(n < entries.length - 1 ? ",\n" : "\n");
    });
    frag.append(indent + (array ? "]" : "}"));
  }
  return frag;
}

/** A validator as {@code convex/values} writes it: v.object({ name: v.string() }). */
export function validatorText(json) {
  if (!json) return "v.any()";
  switch (json.type) {
    case "null": return "v.null()";
    case "number": return "v.number()";
    case "bigint": return "v.int64()";
    case "boolean": return "v.boolean()";
    case "string": return "v.string()";
    case "bytes": return "v.bytes()";
    case "any": return "v.any()";
    case "literal": return `v.literal(${typeof json.value === "object" ? format(decode(json.value)) : JSON.stringify(json.value)})`;
    case "id": return `v.id(${JSON.stringify(json.tableName)})`;
    case "array": return `v.array(${validatorText(json.value)})`;
    case "record": return `v.record(${validatorText(json.keys)}, ${validatorText(json.values?.fieldType ?? json.values)})`;
    case "union": return `v.union(${json.value.map(validatorText).join(", ")})`;
    case "object": {
      const fields = Object.entries(json.value).map(([k, f]) => {
        const t = validatorText(f.fieldType);
        return `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${f.optional ? `v.optional(${t})` : t}`;
      });
      return fields.length === 0 ? "v.object({})" : `v.object({ ${fields.join(", ")} })`;
    }
    default: return JSON.stringify(json);
  }
}
