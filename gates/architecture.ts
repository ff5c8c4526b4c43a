/**
 * The architecture gate, diff-aware: the judged tree's import cycles, `[architecture]` layering
 * violations and functions past `max_function_lines` / `max_complexity`, against the same
 * analysis of the base tree. Only what the change introduced fails it; offenders the base
 * already had are not blamed (a cycle the change grew is a new cycle).
 */
import { analyzeArchitecture, type ArchitectureLimits, commitTexts, defineGate, type FactsCache, type Finding, type GateContext, type GateInput, type GateResult, grammarOf, globMatch, introducedOffenders, listTree, type Offender, readTree } from "dgov/plugin";
import { unchangedImports } from "./architecture-quick.ts";
import { presentPaths } from "./changed-files.ts";

export const limitsOf = (input: GateInput): ArchitectureLimits => input.config.architecture;

/** Facts of every text seen, kept across phases and tasks of a run (most files never change); bounded. */
const CACHE: FactsCache = new Map();
const MAX_CACHED = 50_000;

/** The analysis of a tree, its facts cached across calls. */
export function analyzeCached(texts: ReadonlyMap<string, string>, limits: ArchitectureLimits) {
  if (CACHE.size > MAX_CACHED) CACHE.clear();
  return analyzeArchitecture(texts, limits, CACHE);
}

/** Changed source files of a supported language the analysis reads. */
export function relevant(input: GateInput): string[] {
  const { exclude } = limitsOf(input);
  const changed = [...new Set([...presentPaths(input), ...input.changed.map((c) => c.path)])];
  return changed.filter((p) => grammarOf(p) !== null && !exclude.some((g) => globMatch(g, p)));
}

/** The judged tree's texts: its commit, or the working tree before one exists (preflight). */
async function judgedTexts(ctx: GateContext, input: GateInput): Promise<Map<string, string>> {
  if (input.headSha) return commitTexts(ctx, input.dir, input.headSha, limitsOf(input).exclude);
  const paths = (await listTree(ctx, input.dir)).filter((p) => p === "go.mod" || grammarOf(p) !== null);
  const read = await readTree(ctx, input.dir, paths);
  return new Map([...read].filter(([, t]) => !t.truncated).map(([p, t]) => [p, t.text]));
}

const RULES: Record<Offender["kind"], string> = {
  cycle: "architecture/cycle",
  layering: "architecture/layering",
  long_function: "architecture/long-function",
  complex_function: "architecture/complex-function",
};

const HINTS: Record<Offender["kind"], string> = {
  cycle: "break the cycle: move what both files need into a module neither imports, or invert one import",
  layering: "import through the layer the rule allows, or move the code to a layer that may depend on it",
  long_function: "split the function into smaller ones",
  complex_function: "split the function or flatten its branching",
};

export function finding(o: Offender, hint = HINTS[o.kind]): Finding {
  const others = [...new Set(o.files)].filter((f) => f !== o.file);
  return { rule: RULES[o.kind], message: o.message, file: o.file, ...(o.line !== null ? { line: o.line } : {}), ...(others.length ? { files: others } : {}), hint };
}

export const architectureGate = defineGate({
  name: "architecture",
  description: "The change adds no import cycle, no [architecture] layering violation and no function past its length or complexity limit",
  phase: ["isolated", "candidate"],
  tree: false,
  skip: (input) => (relevant(input).length ? null : "no changed TypeScript, JavaScript, Python, Go or Rust file"),
  async check(input, ctx): Promise<GateResult> {
    const limits = limitsOf(input);
    const quick = await unchangedImports(ctx, input, limits, relevant(input));
    if (quick) return { status: "skip", reason: quick };
    const [now, before] = await Promise.all([judgedTexts(ctx, input), commitTexts(ctx, input.dir, input.baseSha, limits.exclude)]);
    const [after, base] = [await analyzeCached(now, limits), await analyzeCached(before, limits)];
    const fresh = introducedOffenders(after.offenders, base.offenders);
    const details = { files: after.graph.files.length, edges: after.graph.edges.length, cycles: after.cycles.length, introduced: fresh.length, preexisting: after.offenders.length - fresh.length };
    return fresh.length ? { status: "fail", findings: fresh.map((o) => finding(o)), details } : { status: "pass", details };
  },
});
