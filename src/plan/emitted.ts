import { mkdirSync, rmSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { errorMessage, isDgovError } from "../errors.ts";
import { tomlMultiline, tomlString, tomlStringArray } from "../toml/write.ts";
import { writeFileAtomic } from "../write-file.ts";
import { type CompileContext, compileTree } from "./compile.ts";
import { slugify } from "./fix-plan.ts";
import { scratchDir } from "../scratch.ts";

/*
 * A plan as the planner emits it (`emit_plan`'s arguments), written out as a plan tree of the
 * format people write by hand: `_root.toml` and `tasks/main.toml`, one `[tasks.<slug>]` each,
 * claims as `files.create` / `files.edit` / `files.read` (spec workers-llm §6.1 step 8).
 */

export interface EmittedTask {
  slug: string;
  summary: string;
  prompt: string;
  commit_message: string;
  files?: { create?: string[]; edit?: string[]; touch?: string[]; read?: string[] };
  depends_on?: unknown;
  role?: "worker" | "researcher" | "reviewer";
}

export interface EmittedPlan {
  name: string;
  summary: string;
  tasks: EmittedTask[];
  config_overrides?: Record<string, string>;
}

/** The section and file every emitted task is written to: its compiled id is `tasks/main.<slug>`. */
export const EMITTED_SECTION = "tasks";

/** A plan name as a folder name (as `dgov fix` names its plans), "plan" when nothing is left. */
export const planSlug = (text: string): string => slugify(text, "plan");

function taskToml(t: EmittedTask): string[] {
  const lines = [`[tasks.${t.slug}]`, `summary = ${tomlString(t.summary.trim() || t.slug)}`, `prompt = ${tomlMultiline(t.prompt.trim())}`];
  lines.push(`commit_message = ${tomlString(t.commit_message.trim() || "apply changes")}`);
  const files = t.files ?? {};
  for (const kind of ["create", "edit", "touch", "read"] as const) {
    const paths = files[kind] ?? [];
    if (paths.length) lines.push(`${kind === "touch" ? "files.touch" : `files.${kind}`} = ${tomlStringArray(paths)}`);
  }
  const deps = Array.isArray(t.depends_on) ? t.depends_on.filter((d): d is string => typeof d === "string") : [];
  if (deps.length) lines.push(`depends_on = ${tomlStringArray(deps)}`);
  if (t.role && t.role !== "worker") lines.push(`role = ${tomlString(t.role)}`);
  return lines;
}

/** The files of the plan tree, by path relative to the plan directory. */
export function emittedPlanFiles(plan: EmittedPlan, name: string): Record<string, string> {
  const root = `[plan]\nname = ${tomlString(name)}\nsummary = ${tomlString(plan.summary.trim().split("\n")[0] ?? "")}\nsections = ${tomlStringArray([EMITTED_SECTION])}\n`;
  const tasks = plan.tasks.map((t) => taskToml(t).join("\n")).join("\n\n");
  return { "_root.toml": root, [`${EMITTED_SECTION}/main.toml`]: `${tasks}\n` };
}

/** Writes the plan tree into `dir` (created; it must not exist yet, or be empty). */
export function writeEmittedPlan(dir: string, plan: EmittedPlan, name: string): void {
  for (const [path, text] of Object.entries(emittedPlanFiles(plan, name))) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileAtomic(join(dir, path), text);
  }
}

/**
 * The real compiler's verdict on an emitted plan: null when it compiles, else every problem
 * as the compiler words it (file, key, line). Compiled in a scratch folder, removed after.
 */
export function compileEmitted(plan: EmittedPlan, ctx: CompileContext): string | null {
  const scratch = scratchDir("plan-check");
  const dir = join(scratch, planSlug(plan.name || "plan"));
  try {
    writeEmittedPlan(dir, plan, planSlug(plan.name || "plan"));
    compileTree(dir, { ...ctx, display: (abs) => relative(scratch, abs) || "." });
    return null;
  } catch (error) {
    if (!isDgovError(error)) return errorMessage(error);
    return [error.message, ...error.details.map((d) => `  ${d}`), ...(error.hint ? [error.hint] : [])].join("\n");
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
