/**
 * Port ranges for live tasks: each task that runs a worker or its gates holds a block of
 * `[project] port_count` ports from `port_base` up, handed to its processes as DGOV_PORT (the
 * first), DGOV_PORT_COUNT and PORT, so parallel tasks that start dev servers or test servers do
 * not collide. A block is leased machine-wide (a file per block holding the runner's pid, taken
 * with O_EXCL, reclaimed once its process is gone) so concurrent runs of any project get distinct
 * blocks too, and it is only handed out when every port in it can be bound right now.
 */
import { linkSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { processAlive } from "../exec/pid.ts";

export interface PortBlock {
  first: number;
  count: number;
}

/** The variables a task's processes get for its block (none without one). */
export function portEnv(block: PortBlock | null): Record<string, string> {
  return block ? { DGOV_PORT: String(block.first), DGOV_PORT_COUNT: String(block.count), PORT: String(block.first) } : {};
}

/** Where the machine-wide leases live: the user's runtime folder, else a private one under the temp folder. */
export function leaseDir(env: Record<string, string | undefined> = process.env): string {
  return env.XDG_RUNTIME_DIR?.trim() ? join(env.XDG_RUNTIME_DIR, "dgov-ports") : join(tmpdir(), `dgov-ports-${process.getuid?.() ?? "user"}`);
}

/** Whether every port of a block can be bound on the loopback now. */
function bindable(block: PortBlock): boolean {
  for (let port = block.first; port < block.first + block.count; port++) {
    try {
      Bun.listen({ hostname: "127.0.0.1", port, socket: { data() {} } }).stop(true);
    } catch {
      return false;
    }
  }
  return true;
}

export class PortLeases {
  private readonly held = new Map<string, PortBlock>();
  private swept = false;

  constructor(private readonly base: number, private readonly count: number, private readonly dir: string = leaseDir(), private readonly maxPort = 65535) {}

  /** The task's block, leased on first use; null when every block is taken or busy. */
  hold(task: string): PortBlock | null {
    const mine = this.held.get(task);
    if (mine) return mine;
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    if (!this.swept) this.sweep();
    // The blocks this run's other tasks hold are skipped without a look at their files: with many
    // tasks in flight (settled ones waiting to land hold theirs too) a scan would otherwise make,
    // link and remove a file for each of them at every hold.
    const ours = new Set([...this.held.values()].map((b) => b.first));
    for (let first = this.base; first + this.count - 1 <= this.maxPort; first += this.count) {
      const block = { first, count: this.count };
      if (ours.has(first) || !this.take(block)) continue;
      if (bindable(block)) {
        this.held.set(task, block);
        return block;
      }
      rmSync(this.file(block), { force: true });
    }
    return null;
  }

  /** Gives the task's block back. */
  free(task: string): void {
    const block = this.held.get(task);
    if (!block) return;
    this.held.delete(task);
    rmSync(this.file(block), { force: true });
  }

  /** Gives every block back (the run ends). */
  freeAll(): void {
    for (const task of [...this.held.keys()]) this.free(task);
  }

  /**
   * Once per run: removes the files a killed process left aside while it made a lease (see
   * createLease), which nothing else would ever remove.
   */
  private sweep(): void {
    this.swept = true;
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return;
    }
    for (const name of names) {
      const pid = asideOwner(name);
      if (pid && !heldByLive(pid)) rmSync(join(this.dir, name), { force: true });
    }
  }

  private file(block: PortBlock): string {
    return join(this.dir, `${block.first}-${block.count}.lease`);
  }

  /**
   * Takes a block's lease file, reclaiming it from a process that is gone. Two runs may find
   * the same dead lease at once: the one that creates its tombstone (`<lease>.reclaim`, O_EXCL)
   * reclaims it, and only while the lease still reads as it did, so a lease another run has just
   * taken over is never deleted. A tombstone left by a reclaimer that died is removed, and the
   * block tried again at the next hold.
   */
  private take(block: PortBlock): boolean {
    const file = this.file(block);
    // A live process's lease (the common case for a taken block) is seen without making a file.
    if (heldByLive(readFileSafe(file))) return false;
    if (createLease(file)) return true;
    const seen = readFileSafe(file);
    if (heldByLive(seen)) return false;
    const tombstone = `${file}.reclaim`;
    if (!createLease(tombstone)) {
      if (!heldByLive(readFileSafe(tombstone))) rmSync(tombstone, { force: true });
      return false;
    }
    try {
      if (readFileSafe(file) !== seen) return false;
      rmSync(file, { force: true });
      return createLease(file);
    } finally {
      rmSync(tombstone, { force: true });
    }
  }
}

/** Whether a lease's text names this process or another that is running. */
function heldByLive(text: string): boolean {
  const pid = Number.parseInt(text, 10);
  return pid === process.pid || (Number.isInteger(pid) && pid > 0 && processAlive(pid));
}

/** Where createLease writes a lease (or tombstone) before linking it into place: `<file>.<pid>-<8 hex>`. */
const asideOf = (file: string) => `${file}.${process.pid}-${crypto.randomUUID().slice(0, 8)}`;

/** The pid in an aside file's name (a lease's or a tombstone's), or null for any other name. */
const asideOwner = (name: string) => /^\d+-\d+\.lease(?:\.reclaim)?\.(\d+)-[0-9a-f]{8}$/.exec(name)?.[1] ?? null;

/**
 * Creates `file` holding this process's pid; false when it exists (or cannot be made). Written
 * aside, then linked into place: a lease is never seen empty, as if its owner were unknown.
 */
function createLease(file: string): boolean {
  const aside = asideOf(file);
  try {
    writeFileSync(aside, String(process.pid), { mode: 0o600, flag: "wx" });
    linkSync(aside, file);
    return true;
  } catch {
    return false;
  } finally {
    rmSync(aside, { force: true });
  }
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}
