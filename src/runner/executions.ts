import type { ResolvedConfig } from "../config/resolve.ts";
import { DgovError } from "../errors.ts";
import { type Execution, resolveExecution } from "../plan/checks.ts";
import type { CompiledPlan, Unit } from "../plan/types.ts";
import { latestByUnit, readDeployLog } from "../store/deploy-log.ts";
import type { RunOptions } from "./run.ts";

/*
 * What a run needs settled before it starts: which units it covers, how each one runs
 * (backend, provider, model — resolved once, for every launch), and that every API key is set.
 */

/** `--only`: the unit and everything it depends on, transitively. */
export function closure(units: Unit[], only: string): Unit[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  if (!byId.has(only)) throw new DgovError({ code: "E_USAGE", message: `Task '${only}' not found in plan`, hint: "Use a unit id as `dgov plan status -v` lists them." });
  const keep = new Set<string>();
  const visit = (id: string) => {
    if (keep.has(id)) return;
    keep.add(id);
    byId.get(id)!.dependsOn.forEach(visit);
  };
  visit(only);
  return units.filter((u) => keep.has(u.id));
}

export function executions(units: Unit[], plan: CompiledPlan, config: ResolvedConfig): Map<string, Execution> {
  const map = new Map<string, Execution>();
  for (const unit of units) {
    const e = resolveExecution(unit, plan.meta, config);
    if (typeof e === "string") throw new DgovError({ code: "E_PLAN", message: e });
    map.set(unit.id, e);
  }
  return map;
}

/** Checks, before anything happens, that every LLM task this run may start has its API key. */
export function checkApiKeys(opts: Pick<RunOptions, "root" | "plan" | "config" | "only" | "restart">): void {
  const units = opts.only ? closure(opts.plan.units, opts.only) : opts.plan.units;
  const landed = opts.restart ? new Set<string>() : new Set(latestByUnit(readDeployLog(opts.root, opts.plan.meta.name).records).keys());
  requireApiKeys(executions(units, opts.plan, opts.config), landed, opts.config);
}

/**
 * Every LLM task that may run needs its provider's API key: a missing one stops the run
 * before anything is dispatched or recorded, naming the variable and the tasks.
 */
export function requireApiKeys(execs: Map<string, Execution>, landed: ReadonlySet<string>, config: ResolvedConfig): void {
  const missing = new Map<string, { provider: string; tasks: string[] }>();
  for (const [task, e] of execs) {
    if (e.backend !== "llm" || landed.has(task)) continue;
    const env = config.providers[e.provider]!.api_key_env;
    if (process.env[env]?.trim()) continue;
    const entry = missing.get(env) ?? { provider: e.provider, tasks: [] };
    entry.tasks.push(task);
    missing.set(env, entry);
  }
  if (missing.size === 0) return;
  const details = [...missing].map(([env, m]) => `${env} (provider '${m.provider}') is not set; needed by ${m.tasks.join(", ")}`);
  throw new DgovError({
    code: "E_API_KEY",
    message: `missing API key${missing.size === 1 ? "" : "s"}: ${[...missing.keys()].join(", ")}`,
    details,
    hint: `Export ${[...missing.keys()].map((env) => `${env}=…`).join(" and ")} in this shell, then run again.`,
    exitCode: 2,
  });
}

