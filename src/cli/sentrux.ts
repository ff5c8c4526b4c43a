/**
 * What the `dgov sentrux` commands share: which engine judges (the real `sentrux` binary when
 * it is installed and the project has a `[sentrux]` table, dgov's native analysis otherwise),
 * the tree a PATH names, the baseline file, and offenders as lines.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { type Architecture, analyze, type Offender } from "../code/architecture/analysis.ts";
import { BASELINE_FILE, type Baseline, baselineOf, parseBaseline } from "../code/architecture/baseline.ts";
import { workTreeTexts } from "../code/architecture/work-tree.ts";
import type { ResolvedConfig as ProjectConfig } from "../config/resolve.ts";
import { DgovError } from "../errors.ts";
import { exec, type ExecResult } from "../exec/exec.ts";
import type { Globals } from "./define.ts";
import type { Project } from "./project.ts";

export interface Engine {
  kind: "sentrux" | "native";
  /** Why this engine: what was found or missing. */
  why: string;
  version: string | null;
}

/** Run-level sentrux calls get 30 s, its `--version` probe 5 s (spec settlement §6). */
const TIMEOUT_MS = 30_000;

export async function engineFor(config: ProjectConfig, cwd: string): Promise<Engine> {
  if (!config.sentrux.configured) return { kind: "native", why: "no [sentrux] table in .dgov/project.toml", version: null };
  const bin = Bun.which("sentrux");
  if (!bin) return { kind: "native", why: "[sentrux] is configured but the sentrux binary is not on PATH", version: null };
  const probe = await exec([bin, "--version"], { cwd, env: process.env, timeoutMs: 5_000 });
  if (probe.code !== 0) return { kind: "native", why: `sentrux --version failed (exit ${probe.code})`, version: null };
  return { kind: "sentrux", why: `[sentrux] is configured and ${bin} is installed`, version: probe.stdout.trim() };
}

export const SENTRUX_HINT = "Run the sentrux command above yourself to see why; without a [sentrux] table in .dgov/project.toml dgov uses its native analysis.";

/** Runs `sentrux <args>` in `cwd`. */
export function runSentrux(args: readonly string[], cwd: string): Promise<ExecResult> {
  return exec(["sentrux", ...args], { cwd, env: process.env, timeoutMs: TIMEOUT_MS });
}

/** The folder a PATH argument names (default the project root). */
export function targetDir(path: unknown, globals: Globals, project: Project): string {
  const dir = typeof path === "string" && path ? resolve(globals.cwd, path) : project.root;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new DgovError({ code: "E_USAGE", message: `not a folder: ${path}`, hint: "dgov sentrux check [PATH]: PATH is a folder of the project (default: its root)" });
  return dir;
}

export function analyzeDir(dir: string, config: ProjectConfig): Promise<Architecture> {
  return analyze(workTreeTexts(dir, config.architecture.exclude), config.architecture);
}

export function readBaselineAt(dir: string): Baseline | null {
  const file = join(dir, BASELINE_FILE);
  if (!existsSync(file)) return null;
  const baseline = parseBaseline(readFileSync(file, "utf8"));
  if (!baseline) throw new DgovError({ code: "E_SENTRUX_BASELINE", message: `${BASELINE_FILE} is not a baseline (a JSON object with a timestamp)`, hint: "dgov sentrux gate-save rewrites it from the current tree" });
  return baseline;
}

export function writeBaselineAt(dir: string, a: Architecture): string {
  const file = join(dir, BASELINE_FILE);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(baselineOf(a), null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  return file;
}

const TITLES: Record<Offender["kind"], string> = { cycle: "Import cycles", layering: "Layering violations", long_function: "Long functions", complex_function: "Complex functions" };

/** Offenders grouped by kind, one line each: `- Import cycles:` then `  import cycle: a → b → a`. */
export function offenderLines(list: readonly Offender[]): string[] {
  if (list.length === 0) return ["  none"];
  return (Object.keys(TITLES) as Offender["kind"][]).flatMap((kind) => {
    const of = list.filter((o) => o.kind === kind);
    return of.length ? [`- ${TITLES[kind]}:`, ...of.map((o) => `  ${o.message}`)] : [];
  });
}

/** The counts line of an analysis. */
export const summaryLine = (a: Architecture) => `Files: ${a.graph.files.length}, import edges: ${a.graph.edges.length}, cycles: ${a.cycles.length}, functions: ${a.functions}, offenders: ${a.offenders.length}`;
