import { defineGate, type Finding, type GateContext, type GateInput, type GateResult, type KeyedDiagnostic, newDiagnostics } from "dgov/plugin";
import * as v from "valibot";
import { changedLines, exactTree, presentPaths, treeOf } from "./changed-files.ts";
import { configured, runLine, settlementMs, timedOut } from "./command-line.ts";
import { checkedRun, findingText } from "./diagnostics.ts";

const KEY = "type_check_cmd";

/**
 * Every type-check result of this process by (project, command, tree checked): a candidate
 * that lands is the next target, so the next task's baseline is usually known already, and
 * several tasks on one base check that base once. Runs that could not check are not kept.
 */
const results = new Map<string, Promise<KeyedDiagnostic[]>>();

/** Forgets the recorded results (tests). */
export function clearTypecheckResults(): void {
  results.clear();
}

const options = v.strictObject({
  reuse_results: v.optional(
    v.pipe(v.boolean(), v.description("Whether results recorded for a tree stand in for checking that tree again as a base (a type checker that reads nothing outside the tree).")),
    true,
  ),
});
type Options = v.InferOutput<typeof options>;
type Ctx = GateContext<Options>;

const resultKey = (ctx: GateContext, cmd: string, tree: string) => `${ctx.root}\0${cmd}\0${tree}`;
const reusing = (ctx: Ctx) => ctx.options?.reuse_results ?? true;

function remembered(ctx: Ctx, key: string, make: () => Promise<KeyedDiagnostic[]>): Promise<KeyedDiagnostic[]> {
  if (!reusing(ctx)) return make();
  let entry = results.get(key);
  if (!entry) {
    entry = make();
    results.set(key, entry);
    entry.catch(() => results.delete(key));
  }
  return entry;
}

/** Records the judged tree's result, when the tree is exactly the task commit's (nothing else in it). */
async function record(ctx: Ctx, input: GateInput, cmd: string, found: KeyedDiagnostic[]): Promise<void> {
  if (!input.headSha || !reusing(ctx)) return;
  const tree = await exactTree(ctx, input.dir, input.headSha);
  if (tree) results.set(resultKey(ctx, cmd, tree), Promise.resolve(found));
}

/** The base's diagnostics: recorded for its tree, or found by type-checking `ctx.baselineDir()`. */
async function baseline(ctx: Ctx, input: GateInput, cmd: string): Promise<KeyedDiagnostic[]> {
  const tree = await treeOf(ctx, input.dir, input.baseSha);
  return remembered(ctx, resultKey(ctx, cmd, tree), async () => {
    const dir = await ctx.baselineDir();
    const held = await treeOf(ctx, dir, "HEAD");
    if (held !== tree) throw new Error(`the base checkout ${dir} holds tree ${held.slice(0, 12)}, not the base's (${input.baseSha.slice(0, 12)}, tree ${tree.slice(0, 12)})`);
    const result = await runLine(ctx, cmd, settlementMs(input), dir);
    if (result.timedOut) throw new Error(`${KEY} timed out after ${settlementMs(input) / 1000}s in the base checkout: \`${cmd}\``);
    return checkedRun(ctx, dir, KEY, cmd, result, "in the base checkout");
  });
}

/**
 * Whether a diagnostic (in a file of `fresh`) is on a line the change touched: when a tree has
 * more of an identity than the base, those are the ones reported (the copy the worker wrote,
 * not the old one that moved).
 */
async function onChangedLine(ctx: GateContext, input: GateInput, fresh: KeyedDiagnostic[]): Promise<(d: KeyedDiagnostic) => boolean> {
  const changed = new Set(presentPaths(input));
  const lines = new Map<string, Set<number>>();
  for (const file of new Set(fresh.map((d) => d.file).filter((f) => changed.has(f)))) lines.set(file, await changedLines(ctx, input, file));
  return (d) => lines.get(d.file)?.has(d.line) ?? false;
}

function failure(cmd: string, fresh: KeyedDiagnostic[], total: number): Finding[] {
  return [
    { rule: "typecheck", message: `Type check failure from \`${cmd}\`: ${fresh.length} new diagnostic(s), ${total} in all:` },
    ...fresh.map((d) => ({ rule: "typecheck", file: d.file, ...(d.line > 0 ? { line: d.line } : {}), message: findingText(d, ": ") })),
  ];
}

/**
 * `type_check_cmd` on the whole tree, compared with the base (spec settlement-git §2.4.2
 * step 3): a diagnostic is old when the base has one of the same identity (file, code,
 * message, text of its line), counted, so line shifts and old errors pass and a second copy
 * of an old error fails. A checker that cannot run is the gate's error, whatever the base did.
 */
export const typecheckGate = defineGate({
  name: "typecheck",
  description: "type_check_cmd reports no diagnostic the base did not have",
  phase: ["isolated", "candidate"],
  options,
  skip: (input) => (configured(input.config.project.type_check_cmd) ? null : "no type_check_cmd configured"),
  async check(input, ctx): Promise<GateResult> {
    const cmd = input.config.project.type_check_cmd!;
    const result = await runLine(ctx, cmd, settlementMs(input), input.dir);
    if (result.timedOut) return { status: "fail", findings: [timedOut(KEY, "typecheck", cmd, settlementMs(input))] };
    const found = await checkedRun(ctx, input.dir, KEY, cmd, result, "in the task's tree");
    await record(ctx, input, cmd, found);
    if (found.length === 0) return { status: "pass" };
    const base = await baseline(ctx, input, cmd);
    const fresh = newDiagnostics(found, base);
    if (fresh.length) {
      // Which copies of an identity to report is worth a diff only in the files that have new ones.
      const reported = newDiagnostics(found, base, { prefer: await onChangedLine(ctx, input, fresh) });
      return { status: "fail", findings: failure(cmd, reported, found.length) };
    }
    ctx.log.warn(`typecheck: \`${cmd}\` exits ${result.code}, with no diagnostic the base did not have (${found.length} pre-existing)`);
    return { status: "pass" };
  },
});
