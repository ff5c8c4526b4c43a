import { isAbsolute, relative, resolve } from "node:path";
import type { GateLevel } from "../../config/schema.ts";
import { plainOutput } from "../../exec/env.ts";
import type { Wrapper } from "../../exec/exec.ts";
import { type Drift, guardTree, type TreeGuard } from "../../git/tree-guard.ts";
import { createContext, gitCapability } from "../../plugin/context.ts";
import { shellLine } from "../../verify/steps.ts";
import { type GateOutcome, gateWillCheck, runGateCheck } from "../../plugin/invoke.ts";
import type { RegisteredGate, Registry } from "../../plugin/registry.ts";
import { type ExecFn, type Finding, type GateInput, type GatePhase, gatePhases } from "../../plugin/types.ts";

/** A command a gate ran, as recorded with its run: what was checked, where, and how it ended. */
export interface GateCommand {
  argv: string[];
  /** Where it ran: relative to the project root when inside it, else absolute. */
  cwd: string;
  code: number;
  timedOut: boolean;
  durationMs: number;
}

/** One gate's verdict as settlement records it. */
export interface GateRun {
  gate: string;
  plugin: string;
  phase: GatePhase;
  level: GateLevel;
  outcome: GateOutcome;
  durationMs: number;
  /** Every command the gate ran (its own quiet reads aside), in order. */
  commands: GateCommand[];
  /** Files the gate wrote in the tree it judged; put back (see git/tree-guard.ts). */
  drift?: Drift;
}

export interface PhaseResult {
  runs: GateRun[];
  /** Findings of every blocking failure (and errors, which always block). */
  blocking: { gate: string; findings: Finding[] }[];
}

export interface GateEnv {
  root: string;
  env: Record<string, string>;
  signal: AbortSignal;
  timeoutMs: number;
  /** Records one gate run (the `gate_completed` event). */
  record(run: GateRun): void;
  /** A gate that will check starts (the `gate_started` event): what a person watching sees run. */
  starting?(gate: string, phase: GatePhase): void;
  /** A checkout of the base, for gates that compare with it (`ctx.baselineDir()`). */
  baselineDir(): Promise<string>;
  /** The sandbox of a gate's command run in `cwd` (that tree writable); null: unconfined. */
  confine(cwd: string): Wrapper | null;
  /** The git dir of a judged tree (named, never found through the tree's own `.git`). */
  gitDir(dir: string): Promise<string>;
}

function errorFinding(gate: string, error: string): Finding {
  return { rule: `${gate}/error`, message: error, hint: "The gate itself failed; fix the gate or its configuration, or set its level to \"off\"." };
}

/**
 * Runs the enabled gates of one phase, in registry order (phase, pre/normal/post, discovery).
 * A `warn` gate's failure is recorded but does not block; a gate that throws or times out
 * blocks whatever its level (never a silent pass).
 */
export async function runPhase(registry: Registry, phase: GatePhase, input: GateInput, env: GateEnv): Promise<PhaseResult> {
  const result: PhaseResult = { runs: [], blocking: [] };
  const gates = registry.gates.filter((g) => gatePhases(g.def).includes(phase) && g.level !== "off");
  // Every phase but autofix only judges: its gates' writes to the tree are put back.
  const guard = phase !== "autofix" && gates.some((g) => g.def.tree !== false && gateWillCheck(g.def, input)) ? await guardTree(input.dir, await env.gitDir(input.dir)) : null;
  try {
    for (const gate of gates) {
      const checks = gateWillCheck(gate.def, input);
      if (checks) env.starting?.(gate.def.name, phase);
      const run = await runOne(gate, input, env);
      if (guard && checks && gate.def.tree !== false) await putBack(guard, run);
      env.record(run);
      result.runs.push(run);
      const o = run.outcome;
      if (o.status === "error") result.blocking.push({ gate: gate.def.name, findings: [errorFinding(gate.def.name, o.error)] });
      else if (o.status === "fail" && gate.level === "block") result.blocking.push({ gate: gate.def.name, findings: o.findings });
    }
  } finally {
    guard?.dispose();
  }
  return result;
}

/**
 * After a checking gate: what it wrote in the judged tree is put back. Files it created
 * (caches, lockfiles a build wrote) are only removed; a gate that changed or deleted files is
 * an error whatever its verdict, since it judged something other than what is committed.
 */
async function putBack(guard: TreeGuard, run: GateRun): Promise<void> {
  const drift = await guard.check();
  if (!drift) return;
  run.drift = drift;
  if (drift.changed.length === 0) return;
  const files = drift.changed.slice(0, 10).join(", ") + (drift.changed.length > 10 ? ` and ${drift.changed.length - 10} more` : "");
  const commands = run.commands.map((c) => `\`${commandText(c.argv)}\``).join(", ");
  run.outcome = {
    status: "error",
    error: `gate '${run.gate}' changed files of the tree it checks (${files}); they were put back. A check must not write: configure its command not to fix or format${commands ? ` (it ran ${commands})` : ""}, e.g. \`ruff check --no-fix\`, \`prettier --check\`.`,
  };
}

/** How a command reads in a message: `sh -c <line>` as the line itself. */
const commandText = (argv: readonly string[]) => (argv.length === 3 && argv[1] === "-c" && /(^|\/)sh$/.test(argv[0]!) ? argv[2]! : shellLine(argv));

/** An exec that records every command it runs (unless `quiet`) into `commands`. */
function recording(exec: ExecFn, root: string, dir: string, commands: GateCommand[]): ExecFn {
  return async (argv, options = {}) => {
    const started = performance.now();
    const result = await exec(argv, options);
    if (!options.quiet) {
      const cwd = options.cwd ? resolve(dir, options.cwd) : dir;
      const rel = relative(root, cwd);
      commands.push({ argv: [...argv], cwd: rel.startsWith("..") || isAbsolute(rel) ? cwd : rel || ".", code: result.code, timedOut: result.timedOut, durationMs: Math.round(performance.now() - started) });
    }
    return result;
  };
}

async function runOne(gate: RegisteredGate, input: GateInput, env: GateEnv): Promise<GateRun> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  env.signal.addEventListener("abort", abort, { once: true });
  const plugin = createContext({
    root: env.root,
    cwd: input.dir,
    tag: `${gate.plugin.def.name}/${gate.def.name}`,
    options: gate.options,
    env: plainOutput(env.env),
    signal: controller.signal,
    timeoutMs: env.timeoutMs,
    confine: env.confine,
  });
  const commands: GateCommand[] = [];
  const ctx = { ...plugin, exec: recording(plugin.exec, env.root, input.dir, commands), baselineDir: env.baselineDir, git: gitCapability(input.dir) };
  const started = performance.now();
  let timer: Timer | undefined;
  const timeout = new Promise<GateOutcome>((done) => {
    timer = setTimeout(() => {
      controller.abort();
      done({ status: "error", error: `gate '${gate.def.name}' timed out after ${Math.round(env.timeoutMs / 1000)}s` });
    }, env.timeoutMs);
  });
  const outcome = await Promise.race([runGateCheck(gate.def, input, ctx), timeout]);
  clearTimeout(timer);
  env.signal.removeEventListener("abort", abort);
  return { gate: gate.def.name, plugin: gate.plugin.def.name, phase: input.phase, level: gate.level, outcome, durationMs: performance.now() - started, commands };
}

/**
 * Findings as the worker reads them on a retry (and `status` shows them): one entry each with
 * gate, file, line, message and rule; a multi-line message (a test run's output) indented
 * below its first line; the hint last.
 */
export function describeFindings(blocking: PhaseResult["blocking"]): string {
  return blocking
    .flatMap(({ gate, findings }) =>
      findings.map((f) => {
        const where = f.file ? `${f.file}${f.line ? `:${f.line}` : ""}: ` : "";
        const [first, ...rest] = f.message.split("\n");
        const lines = [`- [${gate}] ${where}${first} (${f.rule})`, ...rest.map((l) => `    ${l}`)];
        if (f.hint) lines.push(`  hint: ${f.hint}`);
        return lines.join("\n");
      }),
    )
    .join("\n");
}

/** The first line of a rejection: where, which gates, and the first finding, for one-line views. */
export function rejectionHeadline(phase: string, blocking: PhaseResult["blocking"]): string {
  const gates = [...new Set(blocking.map((b) => b.gate))].join(", ");
  const all = blocking.flatMap((b) => b.findings);
  // A finding that points at a file says more than a summary line does.
  const first = all.find((f) => f.file) ?? all[0];
  const where = first?.file ? `${first.file}${first.line ? `:${first.line}` : ""}: ` : "";
  const message = first?.message.split("\n")[0]!.replace(/:$/, "") ?? "";
  return `settlement rejected at ${phase} by ${gates}: ${where}${message}${all.length > 1 ? ` (+${all.length - 1} more)` : ""}`;
}
