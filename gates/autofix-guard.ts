import { type GateContext, parseGitStatus } from "dgov/plugin";
import { git } from "./git.ts";

const hashes = async (ctx: GateContext, dir: string, paths: string[], write: boolean) =>
  paths.length ? (await git(ctx, dir, ["hash-object", ...(write ? ["-w"] : []), "--", ...paths])).trim().split("\n") : [];

/**
 * A fix command without `{file}` runs over the whole tree: everything it changes outside the
 * files being fixed is put back afterwards (byte-exact, through git blobs), so it can neither
 * restyle a file the worker did not change nor alter one it may not fix (unclaimed, not source).
 * Returns the function that restores.
 */
export async function guardOtherFiles(ctx: GateContext, dir: string, fixing: ReadonlySet<string>): Promise<() => Promise<void>> {
  const status = async () => parseGitStatus(await git(ctx, dir, ["status", "--porcelain=v1", "-z", "--untracked-files=all"]));
  const before = await status();
  const present = before.filter((e) => !fixing.has(e.path) && !e.code.includes("D")).map((e) => e.path);
  const saved = await hashes(ctx, dir, present, true);
  const changedBefore = new Set(before.map((e) => e.path));
  return async () => {
    const now = await hashes(ctx, dir, present, false);
    for (let i = 0; i < present.length; i++) {
      if (now[i] === saved[i]) continue;
      ctx.log.warn(`autofix: a fix command changed ${present[i]}, which it may not fix; restored`);
      await ctx.exec(["sh", "-c", 'git cat-file blob "$1" > "$2"', "sh", saved[i]!, present[i]!], { cwd: dir, quiet: true });
    }
    // Files the worker left alone that the command changed: back to their committed text.
    const touched = (await status()).filter((e) => !fixing.has(e.path) && !changedBefore.has(e.path) && e.code !== "??");
    if (touched.length === 0) return;
    ctx.log.warn(`autofix: a fix command changed files outside the task's change; restored: ${touched.map((e) => e.path).join(", ")}`);
    await git(ctx, dir, ["checkout", "--", ...touched.map((e) => e.path)]);
  };
}
