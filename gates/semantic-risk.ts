/**
 * Integration risk (spec settlement-git §2.4.1, from the semantic gate's own evidence rather
 * than a second pass on another tree): the highest level any finding or overlap reaches, as a
 * level and a score, recorded in the gate's details with the overlapping symbols.
 */
import type { Finding } from "dgov/plugin";
import type { Overlap } from "./semantic-checks.ts";

export type RiskLevel = "none" | "low" | "medium" | "high" | "critical";

const SCORES: Record<RiskLevel, number> = { none: 0, low: 25, medium: 50, high: 75, critical: 100 };

export interface Risk {
  level: RiskLevel;
  score: number;
  /** Files both the task and the target changed since the task's base. */
  sharedFiles: string[];
  overlaps: Overlap[];
  evidence: { rule: string; file?: string; line?: number }[];
}

function levelOf(finding: Finding, overlaps: readonly Overlap[]): RiskLevel {
  switch (finding.rule) {
    case "semantic/syntax_conflict":
      return "critical";
    case "semantic/same_symbol_edit":
      return overlaps.some((o) => o.file === finding.file && o.public) ? "high" : "medium";
    default:
      return "high";
  }
}

export function scoreRisk(findings: readonly Finding[], overlaps: readonly Overlap[], sharedFiles: readonly string[]): Risk {
  let level: RiskLevel = sharedFiles.length ? "low" : "none";
  for (const f of findings) {
    const l = levelOf(f, overlaps);
    if (SCORES[l] > SCORES[level]) level = l;
  }
  const evidence = findings.map((f) => ({ rule: f.rule, ...(f.file ? { file: f.file } : {}), ...(f.line ? { line: f.line } : {}) }));
  return { level, score: SCORES[level], sharedFiles: [...sharedFiles], overlaps: [...overlaps], evidence };
}
