import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { processAlive } from "./exec/pid.ts";

/**
 * Writes a file so that readers see the old content or the new, never a torn one:
 * write a sibling temp file, then rename over the target (atomic on one filesystem). A temp
 * file a killed process left beside it (its pid gone) is removed.
 */
export function writeFileAtomic(path: string, data: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    writeFileSync(temp, data);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  removeStaleTemps(path);
}

const TEMP = /\.tmp-(\d+)-[a-z0-9]*$/;

/** Temp siblings of `path` whose writer is no longer running. */
function removeStaleTemps(path: string): void {
  const prefix = `${basename(path)}.tmp-`;
  for (const name of readdirSync(dirname(path))) {
    const pid = name.startsWith(prefix) ? Number(TEMP.exec(name)?.[1]) : NaN;
    if (pid && pid !== process.pid && !processAlive(pid)) rmSync(join(dirname(path), name), { force: true });
  }
}
