import type * as v from "valibot";

/** A JSON Schema (the subset function-calling models read). */
export type JsonSchema = Record<string, unknown>;

interface Node {
  type: string;
  entries?: Record<string, Node>;
  wrapped?: Node;
  item?: Node;
  options?: readonly unknown[];
  literal?: unknown;
  value?: Node;
  default?: unknown;
  pipe?: readonly { kind: string; type: string; requirement?: unknown; description?: string }[];
}

const OPTIONAL = new Set(["optional", "exact_optional", "nullish", "undefinedable"]);

/** What a pipe's actions add: integer, bounds, lengths, a description. */
function pipeKeywords(node: Node, out: JsonSchema): void {
  for (const action of node.pipe?.slice(1) ?? []) {
    const req = action.requirement;
    if (action.type === "integer") out.type = "integer";
    else if (action.type === "min_value") out.minimum = req;
    else if (action.type === "max_value") out.maximum = req;
    else if (action.type === "min_length") out[out.type === "array" ? "minItems" : "minLength"] = req;
    else if (action.type === "max_length") out[out.type === "array" ? "maxItems" : "maxLength"] = req;
    else if (action.type === "non_empty") out[out.type === "array" ? "minItems" : "minLength"] = 1;
    else if (action.type === "description") out.description = action.description;
  }
}

function objectSchema(node: Node): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [key, entry] of Object.entries(node.entries ?? {})) {
    properties[key] = convert(entry);
    if (!OPTIONAL.has(entry.type)) required.push(key);
  }
  return { type: "object", properties, ...(required.length ? { required } : {}), ...(node.type === "strict_object" ? { additionalProperties: false } : {}) };
}

function convert(node: Node): JsonSchema {
  let out: JsonSchema;
  switch (node.type) {
    case "object":
    case "loose_object":
    case "strict_object":
      out = objectSchema(node);
      break;
    case "optional":
    case "exact_optional":
    case "nullish":
    case "undefinedable":
    case "nullable": {
      const inner = convert(node.wrapped!);
      out = node.type === "nullable" || node.type === "nullish" ? { anyOf: [inner, { type: "null" }] } : inner;
      const fallback = typeof node.default === "function" ? undefined : node.default;
      if (fallback !== undefined) out.default = fallback;
      break;
    }
    case "string":
    case "number":
    case "boolean":
      out = { type: node.type };
      break;
    case "array":
      out = { type: "array", items: convert(node.item!) };
      break;
    case "picklist":
      out = { type: typeof node.options?.[0] === "number" ? "number" : "string", enum: [...(node.options ?? [])] };
      break;
    case "literal":
      out = { const: node.literal };
      break;
    case "union":
    case "variant":
      out = { anyOf: (node.options as Node[]).map(convert) };
      break;
    case "record":
      out = { type: "object", additionalProperties: convert(node.value!) };
      break;
    default:
      // unknown, any and anything exotic: accept any JSON value.
      out = {};
  }
  pipeKeywords(node, out);
  return out;
}

/** The JSON Schema of a valibot schema, as the model sees a tool's parameters. */
export function toJsonSchema(schema: v.GenericSchema): JsonSchema {
  return convert(schema as unknown as Node);
}
