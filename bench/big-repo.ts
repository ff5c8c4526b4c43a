/**
 * A big repository (issue 16): 30,000 tracked files in 300 packages, dgov's LLM worker against
 * a zero-latency scripted model, trivial gates. Reports each task's dispatch (worktree made
 * and set up: dag_task_dispatching → dag_task_dispatched) and the wall time of a 3-task run,
 * then of a second plan's 3-task run on the same repository. By default the worktrees are
 * sparse (`[git] sparse = true`: the claimed folders and the top-level files, git/sparse.ts);
 * with `--full` they are full checkouts, and the second plan finds the first run's parked
 * checkouts (git/worktree.ts).
 * Baseline in the same run: `git worktree add` of the same commit, the cost of one full checkout.
 * Targets: dispatch ≤ 1 s, a 3-task run ≤ 10 s.
 * Run: bun run build && bun bench/big-repo.ts [files] [--full]
 */
import { Database } from "bun:sqlite";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { byTask, llmRepo } from "../test/fakes/llm-repo.ts";
import { call, done, startModelServer } from "../test/fakes/model-server.ts";
import { summarize } from "./measure.ts";

const args = process.argv.slice(2);
const FULL = args.includes("--full");
const FILES = Number(args.find((a) => /^\d+$/.test(a)) ?? 30_000);
const files: Record<string, string> = {};
for (let i = 0; i < FILES; i++) files[`pkg${String(Math.floor(i / 100)).padStart(3, "0")}/m${String(i % 100).padStart(3, "0")}.txt`] = `module ${i}\n`;

const server = await startModelServer();
const rounds = [["a", "b", "c"], ["d", "e", "f"]];
const task = (s: string, i: number) => ({ slug: s, edit: [`pkg00${i}/m000.txt`] });
const repo = llmRepo(server.url, rounds[0]!.map(task), { files, plan: "max_retries = 0", extra: `[git]\nsparse = ${!FULL}` });
// The second plan: the same work on other files, as the next plan a user runs.
repo.repo.write(".dgov/plans/q/_root.toml", '[plan]\nname = "q"\nsections = ["t"]\nmax_retries = 0\n');
repo.repo.write(
  ".dgov/plans/q/t/m.toml",
  rounds[1]!.map((s, i) => `[tasks.${s}]\nsummary = "task ${s}"\nprompt = "[[task:${s}]]\\nOrient:\\nLook.\\nEdit:\\nDo ${s}.\\nVerify:\\nCheck."\ncommit_message = "Task ${s}"\nfiles.edit = ["pkg00${i}/m001.txt"]\n`).join("\n"),
);
repo.repo.git("add", ".dgov/plans/q");
repo.repo.git("commit", "-qm", "plan q");
// A repository at rest, as a user's is: the files just written are on disk, not in writeback.
Bun.spawnSync(["sync"]);
try {
  const head = repo.repo.git("rev-parse", "HEAD").trim();
  const baseline = join(repo.repo.dir, "..", `big-baseline-${process.pid}`);
  const started = performance.now();
  repo.repo.git("worktree", "add", "-q", "--detach", baseline, head);
  const checkoutMs = performance.now() - started;
  repo.repo.git("worktree", "remove", "--force", baseline);
  rmSync(baseline, { recursive: true, force: true });
  console.log(`${FILES} files, ${FULL ? "full" : "sparse"} task worktrees: one full checkout (git worktree add) ${checkoutMs.toFixed(0)} ms`);

  for (const [r, slugs] of rounds.entries()) {
    const round = r + 1;
    const edit = (s: string, i: number) => call("edit_file", { path: `pkg00${i}/m00${r}.txt`, old_text: "\n", new_text: `\nby ${s}\n` });
    server.script({ conversations: slugs.map((s, i) => byTask(s, [edit(s, i), done()])) });
    const t0 = performance.now();
    const run = await repo.dgov(["run", round === 1 ? "p" : "q"]);
    const wall = performance.now() - t0;
    if (run.code !== 0) throw new Error(`round ${round}: dgov run exited ${run.code}:\n${run.stderr.slice(-3000)}`);
    const db = new Database(join(repo.repo.dir, ".dgov/state.db"), { readonly: true });
    const rows = db.query("SELECT event, task, ts FROM events WHERE plan = ? AND event IN ('dag_task_dispatching', 'dag_task_dispatched') ORDER BY id").all(round === 1 ? "p" : "q") as { event: string; task: string; ts: string }[];
    db.close();
    const began = new Map<string, number>();
    const dispatch: number[] = [];
    for (const r of rows) {
      if (r.event === "dag_task_dispatching") began.set(r.task, Date.parse(r.ts));
      else dispatch.push(Date.parse(r.ts) - began.get(r.task)!);
    }
    const d = summarize("dispatch", dispatch);
    console.log(
      `run ${round}: 3 tasks wall ${(wall / 1000).toFixed(2)} s (target ≤ 10 s ${wall <= 10_000 ? "ok" : "OVER"})   dispatch median ${d.median} ms, max ${Math.max(...dispatch)} ms ` +
        `(target ≤ 1 s ${Math.max(...dispatch) <= 1000 ? "ok" : "OVER"}; ${(d.median / checkoutMs).toFixed(2)}× a full checkout)`,
    );
  }
} finally {
  repo.remove();
  await server.close();
}
