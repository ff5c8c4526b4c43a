import { tomlKey, tomlString, tomlStringArray } from "../toml/write.ts";
import type { CompiledPlan, Unit } from "./types.ts";

/**
 * A multi-line basic string. A quote is escaped when another follows it or when it ends the
 * text, so no `"""` can appear inside and the closing delimiter is never ambiguous; control
 * characters other than newline and tab are escaped (dgov-py left them raw: invalid TOML).
 */
export function tomlMultiline(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const code = ch.charCodeAt(0);
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += text[i + 1] === '"' || i === text.length - 1 ? '\\"' : '"';
    else if (ch === "\n" || ch === "\t") out += ch;
    else if (ch === "\r") out += "\\r";
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).toUpperCase().padStart(4, "0")}`;
    else out += ch;
  }
  return `"""\n${out}"""`;
}

function filesLines(unit: Unit): string[] {
  const f = unit.files;
  const onlyTouch = f.touch.length > 0 && !f.create.length && !f.edit.length && !f.delete.length && !f.read.length;
  if (onlyTouch) return [`files = ${tomlStringArray(f.touch)}`];
  return (["touch", "create", "edit", "delete", "read"] as const)
    .filter((kind) => f[kind].length > 0)
    .map((kind) => `files.${kind} = ${tomlStringArray(f[kind])}`);
}

function unitLines(unit: Unit): string[] {
  const lines = [`[tasks.${tomlKey(unit.id)}]`, `summary = ${tomlString(unit.summary)}`];
  if (unit.promptFile) lines.push(`prompt_file = ${tomlString(unit.promptFile)}`);
  lines.push(`prompt = ${unit.prompt.includes("\n") ? tomlMultiline(unit.prompt) : tomlString(unit.prompt)}`);
  lines.push(`commit_message = ${tomlString(unit.commitMessage)}`);
  if (unit.agent) lines.push(`agent = ${tomlString(unit.agent)}`);
  if (unit.provider) lines.push(`provider = ${tomlString(unit.provider)}`);
  if (unit.role !== "worker") lines.push(`role = ${tomlString(unit.role)}`);
  if (unit.dependsOn.length) lines.push(`depends_on = ${tomlStringArray(unit.dependsOn)}`);
  if (unit.timeoutS !== null) lines.push(`timeout_s = ${unit.timeoutS}`);
  if (unit.iterationBudget !== null) lines.push(`iteration_budget = ${unit.iterationBudget}`);
  if (unit.testCmd) lines.push(`test_cmd = ${tomlString(unit.testCmd)}`);
  if (unit.selfReview) lines.push("self_review = true");
  if (unit.maxForkDepth !== 1) lines.push(`max_fork_depth = ${unit.maxForkDepth}`);
  if (unit.sopMapping.length) lines.push(`sop_mapping = ${tomlStringArray(unit.sopMapping)}`);
  return [...lines, ...filesLines(unit)];
}

/**
 * `_compiled.toml` (spec plans-config §2.3 layout): `[plan]`, then one table per unit sorted
 * by id. It records a content hash of the sources instead of dgov-py's `source_mtime_max`,
 * so identical trees give identical bytes wherever they are.
 */
export function renderCompiled(plan: CompiledPlan): string {
  const m = plan.meta;
  const head = [
    "[plan]",
    `name = ${tomlString(m.name)}`,
    `source_hash = ${tomlString(m.sourceHash)}`,
    `sop_set_hash = ${tomlString(m.sopSetHash)}`,
  ];
  if (m.defaultAgent) head.push(`default_agent = ${tomlString(m.defaultAgent)}`);
  if (m.defaultProvider) head.push(`default_provider = ${tomlString(m.defaultProvider)}`);
  if (m.maxRetries !== null) head.push(`max_retries = ${m.maxRetries}`);
  const units = [...plan.units].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return [head.join("\n"), ...units.map((u) => unitLines(u).join("\n"))].join("\n\n") + "\n";
}
