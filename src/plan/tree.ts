import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import * as v from "valibot";
import { DgovError, errorMessage } from "../errors.ts";
import { createProblemList, type ProblemList, problemsFromIssues } from "../problems.ts";
import { parseToml } from "../toml/read.ts";
import { type PlanTableInput, rootFile, type TaskInput, taskFile } from "./schema.ts";

/** One task file of a plan tree, parsed and validated. */
export interface TaskFile {
  section: string;
  /** File name without `.toml`; part of every unit id of the file. */
  stem: string;
  /** Path relative to the plan root, e.g. `core/api.toml`. */
  path: string;
  tasks: Record<string, TaskInput>;
  lineOf(path: readonly (string | number)[]): number | undefined;
}

/** A plan tree as read from disk, before references are resolved. */
export interface PlanTree {
  /** Absolute plan root. */
  dir: string;
  plan: PlanTableInput;
  files: TaskFile[];
  /** Every source file read, relative to the plan root, for the content hash. */
  sources: { path: string; text: string }[];
}

const TASK_TABLES = new Set(["tasks"]);

function readValidated<S extends v.GenericSchema>(abs: string, schema: S, problems: ProblemList, named?: ReadonlySet<string>) {
  let text: string;
  let doc: ReturnType<typeof parseToml>;
  try {
    text = readFileSync(abs, "utf8");
    doc = parseToml(text, abs);
  } catch (error) {
    problems.raw(errorMessage(error).replace(abs, problems.display(abs)));
    return null;
  }
  const result = v.safeParse(schema, doc.data);
  if (!result.success) {
    for (const p of problemsFromIssues(result.issues, schema)) problems.add(abs, { ...p, line: doc.lineOf(p.path) }, named);
    return null;
  }
  return { text, output: result.output as v.InferOutput<S>, lineOf: doc.lineOf };
}

/** Depth-1 `*.toml` files of a section not starting with `_` or `.`, sorted by name. */
export function taskFileNames(sectionDir: string): string[] {
  return readdirSync(sectionDir)
    .filter((name) => name.endsWith(".toml") && !name.startsWith("_") && !name.startsWith("."))
    .filter((name) => statSync(join(sectionDir, name)).isFile())
    .sort();
}

/** Reads `_root.toml` and the task files of every declared section (spec plans-config §1). */
export function readPlanTree(dir: string, display: (abs: string) => string): PlanTree {
  const problems: ProblemList = createProblemList(display);
  const rootPath = join(dir, "_root.toml");
  if (!existsSync(rootPath)) {
    throw new DgovError({
      code: "E_PLAN",
      message: `_root.toml not found in ${display(dir)}`,
      hint: "A plan directory needs _root.toml with a [plan] table; `dgov init-plan <name>` scaffolds one.",
    });
  }
  const root = readValidated(rootPath, rootFile, problems);
  problems.throwIfAny(`invalid plan root ${display(rootPath)}`);
  const plan = root!.output.plan;
  const sources = [{ path: "_root.toml", text: root!.text }];
  const files: TaskFile[] = [];
  const sections = plan.sections ?? [];
  sections.forEach((section, index) => {
    const line = root!.lineOf(["plan", "sections"]);
    if (sections.indexOf(section) !== index) {
      problems.add(rootPath, { path: ["plan", "sections", index], message: `lists section '${section}' twice`, line });
      return;
    }
    const sectionDir = join(dir, section);
    if (!existsSync(sectionDir) || !statSync(sectionDir).isDirectory()) {
      const message = `declares section '${section}', but no section directory exists at ${display(sectionDir)}. Create ${display(sectionDir)}, or remove '${section}' from [plan].sections.`;
      problems.add(rootPath, { path: ["plan", "sections"], message, line });
      return;
    }
    for (const name of taskFileNames(sectionDir)) {
      const abs = join(sectionDir, name);
      const parsed = readValidated(abs, taskFile, problems, TASK_TABLES);
      if (!parsed) continue;
      const path = relative(dir, abs);
      sources.push({ path, text: parsed.text });
      files.push({ section, stem: name.slice(0, -".toml".length), path, tasks: parsed.output.tasks ?? {}, lineOf: parsed.lineOf });
    }
  });
  problems.throwIfAny(`plan ${display(dir)} has errors`);
  return { dir, plan, files, sources };
}
