/**
 * What settlement's command gates add to a trivial task: dispatch → merged with every gate
 * configured as a no-op command (review hook, autofix, lint, format, type check, tests), minus
 * the same with those gates off. Target (issue 6): ≤ 60 ms median added.
 * Run: bun run build && bun bench/settle-gates.ts
 */
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { DGOV_BIN } from "../test/fakes/dgov.ts";
import { runRepo } from "../test/fakes/run-repo.ts";
import { report, summarize } from "./measure.ts";

const COMMANDS = `source_extensions = [".txt"]
review_hooks = ["true {files}"]
lint_fix_cmd = "true {file}"
format_cmd = "true {file}"
lint_cmd = "true {file}"
format_check_cmd = "true {file}"
type_check_cmd = "true"
test_cmd = "true"
`;
const OFF = ["review-hooks", "autofix", "lint", "format", "typecheck", "tests"].map((g) => `[gates.${g}]\nlevel = "off"`).join("\n");

/** Dispatch → merged of the single task of a run, in ms. */
function dispatchToMerged(dir: string): number {
  const db = new Database(join(dir, ".dgov/state.db"), { readonly: true });
  const rows = db.query("SELECT event, ts FROM events WHERE event IN ('dag_task_dispatching', 'merge_completed') ORDER BY id").all() as { event: string; ts: string }[];
  db.close();
  const at = (e: string) => Date.parse(rows.find((r) => r.event === e)!.ts);
  return at("merge_completed") - at("dag_task_dispatching");
}

function once(gates: boolean): number {
  const repo = runRepo([{ slug: "a", script: "echo a > a.txt", create: ["a.txt"] }], { project: gates ? COMMANDS : `${COMMANDS}\n${OFF}` });
  const proc = Bun.spawnSync([DGOV_BIN, "run", "p"], { cwd: repo.repo.dir, stdout: "ignore", stderr: "pipe" });
  if (proc.exitCode !== 0) throw new Error(`dgov run exited ${proc.exitCode}: ${proc.stderr}`);
  const ms = dispatchToMerged(repo.repo.dir);
  repo.remove();
  return ms;
}

const on: number[] = [];
const off: number[] = [];
once(true); // warm-up
for (let i = 0; i < 15; i++) {
  on.push(once(true));
  off.push(once(false));
}
const a = summarize("gates as no-op commands", on);
const b = summarize("gates off", off);
console.log(report([a, b]));
const added = a.median - b.median;
console.log(`settlement gates add ${added.toFixed(1)} ms median to dispatch → merged ${added <= 60 ? "  ok" : "  OVER 60 ms"}`);
