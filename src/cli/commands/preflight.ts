import type { GateRun } from "../../runner/settle/gates.ts";
import { providerKeyEnvs } from "../../config/resolve.ts";
import { describeFindings } from "../../runner/settle/gates.ts";
import { type PreflightResult, runPreflight } from "../../runner/settle/preflight.ts";
import { verdict } from "../../runner/settle/pipeline.ts";
import { scrubbedEnv } from "../../exec/env.ts";
import { log } from "../../log.ts";
import { resolveConfinement } from "../../runner/confinement.ts";
import { defineCommand } from "../define.ts";
import { printJson, printText } from "../output.ts";
import { openProject } from "../project.ts";
import { onInterrupt } from "../signals.ts";

function gateJson(run: GateRun): Record<string, unknown> {
  const o = run.outcome;
  const detail = o.status === "fail" ? { findings: o.findings } : o.status === "skip" ? { reason: o.reason } : o.status === "error" ? { error: o.error } : {};
  const commands = run.commands.map((c) => ({ argv: c.argv, cwd: c.cwd, code: c.code, timed_out: c.timedOut, duration_ms: c.durationMs }));
  return {
    gate: run.gate, phase: run.phase, level: run.level, status: o.status, duration_ms: Math.round(run.durationMs), ...detail, commands,
    ...(o.status !== "error" && o.details ? { details: o.details } : {}),
    ...(run.drift ? { put_back: run.drift } : {}),
  };
}

/** `✓ lint`, `✗ tests`, `! format (warn: …)`, `- typecheck (skipped: …)`. */
function gateLine(run: GateRun): string {
  const o = run.outcome;
  if (o.status === "pass") return `✓ ${run.gate}`;
  if (o.status === "skip") return `- ${run.gate} (skipped: ${o.reason})`;
  if (o.status === "error") return `✗ ${run.gate} (error: ${o.error.split("\n")[0]})`;
  const n = `${o.findings.length} finding${o.findings.length === 1 ? "" : "s"}`;
  return run.level === "warn" ? `! ${run.gate} (warn: ${n})` : `✗ ${run.gate} (${n})`;
}

function report(result: PreflightResult): string {
  const lines = result.runs.map(gateLine);
  const warnings = result.runs.flatMap((r) => (r.outcome.status === "fail" && r.level === "warn" ? [{ gate: r.gate, findings: r.outcome.findings }] : []));
  if (warnings.length) lines.push("", "Warnings (not blocking):", describeFindings(warnings));
  if (result.blocking.length) lines.push("", "Blocking findings:", describeFindings(result.blocking));
  lines.push("", result.blocking.length ? "Preflight failed." : passedLine(result));
  return lines.join("\n");
}

/** A pass says what it rests on: nothing ran, or no check that runs the code did. */
function passedLine(result: PreflightResult): string {
  const ran = result.runs.filter((r) => r.outcome.status === "pass" || r.outcome.status === "fail");
  const { unverified } = verdict(result.runs);
  if (ran.length === 0) return "Preflight checked nothing: every gate skipped (see the reasons above). Configure test_cmd, type_check_cmd or lint_cmd in .dgov/project.toml.";
  if (unverified) return `Preflight passed, but no test, type or lint check ran (${unverified}).`;
  return "Preflight passed.";
}

export default defineCommand({
  args: {},
  details:
    "Runs settlement's gates on the uncommitted changes of the project root, as a task's change would\n" +
    "be judged: the review gates (review hooks; the claim check needs a task, so it skips),\n" +
    "then the isolated gates (lint, format check, type check against a temporary checkout of HEAD,\n" +
    "tests, plugin verify recipes). Nothing is committed, merged or fixed in place (no autofix).\n" +
    "Exit 1 when a blocking gate fails.",
  async run({ globals }) {
    const project = await openProject(globals);
    const config = project.loaded.config;
    const { confinement, warning } = await resolveConfinement(project.root, config, { llm: false });
    if (warning) log.warn(warning);
    const stop = new AbortController();
    onInterrupt({ first: () => stop.abort(), second: () => {} });
    let result: PreflightResult;
    try {
      const env = scrubbedEnv(process.env, providerKeyEnvs(config));
      result = await runPreflight({ root: project.root, config, registry: project.registry, env, signal: stop.signal, confinement });
    } finally {
      onInterrupt(null);
    }
    const passed = result.blocking.length === 0;
    if (globals.json) {
      const changed = result.changed.map((c) => ({ path: c.path, status: c.status, ...(c.oldPath ? { old_path: c.oldPath } : {}) }));
      const { verified, unverified } = verdict(result.runs);
      const checked = result.runs.some((r) => r.outcome.status === "pass" || r.outcome.status === "fail");
      await printJson({ passed, checked, verified, unverified: result.changed.length ? unverified : null, changed, gates: result.runs.map(gateJson) });
    } else if (result.changed.length === 0) await printText("Preflight: no uncommitted changes, nothing to check.");
    else await printText(report(result));
    if (stop.signal.aborted) return 130;
    return passed ? 0 : 1;
  },
});
