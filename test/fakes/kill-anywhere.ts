/**
 * Crash trials (issue 11): `dgov run` of a plan of 4 chains × 3 tasks is SIGKILLed at a
 * uniformly random moment (and, in the repeated variant, each `--continue` too, up to
 * `kills` times), then continued until it completes. Every invariant is checked after each
 * trial. Shared by test/e2e/kill-anywhere.test.ts (a few trials) and bench/kill-anywhere.ts (50).
 * With `sparse`, the project runs `[git] sparse = true`: every task worktree is made new from a
 * registration without checkout and filled with its cone only (the folders below stay out).
 */
import { existsSync } from "node:fs";
import { basename } from "node:path";
import { DGOV_BIN } from "./dgov.ts";
import { type RunRepo, type RunTask, runRepo } from "./run-repo.ts";

const CHAINS = 4;
const LENGTH = 3;

/** A small deterministic generator (mulberry32), so a failing trial can be replayed from its seed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Task x.y writes `<x>-<y>.txt`; each waits a moment (`sleep 0.0<n><tag>`: how a test finds its processes). */
function tasks(tag: string): RunTask[] {
  const out: RunTask[] = [];
  for (let c = 0; c < CHAINS; c++) {
    for (let i = 0; i < LENGTH; i++) {
      const slug = `c${c}x${i}`;
      out.push({ slug, script: `sleep 0.0${(c + i) % 9 + 1}${tag}; echo ${slug} > ${slug}.txt`, create: [`${slug}.txt`], ...(i ? { deps: [`c${c}x${i - 1}`] } : {}) });
    }
  }
  return out;
}

export interface TrialOptions {
  sparse?: boolean;
}

/** The repository of a trial: with `sparse`, sparse task worktrees, and folders no task claims (left out of every cone). */
function trialRepo(tag: string, opts: TrialOptions): RunRepo {
  if (!opts.sparse) return runRepo(tasks(tag));
  return runRepo(tasks(tag), { extra: "[git]\nsparse = true", files: { "lib/shared.txt": "shared\n", "pkg/a/x.txt": "x\n", "pkg/b/y.txt": "y\n" } });
}

const SLUGS = Array.from({ length: CHAINS * LENGTH }, (_, k) => `c${Math.floor(k / LENGTH)}x${k % LENGTH}`);

async function runUntilKilled(r: RunRepo, args: string[], afterMs: number): Promise<number> {
  const child = Bun.spawn([DGOV_BIN, "run", "p", ...args], { cwd: r.repo.dir, stdout: "ignore", stderr: "ignore", env: { ...process.env, NO_COLOR: "1" } });
  const timer = setTimeout(() => child.kill("SIGKILL"), afterMs);
  const code = await child.exited;
  clearTimeout(timer);
  return code;
}

/** The invariants of a finished plan; each broken one is described. */
function broken(r: RunRepo, tag: string): string[] {
  const problems: string[] = [];
  const log = r.log();
  for (const slug of SLUGS) {
    const n = log.filter((l) => l === `Task ${slug}`).length;
    if (n !== 1) problems.push(`Task ${slug} landed ${n} times`);
  }
  if (log.length !== SLUGS.length + 1) problems.push(`main has ${log.length} commits, not ${SLUGS.length + 1}`);
  const status = r.repo.git("status", "--porcelain", "--untracked-files=all");
  if (status !== "") problems.push(`checkout not clean:\n${status}`);
  if (r.repo.git("rev-parse", "HEAD") !== r.repo.git("rev-parse", "main")) problems.push("checkout HEAD is not main");
  if (r.branches().length) problems.push(`branches left: ${r.branches().join(", ")}`);
  if (r.worktrees().length) problems.push(`worktree folders left: ${r.worktrees().join(", ")}`);
  // Parked checkouts may stay: each a registered worktree, detached, and nothing else registered.
  const listed = r.repo.git("worktree", "list", "--porcelain").split("\n\n").filter(Boolean);
  const others = listed.slice(1).map((entry) => ({ path: entry.split("\n")[0]!.slice("worktree ".length), detached: entry.includes("\ndetached") }));
  const parked = r.parked().sort();
  if (others.map((o) => basename(o.path)).sort().join() !== parked.join() || others.some((o) => !o.detached || !existsSync(o.path))) {
    problems.push(`worktrees registered: ${listed.slice(1).join(" | ")}; parked folders: ${parked.join(", ")}`);
  }
  const alive = Bun.spawnSync(["pgrep", "-f", tag]).stdout.toString().trim();
  if (alive) problems.push(`processes left: ${alive}`);
  const states = r.dgov(["status", "--all", "--json"]).json<{ plans: { tasks: { state: string }[] }[] }>().plans[0]?.tasks.map((t) => t.state) ?? [];
  if (states.length !== SLUGS.length || states.some((s) => s !== "merged")) problems.push(`status says: ${states.join(", ")}`);
  for (const slug of SLUGS) if (!existsSync(`${r.repo.dir}/${slug}.txt`)) problems.push(`${slug}.txt missing from the checkout`);
  return problems;
}

export interface Trial {
  seed: number;
  kills: number;
  problems: string[];
}

/** How long an uninterrupted run of the plan takes here, in ms (the span kill moments are drawn from). */
export async function baselineMs(opts: TrialOptions = {}): Promise<number> {
  const r = trialRepo("000000000", opts);
  try {
    const started = performance.now();
    const code = await runUntilKilled(r, [], 600_000);
    if (code !== 0) throw new Error(`the baseline run failed (exit ${code})`);
    return performance.now() - started;
  } finally {
    r.remove();
  }
}

/** One trial: killed at a random moment, then `--continue` (killed again up to `kills - 1` times) until it completes. */
export async function trial(seed: number, spanMs: number, kills: number, opts: TrialOptions = {}): Promise<Trial> {
  const next = random(seed);
  const tag = String(seed).padStart(9, "0").slice(-9);
  const r = trialRepo(tag, opts);
  try {
    let killed = 0;
    let code = await runUntilKilled(r, [], next() * spanMs);
    if (code === 137) killed++;
    for (let attempt = 0; code !== 0 && attempt < kills + 5; attempt++) {
      // A resumed run has less left to do: its kill moments are drawn from a shorter span.
      const again = killed < kills ? next() * spanMs * 0.6 : 600_000;
      code = await runUntilKilled(r, ["--continue"], again);
      if (code === 137) killed++;
    }
    const problems = code === 0 ? broken(r, tag) : [`the plan never completed (last exit ${code})`];
    for (const pid of Bun.spawnSync(["pgrep", "-f", tag]).stdout.toString().trim().split("\n").filter(Boolean)) process.kill(Number(pid), "SIGKILL");
    return { seed, kills: killed, problems };
  } finally {
    r.remove();
  }
}
