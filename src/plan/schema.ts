import * as v from "valibot";

/*
 * Schemas of a plan tree's files (`_root.toml` and the task files), every key of dgov-py's
 * tree format. Strict: dgov-py silently dropped unknown keys, so a typo such as `depend_on`
 * changed the plan without a word; here it is an error naming the nearest known key.
 */

const str = v.string("expected a string");
const strList = v.array(str, "expected an array of strings");
const int = (min: number) =>
  v.pipe(
    v.number("expected an integer"),
    v.integer("expected an integer"),
    v.minValue(min, `expected an integer >= ${min}`),
  );

export const NAME_PATTERN = /^[A-Za-z0-9_-]+$/;

const sectionName = v.pipe(
  str,
  v.regex(NAME_PATTERN, "invalid section names: section names must match ^[A-Za-z0-9_-]+$"),
);

export const planTable = v.strictObject(
  {
    name: v.pipe(str, v.trim(), v.nonEmpty("expected a non-empty string")),
    summary: v.optional(str),
    sections: v.optional(v.array(sectionName, "expected an array of section names")),
    default_agent: v.optional(str),
    default_provider: v.optional(str),
    max_retries: v.optional(int(0)),
    default_max_retries: v.optional(int(0)),
    // Keys of dgov-py's flat plans; accepted so old trees compile, but they have no effect.
    project_root: v.optional(str),
    session_root: v.optional(str),
  },
  "expected a table",
);

export const rootFile = v.strictObject({ plan: planTable }, "expected a table");

const claimsTable = v.strictObject(
  {
    create: v.optional(strList),
    edit: v.optional(strList),
    delete: v.optional(strList),
    touch: v.optional(strList),
    read: v.optional(strList),
  },
  "expected a table",
);

/** The two shapes `files` takes (for the editor schema, which cannot read the lazy choice below). */
export const FILES_SHAPES = [strList, claimsTable] as const;

/** `files = ["a"]` (touch shorthand) or `files.create = [...]` and friends. */
export const taskFiles = v.lazy((input) => {
  if (Array.isArray(input)) return strList;
  if (typeof input === "object" && input !== null) return claimsTable;
  return v.custom<never>(() => false, "expected a list of paths (touch) or a table of create/edit/delete/touch/read");
});

export const taskTable = v.strictObject(
  {
    summary: v.optional(str),
    prompt: v.optional(str),
    prompt_file: v.optional(str),
    commit_message: v.optional(str),
    files: v.optional(taskFiles),
    depends_on: v.optional(v.array(str, "expected an array of task references")),
    agent: v.optional(str),
    provider: v.optional(str),
    role: v.optional(v.picklist(["worker", "researcher", "reviewer"], "expected one of: worker, researcher, reviewer")),
    timeout_s: v.optional(int(0)),
    iteration_budget: v.optional(int(1)),
    test_cmd: v.optional(str),
    sop_mapping: v.optional(strList),
    self_review: v.optional(v.boolean("expected a boolean (true or false)")),
    max_fork_depth: v.optional(int(0)),
  },
  "expected a table",
);

export const slug = v.pipe(v.string(), v.regex(NAME_PATTERN, "invalid task slug: must match ^[A-Za-z0-9_-]+$"));

export const taskFile = v.strictObject({ tasks: v.optional(v.record(slug, taskTable, "expected a table")) }, "expected a table");

export type PlanTableInput = v.InferOutput<typeof planTable>;
export type TaskInput = v.InferOutput<typeof taskTable>;
