/**
 * The post-run architecture comparison: the target after a run against the baseline
 * `.sentrux/baseline.json` it had before the run (read from that commit, never from a tree a
 * worker wrote: a task cannot edit the baseline to hide what it did). Offenders the baseline
 * lacks — new import cycles, layering violations, functions past the limits, or for a baseline
 * sentrux wrote, the offenders of every count that grew — fail it when they involve a file the
 * run changed; drift that came from elsewhere is not blamed on the run. What landed stays
 * landed: a blocking failure marks the run `degraded`, and `dgov plan remediate` turns the
 * findings into a follow-up plan.
 */
import { ARCHITECTURE_BASELINE_FILE, commitTexts, compareWithBaseline, defineGate, type GateResult, parseBaseline } from "dgov/plugin";
import { analyzeCached, finding, limitsOf, relevant } from "./architecture.ts";

const HINT = "the run's changes added this against the accepted architecture baseline: fix it (`dgov plan remediate <plan>` writes a plan that does), or accept it with `dgov sentrux gate-save`";

export const architectureBaselineGate = defineGate({
  name: "architecture-baseline",
  description: `After a run: what landed adds no offender the architecture baseline (${ARCHITECTURE_BASELINE_FILE}) does not have`,
  phase: "post-run",
  tree: false,
  skip: (input) => (relevant(input).length ? null : "the run changed no TypeScript, JavaScript, Python, Go or Rust file"),
  async check(input, ctx): Promise<GateResult> {
    const shown = await ctx.git(["show", `${input.baseSha}:${ARCHITECTURE_BASELINE_FILE}`], { cwd: input.dir });
    if (shown.code !== 0) return { status: "skip", reason: `no ${ARCHITECTURE_BASELINE_FILE} on the target before the run (\`dgov sentrux gate-save\` records one)` };
    const baseline = parseBaseline(shown.stdout);
    if (!baseline) throw new Error(`${ARCHITECTURE_BASELINE_FILE} at ${input.baseSha.slice(0, 12)} is not a baseline (a JSON object with a timestamp); \`dgov sentrux gate-save\` rewrites it`);
    const limits = limitsOf(input);
    const after = await analyzeCached(await commitTexts(ctx, input.dir, input.headSha ?? input.baseSha, limits.exclude), limits);
    const d = compareWithBaseline(after, baseline);
    const touched = new Set(input.changed.flatMap((c) => (c.oldPath ? [c.path, c.oldPath] : [c.path])));
    const blamed = d.introduced.filter((o) => o.files.some((f) => touched.has(f)));
    const details = { baseline: baseline.timestamp, counts: d.counts, introduced: d.introduced.length, blamed: blamed.length, offenders: after.offenders.length };
    return blamed.length ? { status: "fail", findings: blamed.map((o) => finding(o, HINT)), details } : { status: "pass", details };
  },
});
