import { claimCovers, defineGate, type GateContext, type GateInput, type GateResult } from "dgov/plugin";
import { guardOtherFiles } from "./autofix-guard.ts";
import { changedLines, sourcePaths, splitByBase } from "./changed-files.ts";
import { configured, fillPaths, hasPlaceholder, runLine, settlementMs } from "./command-line.ts";
import { readText, writeText } from "./git.ts";
import { mergeFixedText } from "./scoped-fix.ts";

interface Target {
  path: string;
  /** The worker's text before fixing. */
  text: string;
  /** 0-based lines the worker changed; null for a new file (fixed whole). */
  lines: Set<number> | null;
}

/**
 * The files to fix: changed source files claimed for writing. New files are fixed whole;
 * files the base had only where the worker changed lines (none changed → left alone).
 */
async function targets(ctx: GateContext, input: GateInput): Promise<Target[]> {
  // Outside a task (preflight) nothing is claimed for writing, so nothing is fixed.
  const c = input.task?.claims ?? { create: [], edit: [], touch: [] };
  const writable = [...c.create, ...c.edit, ...c.touch];
  const paths = sourcePaths(input).filter((p) => claimCovers(writable, p));
  const { fresh, existing } = await splitByBase(ctx, input, paths);
  const out: Target[] = [];
  for (const path of fresh) out.push({ path, text: await readText(ctx, input.dir, path), lines: null });
  for (const path of existing) {
    const lines = [...(await changedLines(ctx, input, path))].map((n) => n - 1);
    if (lines.length) out.push({ path, text: await readText(ctx, input.dir, path), lines: new Set(lines) });
  }
  return out;
}

/** Keeps the fixes of pre-existing files on the worker's lines only. */
async function scopeFixes(ctx: GateContext, input: GateInput, files: Target[]): Promise<void> {
  for (const t of files) {
    if (!t.lines) continue;
    const fixed = await readText(ctx, input.dir, t.path);
    if (fixed === t.text) continue;
    const merged = mergeFixedText(t.text, fixed, t.lines);
    if (merged !== fixed) await writeText(ctx, input.dir, t.path, merged);
  }
}

/** The fixer commands configured, by key. */
function fixers(input: GateInput): [string, string][] {
  const p = input.config.project;
  return [["lint_fix_cmd", p.lint_fix_cmd], ["format_cmd", p.format_cmd]].filter(([, cmd]) => configured(cmd)) as [string, string][];
}

/**
 * Autofix before the commit (spec settlement-git §2.3): `lint_fix_cmd`, then `format_cmd`, on
 * the worker's changed source files. Pre-existing style outside the worker's lines is kept.
 * Exit codes are ignored (a fixer that finds problems it cannot fix leaves them for lint);
 * a timeout fails, and the worker's text is put back. No SmartFixer, no import-block widening
 * (both Python-only in dgov-py; a language plugin may add them).
 */
export const autofixGate = defineGate({
  name: "autofix",
  description: "Runs lint_fix_cmd and format_cmd on the worker's changed lines before the commit",
  phase: "autofix",
  skip: (input) => (fixers(input).length === 0 ? "no lint_fix_cmd or format_cmd configured" : null),
  // The fixers see the changed files and their config files (top-level, or in the folders above them).
  worktreeReads: () => [],
  async check(input, ctx): Promise<GateResult> {
    const p = input.config.project;
    const commands = fixers(input);
    if (commands.length === 0) return { status: "skip", reason: "no lint_fix_cmd or format_cmd configured" };
    const files = await targets(ctx, input);
    if (files.length === 0) return { status: "skip", reason: "no changed source file claimed for writing" };
    const paths = files.map((f) => f.path);
    const restoreOthers = commands.some(([, cmd]) => !hasPlaceholder(cmd, "file")) ? await guardOtherFiles(ctx, input.dir, new Set(paths)) : null;
    for (const [key, cmd] of commands) {
      const line = fillPaths(cmd, ["file"], paths);
      const result = await runLine(ctx, line, settlementMs(input), input.dir);
      if (result.timedOut) {
        for (const f of files) await writeText(ctx, input.dir, f.path, f.text);
        await restoreOthers?.();
        return { status: "fail", findings: [{ rule: "autofix/timeout", message: `Autofix ${key} timed out after ${p.settlement_timeout}s: \`${line}\``, hint: "Your files were left as you wrote them." }] };
      }
      if (result.code === 127) ctx.log.warn(`autofix: ${key} program not found (\`${line}\`); nothing fixed by it`);
    }
    await scopeFixes(ctx, input, files);
    await restoreOthers?.();
    return { status: "pass" };
  },
});
