import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { ResolvedConfig } from "../config/resolve.ts";
import { DgovError } from "../errors.ts";
import type { Registry } from "../plugin/registry.ts";
import type { VerifyStep } from "../plugin/types.ts";
import { exec } from "../exec/exec.ts";
import { didYouMean } from "../suggest.ts";
import { countWarnings, runSteps } from "./steps.ts";

/** A verification recipe: `[verify.<name>]` of project.toml, or a plugin's `defineVerify`. */
export type Recipe =
  | { source: "config"; name: string; description: string; command: string; logName: string }
  | { source: "plugin"; name: string; description: string; plugin: string; match: string[]; steps: VerifyStep[] };

/** One recipe's run, keyed as the JSON output shows it. */
export interface VerifyResult {
  recipe: string;
  exit_code: number;
  duration_s: number;
  warning_count: number;
  log_path: string;
  summary: string;
  /** A plugin recipe's failing step; null otherwise. */
  failed_step: string | null;
}

/** Every recipe: project.toml's in file order, then the plugins' in discovery order. */
export function listRecipes(config: ResolvedConfig, registry: Registry): Recipe[] {
  const fromConfig: Recipe[] = Object.entries(config.verify).map(([name, r]) => ({
    source: "config",
    name,
    description: r.description,
    command: r.command,
    logName: r.log_name || `${name}.log`,
  }));
  const fromPlugins: Recipe[] = registry.verify.map(({ def, plugin }) => ({
    source: "plugin",
    name: def.name,
    description: def.description ?? "",
    plugin: plugin.def.name,
    match: def.match,
    steps: def.steps,
  }));
  return [...fromConfig, ...fromPlugins];
}

/** The recipes named (all when none is), or a usage error naming every unknown one. */
export function selectRecipes(all: Recipe[], names: string[]): Recipe[] {
  if (names.length === 0) return all;
  const known = all.map((r) => r.name);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new DgovError({
      code: "E_USAGE",
      message: unknown.map((n) => `unknown verify recipe '${n}'${didYouMean(n, known)}`).join("\n"),
      hint: known.length ? `known recipes: ${known.join(", ")} (dgov verify list)` : "no recipes are configured: add [verify.<name>] command = \"…\" to .dgov/project.toml",
    });
  }
  return [...new Set(names)].map((n) => all.find((r) => r.name === n)!);
}

/** `exit=<code> in <d>s, <n> warning(s)`, as dgov-py summarizes a run. */
export function summarize(code: number, seconds: number, warnings: number): string {
  return `exit=${code} in ${seconds.toFixed(2)}s, ${warnings} warning${warnings === 1 ? "" : "s"}`;
}

/** Where a recipe's log goes; the name was checked at config load, and is checked again here. */
export function logPath(root: string, recipe: Recipe): string {
  const dir = join(root, ".dgov", "runtime", "verify");
  const path = resolve(dir, recipe.source === "config" ? recipe.logName : `${recipe.name}.log`);
  if (dirname(path) !== dir) {
    throw new DgovError({ code: "E_CONFIG", message: `verify recipe '${recipe.name}': log_name must be a file name, not a path` });
  }
  return path;
}

export interface RunOptions {
  root: string;
  /** The secret-free environment (exec/env.ts scrubbedEnv). */
  env: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * Runs one recipe in the project root: a config recipe's command through `sh -c`, a plugin
 * recipe's steps in order up to the first failure. stdout+stderr go to the log (overwritten).
 */
export async function runRecipe(recipe: Recipe, opts: RunOptions): Promise<VerifyResult> {
  const path = logPath(opts.root, recipe);
  const steps = recipe.source === "config" ? [{ id: recipe.name, argv: ["sh", "-c", recipe.command] }] : recipe.steps;
  const outcome = await runSteps(
    steps,
    (argv, timeoutMs) => exec(argv, { cwd: opts.root, env: opts.env, timeoutMs, ...(opts.signal ? { signal: opts.signal } : {}) }),
    { headers: recipe.source === "plugin" },
  );
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, outcome.log);
  const seconds = Math.round(outcome.durationMs) / 1000;
  const warnings = countWarnings(outcome.output);
  return {
    recipe: recipe.name,
    exit_code: outcome.exitCode,
    duration_s: seconds,
    warning_count: warnings,
    log_path: path,
    summary: summarize(outcome.exitCode, seconds, warnings),
    failed_step: recipe.source === "plugin" && outcome.failedStep ? outcome.failedStep.id : null,
  };
}
