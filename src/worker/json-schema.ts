import { toJsonSchema as officialToJsonSchema } from "@valibot/to-json-schema";
import type * as v from "valibot";

/** A JSON Schema (the subset function-calling models read). */
export type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema of a valibot schema, as the model sees a tool's parameters: valibot's own
 * converter, as the input a call must give (defaults shown, what the tool fills in not required).
 * What JSON Schema cannot say (a custom check, a transform) is left out, not refused: the tool
 * validates every call with the valibot schema itself. The `$schema` key models do not read goes.
 */
export function toJsonSchema(schema: v.GenericSchema): JsonSchema {
  const { $schema: _, ...rest } = officialToJsonSchema(schema, { errorMode: "ignore", typeMode: "input" }) as JsonSchema;
  return rest;
}
