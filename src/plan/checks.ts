import type { ResolvedConfig } from "../config/resolve.ts";
import { fnmatch } from "../config/ignore.ts";
import { writeConflicts, writesOf } from "./claims.ts";
import type { PlanMeta, Unit } from "./types.ts";

/** A problem of one unit (or of the plan when `unit` is null); `key` locates it in the task table. */
export interface UnitIssue {
  unit: string | null;
  key?: string;
  message: string;
}

const LISTED = 10;

/**
 * Units that may run at the same time must not write the same file (spec plans-config §2.2):
 * one issue per file, naming its tasks (the first ten, and how many more).
 */
export function conflictIssues(units: Unit[], independent: (a: string, b: string) => boolean): UnitIssue[] {
  return writeConflicts(units, independent).map(({ path, writers }) => {
    const [first, second] = writers as [(typeof writers)[number], (typeof writers)[number]];
    if (writers.length === 2) {
      const what = first.path === second.path ? `'${first.path}'` : `'${first.path}' and '${second.path}' (one contains the other)`;
      return {
        unit: second.id,
        key: "files",
        message: `File conflict: '${first.id}' and '${second.id}' may run in parallel and both write ${what}. Fix: make one wait for the other (depends_on = ["${first.id}"] in '${second.id}'), or split the file so each task claims its own.`,
      };
    }
    const named = writers.slice(0, LISTED).map((w) => `'${w.id}'`).join(", ");
    const more = writers.length > LISTED ? ` and ${writers.length - LISTED} more` : "";
    return {
      unit: second.id,
      key: "files",
      message: `File conflict: ${writers.length} tasks may run in parallel and all write '${path}' (or a folder above it): ${named}${more}. Fix: order them with depends_on so each waits for another, or split the file so each task claims its own.`,
    };
  });
}

function mentions(summary: string, word: string): boolean {
  return new RegExp(`(^|[^A-Za-z0-9])${word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^A-Za-z0-9])`, "i").test(summary);
}

/**
 * `[departments]`: a unit writing a path a department owns must name that department in its
 * summary. Every owning department counts (dgov-py checked only the first), and the name must
 * be a word of the summary (dgov-py's substring test let `core` match `score`).
 */
export function departmentIssues(units: Unit[], departments: ResolvedConfig["departments"]): UnitIssue[] {
  const issues: UnitIssue[] = [];
  for (const unit of units) {
    for (const path of writesOf(unit.files)) {
      for (const [dept, patterns] of Object.entries(departments)) {
        if (!patterns.some((p) => fnmatch(p, path)) || mentions(unit.summary, dept)) continue;
        issues.push({
          unit: unit.id,
          key: "summary",
          message: `Constitutional violation: unit touches '${path}' owned by department '${dept}' but summary does not explicitly opt-in. Add '${dept}' to summary.`,
        });
      }
    }
  }
  return issues;
}

/** How a unit's worker runs: an external command, or the built-in LLM agent on a provider. */
export type Execution =
  | { backend: "command"; agent: string; command: string[] }
  | { backend: "llm"; provider: string; agent: string; model: string };

/**
 * Which worker a unit runs with (spec plans-config §2.2, plus command agents). An agent named
 * by the task or the plan (or the project's default) that is an `[agents.<name>] command` runs
 * that program and needs no provider. Otherwise the provider is the task's, the plan's default,
 * then the project's, and the model the task's, the plan's, the provider's default, then the
 * project's default (only on the project's own provider); `[agents]` aliases map to model ids.
 */
export function resolveExecution(unit: Unit, meta: PlanMeta, config: ResolvedConfig): Execution | string {
  const explicit = unit.agent || meta.defaultAgent;
  const named = explicit || config.project.default_agent;
  if (named && config.commands[named]) return { backend: "command", agent: named, command: config.commands[named]!.command };
  const provider = unit.provider || meta.defaultProvider || config.project.provider || "";
  if (!provider) {
    return `No provider for task '${unit.id}' — set provider in the task, [plan] default_provider, or [project].provider (with [providers.<name>]) in .dgov/project.toml or the user config ($XDG_CONFIG_HOME/dgov/config.toml)`;
  }
  const settings = config.providers[provider];
  if (!settings) return `Unknown provider '${provider}' for task '${unit.id}' — define [providers.${provider}] in .dgov/project.toml`;
  const projectProvider = config.project.provider ?? "";
  const sameProvider = !unit.provider || !projectProvider || unit.provider === projectProvider;
  const agent = explicit || settings.default_agent || (sameProvider ? config.project.default_agent : "");
  if (!agent) {
    return `No agent for task '${unit.id}' — set agent in the task, [plan] default_agent, or [providers.${provider}].default_agent`;
  }
  return { backend: "llm", provider, agent, model: config.agents[agent] ?? agent };
}

/** Every unit's execution error, for compile (skipped by `--dry-run`). */
export function executionIssues(units: Unit[], meta: PlanMeta, config: ResolvedConfig): UnitIssue[] {
  return units.flatMap((unit) => {
    const result = resolveExecution(unit, meta, config);
    if (typeof result !== "string") return [];
    return [{ unit: unit.id, key: result.startsWith("No agent") ? "agent" : "provider", message: result }];
  });
}
