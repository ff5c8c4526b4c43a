import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { DgovError } from "../errors.ts";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Runs `fn` holding a lock file (created exclusively, holding our pid). A lock left by a dead
 * process is taken over; a live holder is waited for up to `timeoutMs`.
 */
export async function withLock<T>(path: string, fn: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number.parseInt(readFileSync(path, "utf8").trim(), 10);
      if (!Number.isFinite(holder) || !alive(holder)) {
        rmSync(path, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new DgovError({ code: "E_LOCKED", message: `${path} is held by process ${holder}`, hint: "Another dgov is landing a change; retry when it is done.", exitCode: 1 });
      }
      await Bun.sleep(25);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(path, { force: true });
  }
}
