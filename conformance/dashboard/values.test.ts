// The dashboard shows and edits Convex values in its own notation and sends them as
// convex_encoded_json; what it sends must be exactly what the official client would send, and what
// it shows must read back as the same value.
import { describe, expect, test } from "vitest";
import { convexToJson, jsonToConvex, type Value } from "convex/values";
// @ts-expect-error: a plain ES module of the dashboard, without type declarations
import { Bytes, decode, encode, format, parse, validatorText } from "../../runtime/src/main/resources/dev/jconvex/dashboard/values.js";

/** A value as the dashboard holds it (Bytes) -> as the npm client holds it (ArrayBuffer). */
function toConvex(value: unknown): Value {
  if (value instanceof Bytes) return (value as { bytes: Uint8Array }).bytes.slice().buffer;
  if (Array.isArray(value)) return value.map(toConvex);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toConvex(v)]));
  }
  return value as Value;
}

const samples: Record<string, string> = {
  "int64 zero, extremes and negatives": "[0n, 1n, -1n, 123n, 9223372036854775807n, -9223372036854775808n]",
  "floats, whole and special": "[0, -0, 1.5, 10, 1e21, 1e-7, 5e-324, 1.7976931348623157e308, NaN, Infinity, -Infinity]",
  bytes: '[Bytes(""), Bytes("AQID"), Bytes("/w==")]',
  "a document": '{ "_id": "j97abc", text: "héllo \\"quoted\\"\\n", count: 7n, nested: { list: [null, true, false] }, data: Bytes("AAEC") }',
};

describe("the dashboard's value codec", () => {
  for (const [name, text] of Object.entries(samples)) {
    test(`encodes ${name} exactly as convex/values does`, () => {
      const value = parse(text);
      expect(encode(value)).toEqual(convexToJson(toConvex(value)));
    });

    test(`decodes ${name} from convex/values' JSON, and reads back what it shows`, () => {
      const value = parse(text);
      const decoded = decode(convexToJson(toConvex(value)));
      expect(toConvex(decoded)).toEqual(toConvex(value));
      expect(toConvex(decoded)).toEqual(jsonToConvex(convexToJson(toConvex(value))));
      expect(format(parse(format(decoded)))).toEqual(format(decoded));
    });
  }

  test("shows int64 as 123n and bytes as Bytes(base64)", () => {
    expect(format(decode({ n: { $integer: "ewAAAAAAAAA=" }, b: { $bytes: "AQID" } }))).toBe(
      '{\n  "n": 123n,\n  "b": Bytes("AQID")\n}',
    );
  });

  test("refuses bad input and says where", () => {
    expect(() => parse("{ a: 1,, }")).toThrow("expected a field name at line 1, column 8");
    expect(() => parse("[1,\n 2")).toThrow("expected ',' or ']' at line 2");
    expect(() => parse("9223372036854775808n")).toThrow("9223372036854775808n does not fit in an int64");
    expect(() => parse('{ a: 1, a: 2 }')).toThrow('duplicate field "a"');
    expect(() => parse('Bytes("***")')).toThrow('invalid base64 in Bytes("***")');
    expect(() => parse("1 2")).toThrow("unexpected text after the value");
  });

  test("writes validators as convex/values does", () => {
    expect(
      validatorText({
        type: "object",
        value: {
          text: { fieldType: { type: "string" }, optional: false },
          count: { fieldType: { type: "bigint" }, optional: true },
          author: { fieldType: { type: "id", tableName: "users" }, optional: false },
          kind: { fieldType: { type: "union", value: [{ type: "literal", value: "a" }, { type: "null" }] }, optional: false },
        },
      }),
    ).toBe('v.object({ text: v.string(), count: v.optional(v.int64()), author: v.id("users"), kind: v.union(v.literal("a"), v.null()) })');
  });
});
