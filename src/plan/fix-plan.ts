import type { ResolvedConfig } from "../config/resolve.ts";
import { tomlString, tomlStringArray } from "../toml/write.ts";

/*
 * The one-task plan `dgov fix` writes (spec workers-llm §6.3): `_root.toml` and
 * `fix/main.toml` with `[tasks.apply]`, files that exist claimed for edit, others for create.
 */

const DEFAULT_SUMMARY = "Apply requested fix";

/** `Fix the parser!` → `fix-the-parser`: lowercase, non-alphanumeric runs as `-`, ≤ 50 chars. */
export function slugify(text: string, fallback: string): string {
  const slug = text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 50).replace(/-+$/, "");
  return slug || fallback;
}

/** The first non-blank line, at most 100 characters. */
export function fixSummary(prompt: string): string {
  const line = prompt.split("\n").map((l) => l.trim()).find(Boolean);
  return line ? line.slice(0, 100) : DEFAULT_SUMMARY;
}

/** Does the prompt already say how to orient, edit and verify? */
function isStructured(prompt: string): boolean {
  const heading = (word: string) => new RegExp(`^\\s*(#+\\s*|\\*\\*)?${word}\\b`, "im").test(prompt);
  return heading("orient") && heading("edit") && heading("verify");
}

/** How to check the files: ruff for Python (as dgov-py), else the project's own lint command. */
function verifyLines(files: string[], config: ResolvedConfig): string[] {
  const quoted = files.join(" ");
  if (files.length && files.every((f) => f.endsWith(".py"))) return [`- \`uv run ruff check ${quoted}\``, `- \`uv run ruff format --check ${quoted}\``];
  const lint = config.project.lint_cmd;
  if (lint.includes("{file}")) return [`- \`${lint.replaceAll("{file}", quoted)}\``];
  return ["- Run the narrowest project-specific check for the changed files."];
}

/** The task prompt: kept as written when structured, else wrapped in Orient/Edit/Verify. */
export function fixPrompt(prompt: string, files: string[], config: ResolvedConfig): string {
  if (isStructured(prompt)) return prompt;
  return [
    "Orient:",
    `- Requested fix: ${prompt.trim()}`,
    "- Read the claimed files first:",
    ...files.map((f) => `  - \`${f}\``),
    "- Stay inside the claimed files.",
    "",
    "Edit:",
    "- Apply only the requested fix; keep unrelated cleanup out.",
    "",
    "Verify:",
    ...verifyLines(files, config),
    "- Run `scope_status` and review `git diff` before calling done.",
  ].join("\n");
}

export interface FixPlanInput {
  name: string;
  prompt: string;
  /** Repo-relative paths, with whether each exists. */
  files: { path: string; exists: boolean }[];
  commitMessage?: string;
  config: ResolvedConfig;
}

/** The plan's two files, relative to its directory. */
export function renderFixPlan(input: FixPlanInput): Record<string, string> {
  const paths = input.files.map((f) => f.path);
  const create = input.files.filter((f) => !f.exists).map((f) => f.path);
  const edit = input.files.filter((f) => f.exists).map((f) => f.path);
  const root = `[plan]\nname = ${tomlString(input.name)}\nsummary = ${tomlString(DEFAULT_SUMMARY)}\nsections = ["fix"]\n`;
  const task = [
    "[tasks.apply]",
    `summary = ${tomlString(fixSummary(input.prompt))}`,
    `prompt = ${tomlString(fixPrompt(input.prompt, paths, input.config))}`,
    `commit_message = ${tomlString(input.commitMessage?.trim() || DEFAULT_SUMMARY)}`,
    `files.create = ${tomlStringArray(create)}`,
    `files.edit = ${tomlStringArray(edit)}`,
    "",
  ].join("\n");
  return { "_root.toml": root, "fix/main.toml": task };
}
