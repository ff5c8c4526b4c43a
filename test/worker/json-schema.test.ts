import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { toJsonSchema } from "../../src/worker/json-schema.ts";

describe("toJsonSchema", () => {
  test("strictObject: required vs optional keys, defaults, descriptions, no extra properties", () => {
    const schema = v.strictObject({
      path: v.pipe(v.string(), v.description("Repo-relative path")),
      content: v.string(),
      overwrite: v.optional(v.boolean(), false),
      note: v.optional(v.pipe(v.string(), v.description("Why"))),
    });
    expect(toJsonSchema(schema)).toEqual({
      type: "object",
      properties: {
        path: { type: "string", description: "Repo-relative path" },
        content: { type: "string" },
        overwrite: { type: "boolean", default: false },
        note: { type: "string", description: "Why" },
      },
      required: ["path", "content"],
      additionalProperties: false,
    });
  });

  test("a plain object with only optional keys requires nothing and allows extras", () => {
    expect(toJsonSchema(v.object({ a: v.optional(v.string()) }))).toEqual({ type: "object", properties: { a: { type: "string" } }, required: [] });
  });

  test("integer with bounds; number stays number", () => {
    expect(toJsonSchema(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(500)))).toEqual({ type: "integer", minimum: 1, maximum: 500 });
    expect(toJsonSchema(v.pipe(v.number(), v.minValue(0)))).toEqual({ type: "number", minimum: 0 });
    expect(toJsonSchema(v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 5))).toEqual({ type: "integer", minimum: 1, default: 5 });
  });

  test("string lengths and array item bounds", () => {
    expect(toJsonSchema(v.pipe(v.string(), v.minLength(1), v.maxLength(10)))).toEqual({ type: "string", minLength: 1, maxLength: 10 });
    expect(toJsonSchema(v.pipe(v.array(v.string()), v.minLength(1), v.maxLength(5)))).toEqual({
      type: "array",
      items: { type: "string" },
      minItems: 1,
      maxItems: 5,
    });
    expect(toJsonSchema(v.pipe(v.array(v.number()), v.nonEmpty()))).toEqual({ type: "array", items: { type: "number" }, minItems: 1 });
  });

  test("picklist → enum (string or number)", () => {
    expect(toJsonSchema(v.picklist(["read", "write"]))).toEqual({ type: "string", enum: ["read", "write"] });
    expect(toJsonSchema(v.picklist([1, 2, 3]))).toEqual({ type: "number", enum: [1, 2, 3] });
  });

  test("nested objects and arrays of objects", () => {
    const schema = v.object({
      tasks: v.array(v.object({ slug: v.string(), files: v.object({ edit: v.optional(v.array(v.string()), []) }) })),
    });
    expect(toJsonSchema(schema)).toEqual({
      type: "object",
      properties: {
        tasks: {
          type: "array",
          items: {
            type: "object",
            properties: {
              slug: { type: "string" },
              files: { type: "object", properties: { edit: { type: "array", items: { type: "string" }, default: [] } }, required: [] },
            },
            required: ["slug", "files"],
          },
        },
      },
      required: ["tasks"],
    });
  });

  test("unknown and any accept anything; literal is const; record maps values", () => {
    expect(toJsonSchema(v.unknown())).toEqual({});
    expect(toJsonSchema(v.any())).toEqual({});
    expect(toJsonSchema(v.literal("done"))).toEqual({ const: "done" });
    expect(toJsonSchema(v.record(v.string(), v.number()))).toEqual({ type: "object", propertyNames: { type: "string" }, additionalProperties: { type: "number" } });
  });

  test("a function default is shown as what it gives; nullable admits null and stays required", () => {
    const schema = v.object({ at: v.optional(v.string(), () => "now"), n: v.nullable(v.number()) });
    expect(toJsonSchema(schema)).toEqual({
      type: "object",
      properties: { at: { type: "string", default: "now" }, n: { anyOf: [{ type: "number" }, { type: "null" }] } },
      required: ["n"],
    });
  });

  test("unions become anyOf", () => {
    expect(toJsonSchema(v.union([v.string(), v.array(v.string())]))).toEqual({ anyOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] });
  });
});
