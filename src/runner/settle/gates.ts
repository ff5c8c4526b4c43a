import type { GateLevel } from "../../config/schema.ts";
import type { Wrapper } from "../../exec/exec.ts";
import { createContext, gitCapability } from "../../plugin/context.ts";
import { type GateOutcome, runGateCheck } from "../../plugin/invoke.ts";
import type { RegisteredGate, Registry } from "../../plugin/registry.ts";
import { type Finding, type GateInput, type GatePhase, gatePhases } from "../../plugin/types.ts";

/** One gate's verdict as settlement records it. */
export interface GateRun {
  gate: string;
  plugin: string;
  phase: GatePhase;
  level: GateLevel;
  outcome: GateOutcome;
  durationMs: number;
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
  /** A checkout of the base, for gates that compare with it (`ctx.baselineDir()`). */
  baselineDir(): Promise<string>;
  /** The sandbox of a gate's command run in `cwd` (that tree writable); null: unconfined. */
  confine(cwd: string): Wrapper | null;
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
  for (const gate of registry.gates.filter((g) => gatePhases(g.def).includes(phase) && g.level !== "off")) {
    const run = await runOne(gate, input, env);
    env.record(run);
    result.runs.push(run);
    const o = run.outcome;
    if (o.status === "error") result.blocking.push({ gate: gate.def.name, findings: [errorFinding(gate.def.name, o.error)] });
    else if (o.status === "fail" && gate.level === "block") result.blocking.push({ gate: gate.def.name, findings: o.findings });
  }
  return result;
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
    env: env.env,
    signal: controller.signal,
    timeoutMs: env.timeoutMs,
    confine: env.confine,
  });
  const ctx = { ...plugin, baselineDir: env.baselineDir, git: gitCapability(input.dir) };
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
  return { gate: gate.def.name, plugin: gate.plugin.def.name, phase: input.phase, level: gate.level, outcome, durationMs: performance.now() - started };
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
