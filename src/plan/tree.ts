import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import * as v from "valibot";
import { DgovError, errorMessage } from "../errors.ts";
import { createProblemList, type ProblemList, problemsFromIssues } from "../problems.ts";
import { parseToml } from "../toml/read.ts";
import { type PlanTableInput, rootFile, slug, type TaskInput, taskFile, taskTable } from "./schema.ts";

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
  /** Ids of the tasks whose tables are invalid (reported): refs to them are not "unknown" too. */
  broken: Set<string>;
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

/**
 * A task file the schema refused as a whole: its tasks that are valid on their own, so the
 * checks after it still see them (every problem of a plan in one round), and the others' slugs.
 */
function salvageTasks(abs: string): { tasks: Record<string, TaskInput>; broken: string[]; lineOf: (path: (string | number)[]) => number | undefined } | null {
  let doc: ReturnType<typeof parseToml>;
  try {
    doc = parseToml(readFileSync(abs, "utf8"), abs);
  } catch {
    return null;
  }
  const raw = doc.data.tasks;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return null;
  const tasks: Record<string, TaskInput> = {};
  const broken: string[] = [];
  for (const [name, table] of Object.entries(raw)) {
    const parsed = v.safeParse(taskTable, table);
    if (parsed.success && v.is(slug, name)) tasks[name] = parsed.output;
    else broken.push(name);
  }
  return { tasks, broken, lineOf: doc.lineOf };
}

/**
 * Reads `_root.toml` and the task files of every declared section (spec plans-config §1). A root
 * that cannot be read stops here; the problems of task files are added to `problems` and the
 * valid tasks kept, for the compiler to report everything at once.
 */
export function readPlanTree(dir: string, display: (abs: string) => string, problems: ProblemList = createProblemList(display)): PlanTree {
  const rootPath = join(dir, "_root.toml");
  if (!existsSync(rootPath)) {
    throw new DgovError({
      code: "E_PLAN",
      message: `_root.toml not found in ${display(dir)}`,
      hint: "A plan directory needs _root.toml with a [plan] table; `dgov init-plan <name>` scaffolds one.",
    });
  }
  const rootProblems: ProblemList = createProblemList(display);
  const root = readValidated(rootPath, rootFile, rootProblems);
  rootProblems.throwIfAny(`invalid plan root ${display(rootPath)}`);
  const broken = new Set<string>();
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
      const path = relative(dir, abs);
      const stem = name.slice(0, -".toml".length);
      const parsed = readValidated(abs, taskFile, problems, TASK_TABLES);
      if (parsed) {
        sources.push({ path, text: parsed.text });
        files.push({ section, stem, path, tasks: parsed.output.tasks ?? {}, lineOf: parsed.lineOf });
        continue;
      }
      const salvaged = salvageTasks(abs);
      if (!salvaged) continue;
      for (const slugName of salvaged.broken) broken.add(`${section}/${stem}.${slugName}`);
      files.push({ section, stem, path, tasks: salvaged.tasks, lineOf: salvaged.lineOf });
    }
  });
  return { dir, plan, files, sources, broken };
}
