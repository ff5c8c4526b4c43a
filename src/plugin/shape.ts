import * as v from "valibot";

/*
 * The shape every plugin object must have. Strict objects, so a misspelled key
 * (`descripton`, `phases`) is reported instead of silently ignored.
 */

const phase = v.picklist(["review", "autofix", "isolated", "candidate", "post-run"], "expected a gate phase");
const fn = v.custom<(...args: never[]) => unknown>((x) => typeof x === "function", "expected a function");
const isSchema = (x: unknown): x is { kind: string; type: string } =>
  typeof x === "object" && x !== null && (x as { kind?: unknown }).kind === "schema";
const schema = v.custom<v.GenericSchema>(isSchema, "expected a valibot schema");
const objectSchema = v.custom<v.GenericSchema>(
  (x) => isSchema(x) && /object/.test(x.type),
  "expected a valibot object schema, e.g. v.object({ path: v.string() })",
);
const text = v.pipe(v.string("expected a string"), v.nonEmpty("expected a non-empty string"));
const kebab = v.pipe(
  v.string("expected a string"),
  v.regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, "expected a kebab-case name such as my-checks"),
);
const snake = v.pipe(
  v.string("expected a string"),
  v.regex(/^[a-z][a-z0-9_]*$/, "expected a snake_case name such as read_file"),
);
const nonEmptyList = <T extends v.GenericSchema>(item: T) =>
  v.pipe(v.array(item, "expected an array"), v.minLength(1, "expected at least one entry"));

export const gateShape = v.strictObject({
  name: kebab,
  description: text,
  phase: v.union(
    [phase, v.pipe(v.array(phase, "expected a gate phase"), v.minLength(1, "expected at least one phase"))],
    "expected a gate phase or an array of phases",
  ),
  order: v.optional(v.picklist(["pre", "normal", "post"], "expected \"pre\", \"normal\" or \"post\"")),
  options: v.optional(schema),
  appliesTo: v.optional(fn),
  skip: v.optional(fn),
  tree: v.optional(v.boolean()),
  worktreeReads: v.optional(fn),
  check: fn,
});

export const toolShape = v.strictObject({
  name: snake,
  description: text,
  args: objectSchema,
  roles: nonEmptyList(v.picklist(["worker", "researcher", "reviewer", "planner"], "expected a tool role")),
  effect: v.picklist(["read", "write", "exec"], "expected \"read\", \"write\" or \"exec\""),
  options: v.optional(schema),
  run: fn,
});

export const verifyShape = v.strictObject({
  name: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.-]+$/, "expected a name of letters, digits, '.', '_' or '-'")),
  description: v.optional(v.string()),
  match: nonEmptyList(text),
  steps: nonEmptyList(
    v.strictObject({
      id: text,
      argv: nonEmptyList(v.string()),
      timeoutMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
    }),
  ),
});

export const toolchainShape = v.strictObject({ name: kebab, description: text, detect: fn });

export const pluginShape = v.strictObject({
  name: kebab,
  api: v.number("expected a number"),
  description: v.optional(v.string()),
  gates: v.optional(v.array(gateShape, "expected an array of gates")),
  tools: v.optional(v.array(toolShape, "expected an array of tools")),
  verify: v.optional(v.array(verifyShape, "expected an array of verify recipes")),
  toolchains: v.optional(v.array(toolchainShape, "expected an array of toolchains")),
  sops: v.optional(v.array(text, "expected an array of folders")),
});
