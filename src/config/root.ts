import { existsSync, statSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";

/**
 * The project root for a start directory (spec core-engine §3.12): walking up, the first
 * directory that is itself named `.dgov` gives its parent; the first that contains a `.dgov/`
 * directory or a `.git` entry is the root. Without either, the start directory itself.
 */
export function findProjectRoot(start: string): string {
  let dir = resolve(start);
  if (existsSync(dir) && !statSync(dir).isDirectory()) dir = dirname(dir);
  const origin = dir;
  for (;;) {
    if (basename(dir) === ".dgov") return dirname(dir);
    if (isDirectory(`${dir}/.dgov`) || existsSync(`${dir}/.git`)) return dir;
    const parent = dirname(dir);
    if (parent === dir) return origin;
    dir = parent;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
