import { existsSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import type { ProblemList } from "../problems.ts";
import type { TaskInput } from "./schema.ts";
import type { PlanTree, TaskFile } from "./tree.ts";
import type { Claims, PlanWarning, TaskRole } from "./types.ts";

/** A unit as written in its task file: ids qualified, references not yet resolved. */
export interface SourceUnit {
  id: string;
  slug: string;
  file: TaskFile;
  summary: string;
  /** The author's prompt: `prompt`, or the text of `prompt_file` (before any SOP block). */
  authorPrompt: string;
  promptFile: string;
  commitMessage: string;
  agent: string;
  provider: string;
  role: TaskRole;
  /** `depends_on` exactly as written (bare slugs or qualified ids). */
  refs: string[];
  timeoutS: number | null;
  iterationBudget: number | null;
  testCmd: string;
  /** `sop_mapping` of the source: SOP names pinned by the author, deduplicated. */
  pins: string[];
  selfReview: boolean;
  maxForkDepth: number;
  files: Claims;
}

const TABLES = new Set(["tasks"]);

/** `files = [...]` is the touch shorthand; the table form names each kind. */
export function claimsOf(files: TaskInput["files"]): Claims {
  if (Array.isArray(files)) return { create: [], edit: [], delete: [], touch: [...files], read: [] };
  return {
    create: [...(files?.create ?? [])],
    edit: [...(files?.edit ?? [])],
    delete: [...(files?.delete ?? [])],
    touch: [...(files?.touch ?? [])],
    read: [...(files?.read ?? [])],
  };
}

/** Reads `prompt_file` relative to the plan root (dgov-py's base), at compile time. */
function readPromptFile(tree: PlanTree, unit: { file: TaskFile; slug: string }, path: string, problems: ProblemList): string | null {
  const abs = join(tree.dir, path);
  const at = { path: ["tasks", unit.slug, "prompt_file"], line: unit.file.lineOf(["tasks", unit.slug, "prompt_file"]) };
  if (!existsSync(abs) || !statSync(abs).isFile()) {
    problems.add(join(tree.dir, unit.file.path), { ...at, message: `prompt file not found: ${path} (looked at ${problems.display(abs)}; paths are relative to the plan root)` }, TABLES);
    return null;
  }
  const text = readFileSync(abs, "utf8");
  tree.sources.push({ path: relative(tree.dir, abs), text });
  return text;
}

function sourceUnit(tree: PlanTree, file: TaskFile, slug: string, task: TaskInput, problems: ProblemList, warnings: PlanWarning[]): SourceUnit {
  const id = `${file.section}/${file.stem}.${slug}`;
  let authorPrompt = task.prompt ?? "";
  const promptFile = task.prompt_file ?? "";
  if (promptFile && authorPrompt.trim()) {
    warnings.push({ unit: id, message: "prompt_file is ignored because prompt is set" });
  } else if (promptFile) {
    authorPrompt = readPromptFile(tree, { file, slug }, promptFile, problems) ?? "";
  }
  return {
    id,
    slug,
    file,
    summary: task.summary ?? "",
    authorPrompt,
    promptFile,
    commitMessage: task.commit_message ?? "",
    agent: task.agent?.trim() ?? "",
    provider: task.provider?.trim() ?? "",
    role: task.role ?? "worker",
    refs: task.depends_on ?? [],
    // dgov-py wrote `timeout_s = 0` for "unset"; 0 keeps that meaning here.
    timeoutS: task.timeout_s ? task.timeout_s : null,
    iterationBudget: task.iteration_budget ?? null,
    testCmd: task.test_cmd ?? "",
    pins: [...new Set(task.sop_mapping ?? [])],
    selfReview: task.self_review ?? false,
    maxForkDepth: task.max_fork_depth ?? 1,
    files: claimsOf(task.files),
  };
}

/** The longest task id: `dgov/<id>` is a branch, and one name of a ref may not exceed 255 bytes. */
export const MAX_ID_LENGTH = 200;

/** Every unit of the tree, in section order, then file order, then table order. */
export function buildUnits(tree: PlanTree, problems: ProblemList, warnings: PlanWarning[]): SourceUnit[] {
  const units: SourceUnit[] = [];
  for (const file of tree.files) {
    for (const [slug, task] of Object.entries(file.tasks)) {
      const unit = sourceUnit(tree, file, slug, task, problems, warnings);
      if (unit.id.length > MAX_ID_LENGTH) {
        const message = `Task id '${unit.id.slice(0, 40)}…' is ${unit.id.length} characters long; at most ${MAX_ID_LENGTH} fit in a git branch name (dgov/<id>). Shorten the section, file or task name`;
        problems.add(join(tree.dir, file.path), { path: ["tasks", slug], message, line: file.lineOf(["tasks", slug]) }, TABLES);
      }
      if (unit.role !== "reviewer" && !unit.authorPrompt.trim()) {
        const path = ["tasks", slug, "prompt"];
        const message = `Task '${unit.id}' has an empty prompt. Write Orient/Edit/Verify instructions in prompt, or point prompt_file at a file`;
        problems.add(join(tree.dir, file.path), { path, message, line: file.lineOf(["tasks", slug]) }, TABLES);
      }
      units.push(unit);
    }
  }
  return units;
}

/** Where a unit's key is written: the task file and the line, for messages. */
export function unitLocation(tree: PlanTree, unit: SourceUnit, key?: string): { file: string; path: (string | number)[]; line: number | undefined } {
  const path = key ? ["tasks", unit.slug, key] : ["tasks", unit.slug];
  return { file: join(tree.dir, unit.file.path), path, line: unit.file.lineOf(path) };
}
