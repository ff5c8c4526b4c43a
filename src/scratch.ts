import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { processAlive } from "./exec/pid.ts";

/*
 * dgov's temporary folders: `<tmp>/dgov-<kind>-<pid>-` and six random characters (mkdtemp's),
 * each removed by the code that made it. A process killed outright (SIGKILL, a crash, a worker
 * stopped at its timeout) cannot remove its own, so a run's start sweeps those its user left
 * whose process is gone: the pid in the name says whose it was.
 */

const NAME = /^dgov-[a-z]+(?:-[a-z]+)*-(\d+)-[A-Za-z0-9]{6}$/;
/** Left alone this long after its last change, whatever its pid says: a process in another pid namespace sharing the folder is not visible from here. */
const SWEEP_AFTER_MS = 60 * 60 * 1000;

/** A new temporary folder of `kind` (lower-case words joined by `-`). */
export function scratchDir(kind: string): string {
  return mkdtempSync(join(tmpdir(), `dgov-${kind}-${process.pid}-`));
}

/**
 * Removes the temporary folders of this user's dgov processes that are gone (their pid is not
 * running) and that have not changed for an hour. Returns how many were removed.
 */
export function sweepScratch(now: number = Date.now(), dir: string = tmpdir()): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  const uid = process.getuid?.();
  for (const name of names) {
    const m = NAME.exec(name);
    if (!m) continue;
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat?.isDirectory() || (uid !== undefined && stat.uid !== uid) || now - stat.mtimeMs < SWEEP_AFTER_MS) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || processAlive(pid)) continue;
    rmSync(path, { recursive: true, force: true });
    removed++;
  }
  return removed;
}
