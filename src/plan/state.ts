import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { errorMessage } from "../errors.ts";
import { type DeployRecord, latestByUnit, readDeployLog } from "../store/deploy-log.ts";
import { type CompileContext, compileTree } from "./compile.ts";
import { readCompiled } from "./compiled-read.ts";
import type { Unit } from "./types.ts";

export type PlanStatus = "not compiled" | "compiled" | "stale" | "partially deployed" | "deployed" | "archived" | "invalid";

/** What `plan status` and `plan list` know about one plan directory. */
export interface PlanState {
  dir: string;
  name: string;
  archived: boolean;
  compiled: boolean;
  stale: boolean;
  /** Why the plan is stale or invalid, in words. */
  note: string | null;
  /** The compiled units, or those of a fresh in-memory compile when there is no compiled file. */
  units: Unit[];
  deployed: Map<string, DeployRecord>;
  status: PlanStatus;
}

/** Newest modification time of the tree's `.toml` sources (for dgov-py's mtime-based files). */
function newestSourceMtime(dir: string): number {
  let newest = 0;
  const walk = (d: string, depth: number) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory() && depth === 0 && entry.name !== "archive") walk(path, 1);
      else if (entry.isFile() && entry.name.endsWith(".toml") && entry.name !== "_compiled.toml") {
        newest = Math.max(newest, statSync(path).mtimeMs);
      }
    }
  };
  walk(dir, 0);
  return newest;
}

function status(s: Omit<PlanState, "status">): PlanStatus {
  if (s.archived) return "archived";
  if (s.note && !s.compiled) return "invalid";
  if (!s.compiled) return "not compiled";
  if (s.stale) return "stale";
  const done = s.units.filter((u) => s.deployed.has(u.id)).length;
  if (s.units.length > 0 && done === s.units.length) return "deployed";
  return done > 0 ? "partially deployed" : "compiled";
}

/** Reads a plan's compiled file, checks it against its sources, and joins the deploy log. */
export function planState(dir: string, ctx: CompileContext, archived = false): PlanState {
  const compiledPath = join(dir, "_compiled.toml");
  const compiled = existsSync(compiledPath);
  let fresh: ReturnType<typeof compileTree> | null = null;
  let note: string | null = null;
  try {
    fresh = compileTree(dir, { ...ctx, dryRun: true });
  } catch (error) {
    note = `the plan sources do not compile: ${errorMessage(error)}`;
  }
  let units = fresh?.plan.units ?? [];
  let name = fresh?.plan.meta.name ?? dir.split("/").pop()!;
  let stale = false;
  if (compiled) {
    const plan = readCompiled(compiledPath, ctx.display);
    units = plan.units;
    name = plan.meta.name;
    if (plan.meta.sourceHash) stale = fresh === null || fresh.text !== readFileSync(compiledPath, "utf8");
    else stale = Date.parse(plan.meta.sourceMtimeMax) + 1 < newestSourceMtime(dir);
    if (stale && !note) note = "the sources changed since the last compile";
  }
  const deployed = latestByUnit(readDeployLog(ctx.root, name).records);
  const state = { dir, name, archived, compiled, stale, note, units, deployed };
  return { ...state, status: status(state) };
}
