/**
 * The source texts of a checkout as the user has it: tracked and untracked-but-not-ignored
 * files (git's own listing), vendored folders and oversized files left out.
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { MAX_SOURCE_BYTES } from "../tree.ts";
import { analyzedPaths } from "./analysis.ts";

const VENDORED = /(^|\/)(?:node_modules|\.git)(?:\/|$)/;

function listed(dir: string): string[] {
  const result = Bun.spawnSync(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: dir, stdout: "pipe", stderr: "pipe" });
  if (result.exitCode !== 0) throw new Error(`git ls-files failed in ${dir}: ${result.stderr.toString().trim()}`);
  return [...new Set(result.stdout.toString().split("\0").filter((p) => p && !VENDORED.test(p)))].sort();
}

/** Path → text of every analysed source file under `dir` (and its go.mod). */
export function workTreeTexts(dir: string, exclude: readonly string[]): Map<string, string> {
  const paths = listed(dir);
  const keep = [...analyzedPaths(paths, exclude), ...paths.filter((p) => p === "go.mod")];
  const texts = new Map<string, string>();
  for (const path of keep) {
    try {
      const abs = join(dir, path);
      if (statSync(abs).size <= MAX_SOURCE_BYTES) texts.set(path, readFileSync(abs, "utf8"));
    } catch {
      // Deleted but still in the index: not part of the tree.
    }
  }
  return texts;
}
