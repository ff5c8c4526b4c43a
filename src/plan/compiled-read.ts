import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import * as v from "valibot";
import { errorMessage } from "../errors.ts";
import { createProblemList, type ProblemList, problemsFromIssues } from "../problems.ts";
import { parseToml } from "../toml/read.ts";
import { taskTable } from "./schema.ts";
import type { CompiledPlan, Unit } from "./types.ts";
import { claimsOf } from "./units.ts";

const str = v.string("expected a string");
const count = v.pipe(v.number("expected an integer"), v.integer("expected an integer"), v.minValue(0, "expected an integer >= 0"));

/** A compiled (flat) plan: ours, dgov-py's `_compiled.toml`, or a hand-written flat plan. */
const compiledFile = v.strictObject(
  {
    plan: v.strictObject(
      {
        name: v.optional(v.pipe(str, v.trim(), v.nonEmpty("expected a non-empty string")), "unnamed-plan"),
        source_hash: v.optional(str),
        source_mtime_max: v.optional(str),
        sop_set_hash: v.optional(str),
        default_agent: v.optional(str),
        default_provider: v.optional(str),
        max_retries: v.optional(count),
        default_max_retries: v.optional(count),
        project_root: v.optional(str),
        session_root: v.optional(str),
      },
      "expected a table",
    ),
    tasks: v.pipe(
      v.record(v.pipe(v.string(), v.nonEmpty()), taskTable, "expected a table"),
      v.check((tasks) => Object.keys(tasks).length > 0, "missing [tasks.<id>] tables: a plan needs at least one task"),
    ),
  },
  "expected a table",
);

function toUnit(id: string, t: v.InferOutput<typeof taskTable>, baseDir: string): Unit {
  let prompt = t.prompt ?? "";
  const promptFile = t.prompt_file ?? "";
  // Hand-written flat plans may keep the prompt in a file next to the plan (dgov-py reads it here).
  if (!prompt.trim() && promptFile && existsSync(join(baseDir, promptFile))) {
    prompt = readFileSync(join(baseDir, promptFile), "utf8");
  }
  return {
    id,
    summary: t.summary ?? "",
    prompt,
    promptFile,
    commitMessage: t.commit_message ?? "",
    agent: t.agent ?? "",
    provider: t.provider ?? "",
    role: t.role ?? "worker",
    dependsOn: [...new Set(t.depends_on ?? [])],
    timeoutS: t.timeout_s ? t.timeout_s : null,
    iterationBudget: t.iteration_budget ?? null,
    testCmd: t.test_cmd ?? "",
    sopMapping: t.sop_mapping ?? [],
    selfReview: t.self_review ?? false,
    maxForkDepth: t.max_fork_depth ?? 1,
    files: claimsOf(t.files),
  };
}

/** Parses a compiled plan file; every problem is reported at once with its line. */
export function readCompiled(path: string, display: (abs: string) => string): CompiledPlan {
  const problems: ProblemList = createProblemList(display);
  let doc: ReturnType<typeof parseToml>;
  try {
    doc = parseToml(readFileSync(path, "utf8"), display(path));
  } catch (error) {
    problems.raw(errorMessage(error));
    problems.fail(`cannot read compiled plan ${display(path)}`);
  }
  const result = v.safeParse(compiledFile, doc.data);
  if (!result.success) {
    for (const p of problemsFromIssues(result.issues, compiledFile)) {
      problems.add(path, { ...p, line: doc.lineOf(p.path) }, new Set(["tasks"]));
    }
    problems.fail(`invalid compiled plan ${display(path)}`, "Recompile it from its plan tree with `dgov compile <plan dir>`.");
  }
  const { plan, tasks } = result.output;
  return {
    meta: {
      name: plan.name,
      sourceHash: plan.source_hash ?? "",
      sourceMtimeMax: plan.source_mtime_max ?? "",
      sopSetHash: plan.sop_set_hash ?? "",
      defaultAgent: plan.default_agent ?? "",
      defaultProvider: plan.default_provider ?? "",
      maxRetries: plan.max_retries ?? plan.default_max_retries ?? null,
    },
    units: Object.entries(tasks).map(([id, t]) => toUnit(id, t, dirname(path))),
  };
}
