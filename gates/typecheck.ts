import { defineGate, type Finding, type GateContext, type GateInput, type GateResult } from "dgov/plugin";
import { clip, configured, notFound, outputOf, runLine, settlementMs, timedOut } from "./command-line.ts";
import { type Diagnostic, identity, parseDiagnostics, relativePath } from "./diagnostics.ts";
import { git } from "./git.ts";

interface Baseline {
  code: number;
  ids: Set<string>;
}

/**
 * Baseline results per (project, base commit, command), for this process: several tasks on
 * one base type-check that base once. Keyed by the commit the checkout really holds.
 */
const baselines = new Map<string, Promise<Baseline>>();

/** Forgets cached baselines (tests). */
export function clearTypecheckBaselines(): void {
  baselines.clear();
}

/** Error diagnostics of a type checker's output, paths relative to the tree it ran in. */
function errors(output: string, dir: string): Diagnostic[] {
  return parseDiagnostics(output)
    .filter((d) => d.severity !== "warning")
    .map((d) => ({ ...d, file: relativePath(d.file, dir) }));
}

async function runBaseline(ctx: GateContext, input: GateInput, cmd: string, dir: string): Promise<Baseline> {
  const result = await runLine(ctx, cmd, settlementMs(input), dir);
  if (result.timedOut) throw new Error(`type_check_cmd timed out after ${input.config.project.settlement_timeout}s in the base checkout`);
  return { code: result.code, ids: new Set(errors(outputOf(result), dir).map(identity)) };
}

const cached = (key: string, make: () => Promise<Baseline>): Promise<Baseline> => {
  let entry = baselines.get(key);
  if (!entry) {
    entry = make();
    baselines.set(key, entry);
    entry.catch(() => baselines.delete(key));
  }
  return entry;
};

/** The base's diagnostics: from the cache, or by type-checking `ctx.baselineDir()`. */
async function baseline(ctx: GateContext, input: GateInput, cmd: string): Promise<Baseline> {
  const key = (sha: string) => `${ctx.root}\0${sha}\0${cmd}`;
  const hit = baselines.get(key(input.baseSha));
  if (hit) return hit;
  const dir = await ctx.baselineDir();
  const head = (await git(ctx, dir, ["rev-parse", "HEAD"])).trim();
  if (head !== input.baseSha) ctx.log.debug(`typecheck: the baseline checkout holds ${head.slice(0, 8)}, not ${input.baseSha.slice(0, 8)}`);
  return cached(key(head), () => runBaseline(ctx, input, cmd, dir));
}

function failure(fresh: Diagnostic[], total: number): Finding[] {
  return [
    { rule: "typecheck", message: `Type check failure (${fresh.length} new diagnostic(s), ${total} total):` },
    ...fresh.map((d) => ({ rule: "typecheck", file: d.file, line: d.line, message: [d.code, d.message].filter(Boolean).join(": ") })),
  ];
}

/**
 * `type_check_cmd` on the whole tree, compared with the base (spec settlement-git §2.4.2
 * step 3): only diagnostics whose (file, code) the base does not have fail, so line shifts and
 * old errors do not. Output nothing can be read from fails only when the base passes.
 */
export const typecheckGate = defineGate({
  name: "typecheck",
  description: "type_check_cmd reports no diagnostic the base did not have",
  phase: ["isolated", "candidate"],
  skip: (input) => (configured(input.config.project.type_check_cmd) ? null : "no type_check_cmd configured"),
  async check(input, ctx): Promise<GateResult> {
    const cmd = input.config.project.type_check_cmd!;
    const result = await runLine(ctx, cmd, settlementMs(input), input.dir);
    if (result.timedOut) return { status: "fail", findings: [timedOut("type_check_cmd", "typecheck", cmd, settlementMs(input))] };
    if (result.code === 0) return { status: "pass" };
    if (result.code === 127) return { status: "fail", findings: [notFound("type_check_cmd", "typecheck", cmd, result)] };
    const found = errors(outputOf(result), input.dir);
    const base = await baseline(ctx, input, cmd);
    const fresh = found.filter((d) => !base.ids.has(identity(d)));
    if (fresh.length) return { status: "fail", findings: failure(fresh, found.length) };
    if (found.length === 0 && base.code === 0) {
      return { status: "fail", findings: [{ rule: "typecheck", message: `Type check failure (the base passes; no diagnostic could be read):\n${clip(outputOf(result)).trimEnd()}` }] };
    }
    ctx.log.warn(`typecheck: \`${cmd}\` exits ${result.code}, with no diagnostic the base did not have (${found.length} pre-existing)`);
    return { status: "pass" };
  },
});
