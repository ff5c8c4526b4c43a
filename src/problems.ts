import type * as v from "valibot";
import { DgovError } from "./errors.ts";
import { didYouMean } from "./suggest.ts";
import type { KeyPath } from "./toml/locate.ts";

/** One problem found in a file: where (key path, line) and what is wrong. */
export interface Problem {
  path: KeyPath;
  message: string;
  line?: number | undefined;
}

type AnySchema = v.GenericSchema & {
  entries?: Record<string, AnySchema>;
  wrapped?: AnySchema;
  value?: AnySchema;
  item?: AnySchema;
  options?: AnySchema[];
  getter?: (input: unknown) => AnySchema;
};

/** The object keys a schema accepts at `path`, for did-you-mean hints on unknown keys. */
export function knownKeysAt(schema: AnySchema, path: KeyPath): string[] {
  let node: AnySchema | undefined = schema;
  for (const segment of path) {
    node = childSchema(node, segment);
    if (!node) return [];
  }
  node = unwrap(node);
  return node?.entries ? Object.keys(node.entries) : [];
}

function unwrap(schema: AnySchema | undefined): AnySchema | undefined {
  let node = schema;
  // A lazy schema picks its shape from the input; a table input is the one with keys.
  while (node?.wrapped || node?.getter) node = node.wrapped ?? node.getter!({});
  if (node?.options) return node.options.find((o) => unwrap(o)?.entries) ?? node;
  return node;
}

function childSchema(schema: AnySchema | undefined, segment: string | number): AnySchema | undefined {
  const node = unwrap(schema);
  if (!node) return undefined;
  if (typeof segment === "number") return node.item;
  return node.entries?.[segment] ?? node.value;
}

function pathOf(issue: v.BaseIssue<unknown>): (string | number)[] {
  return (issue.path ?? []).map((item) => item.key as string | number);
}

/** Is this issue valibot's report of an undeclared key directly in the root object? */
export function isTopLevelUnknownKey(issue: v.BaseIssue<unknown>): boolean {
  return issue.type.endsWith("object") && issue.expected === "never" && (issue.path?.length ?? 0) === 1;
}

/** Converts valibot issues to problems; unknown keys name the closest known key. */
export function problemsFromIssues(issues: readonly v.BaseIssue<unknown>[], schema: v.GenericSchema): Problem[] {
  return issues.map((issue) => {
    const path = pathOf(issue);
    if (issue.type.endsWith("object") && issue.expected === "never") {
      const key = String(path.at(-1));
      const known = knownKeysAt(schema as AnySchema, path.slice(0, -1));
      const hint = didYouMean(key, known);
      const knownList = hint || known.length === 0 ? "" : ` (known keys: ${known.join(", ")})`;
      return { path, message: `unknown key '${key}'${hint}${knownList}` };
    }
    return { path, message: describe(issue) };
  });
}

/** valibot's default texts (`Invalid type: Expected number but received "x"`) in dgov's words. */
function describe(issue: v.BaseIssue<unknown>): string {
  const missingKey = issue.type.endsWith("object") && issue.received === "undefined" && issue.expected?.startsWith('"');
  if (missingKey) {
    return `missing required key ${issue.expected?.replace(/"/g, "'")}`;
  }
  if (issue.message.startsWith("Invalid type:")) return `expected ${issue.expected}, got ${issue.received}`;
  if (issue.message.startsWith("Invalid ")) return issue.message.replace(/^Invalid \w+: /, "").replace(/^Expected/, "expected");
  return `${issue.message}, got ${issue.received}`;
}

/**
 * Top-level keys of `value` that an object schema does not declare: a plain `v.object` would
 * drop them silently, and a typo in a plugin's options must be reported either way.
 */
export function droppedKeys(schema: v.GenericSchema, value: unknown, hostKeys: readonly string[] = []): Problem[] {
  const node = unwrap(schema as AnySchema);
  const plain = node?.type === "object" || node?.type === "strict_object";
  if (!plain || !node?.entries || typeof value !== "object" || value === null) return [];
  const known = [...Object.keys(node.entries), ...hostKeys];
  return Object.keys(value)
    .filter((key) => !(key in node.entries!))
    .map((key) => {
      const hint = didYouMean(key, known);
      return { path: [key] as KeyPath, message: `unknown key '${key}'${hint}${hint ? "" : ` (known keys: ${known.join(", ")})`}` };
    });
}

/**
 * Renders a key path the way a TOML author reads it: `[project].bootstrap_timeout`,
 * `[providers.fw].base_url`, `[plugins].load[1]`. `named` lists top-level tables whose
 * children are named sub-tables.
 */
export function formatKeyPath(path: KeyPath, named: ReadonlySet<string> = new Set()): string {
  if (path.length === 0) return "(top level)";
  const [head, ...rest] = path;
  const depth = named.has(String(head)) && rest.length > 0 ? 2 : 1;
  // Keys that are not bare TOML keys (`core/api.x`) are quoted, as they are written.
  const key = (s: string | number) => (/^[A-Za-z0-9_-]+$/.test(String(s)) ? String(s) : JSON.stringify(String(s)));
  let out = `[${path.slice(0, depth).map(key).join(".")}]`;
  for (const segment of path.slice(depth)) {
    out += typeof segment === "number" ? `[${segment}]` : `.${key(segment)}`;
  }
  return out;
}

/** `file:line: [table].key: message`, the line omitted when unknown. */
export function renderProblem(file: string, problem: Problem, named?: ReadonlySet<string>): string {
  const where = problem.line === undefined ? file : `${file}:${problem.line}`;
  return `${where}: ${formatKeyPath(problem.path, named)}: ${problem.message}`;
}

/** Accumulates the problems of one operation, so the user sees all of them at once. */
export interface ProblemList {
  readonly lines: string[];
  /** Maps an absolute path to the one shown to the user. */
  display(abs: string): string;
  /** A problem in a file: `file:line: [table].key: message`. */
  add(file: string, problem: Problem, named?: ReadonlySet<string>): void;
  /** A problem already rendered as a line. */
  raw(line: string): void;
  /** Throws one DgovError listing every problem, if there are any. */
  throwIfAny(message: string, hint?: string): void;
  /** Throws one DgovError listing every problem (the caller has added at least one). */
  fail(message: string, hint?: string): never;
}

export function createProblemList(display: (abs: string) => string = (abs) => abs): ProblemList {
  const lines: string[] = [];
  return {
    lines,
    display,
    add: (file, problem, named) => lines.push(renderProblem(display(file), problem, named)),
    raw: (line) => lines.push(line),
    throwIfAny(message, hint) {
      if (lines.length > 0) this.fail(message, hint);
    },
    fail(message, hint) {
      const count = lines.length === 1 ? "1 problem" : `${lines.length} problems`;
      throw new DgovError({ code: "E_PLAN", message: `${message} (${count})`, details: lines, ...(hint ? { hint } : {}) });
    },
  };
}
