/**
 * Settlement cost on a TypeScript package with real tsc and vitest (issue 12): 4 parallel
 * tasks, each a correct edit of its own module, all landing. Before: every fresh tree (task
 * worktree, task checkout, base and candidate checkouts) runs `npm ci --offline`, and every
 * base is type-checked in its own checkout. After: trees link the root's node_modules
 * (`reuse_dirs`), and type-check results recorded by tree stand in for a base
 * (`[gates.typecheck] reuse_results`). One run each; the median per task of settlement (first
 * phase started → merged) and of dispatch → merged.
 * Needs the npm cache of the test toolchains (`npm ci --prefix test/toolchains/node`).
 * Run: bun run build && bun bench/settle-reuse.ts
 */
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { DGOV_BIN } from "../test/fakes/dgov.ts";
import { runRepo } from "../test/fakes/run-repo.ts";
import { linkNodeModules } from "../test/fakes/toolchains.ts";
import { tsPackage } from "../test/fakes/ts-project.ts";
import { report, summarize } from "./measure.ts";

const MODULES = ["math", "strings", "range", "clock"] as const;
const files = tsPackage("npm");

/** Task `<m>` appends a documented constant to src/core/<m>.ts: correct, typed, tested by the suite through the entry. */
const tasks = MODULES.map((m) => {
  const path = `src/core/${m}.ts`;
  const content = `${files[path]}\n/** Added by the task. */\nexport const ${m.toUpperCase()}_VERSION = 2;\n`;
  return { slug: m, script: `cat > ${path} <<'EOF'\n${content}EOF`, edit: [path] };
});

const COMMANDS = [
  'src_dir = "src"',
  'test_dir = "test"',
  'source_extensions = [".ts"]',
  'setup_cmd = "npm ci --offline --no-audit --no-fund --loglevel=error"',
  'type_check_cmd = "node_modules/.bin/tsc --noEmit --pretty false"',
  'test_cmd = "node_modules/.bin/vitest run {test_dir}"',
  "max_parallel = 4",
].join("\n");
// The sandbox off in both arms: npm then finds the user's cache for its offline installs.
const SANDBOX_OFF = '[sandbox]\nmode = "off"\n';

interface Arm {
  settlement: number[];
  dispatched: number[];
}

function events(dir: string): { event: string; task: string | null; ts: string }[] {
  const db = new Database(join(dir, ".dgov/state.db"), { readonly: true });
  const rows = db.query("SELECT event, task, ts FROM events ORDER BY id").all() as { event: string; task: string | null; ts: string }[];
  db.close();
  return rows;
}

function run(reuse: boolean): Arm {
  const extra = reuse ? SANDBOX_OFF : `${SANDBOX_OFF}\n[gates.typecheck]\nreuse_results = false\n`;
  const r = runRepo(tasks, { project: `${COMMANDS}${reuse ? '\nreuse_dirs = ["node_modules"]' : ""}`, files, extra });
  try {
    linkNodeModules(r.repo.dir);
    const proc = Bun.spawnSync([DGOV_BIN, "run", "p"], { cwd: r.repo.dir, stdout: "ignore", stderr: "pipe" });
    if (proc.exitCode !== 0) throw new Error(`dgov run (${reuse ? "after" : "before"}) exited ${proc.exitCode}:\n${proc.stderr.toString().slice(-3000)}`);
    const rows = events(r.repo.dir);
    const at = (task: string, event: string) => Date.parse(rows.find((e) => e.task === task && e.event === event)!.ts);
    const ids = MODULES.map((m) => `t/m.${m}`);
    return {
      settlement: ids.map((id) => at(id, "merge_completed") - at(id, "settlement_phase_started")),
      dispatched: ids.map((id) => at(id, "merge_completed") - at(id, "dag_task_dispatching")),
    };
  } finally {
    r.remove();
  }
}

const before = run(false);
const after = run(true);
const rows = [
  summarize("settlement, before", before.settlement),
  summarize("settlement, after", after.settlement),
  summarize("dispatch → merged, before", before.dispatched),
  summarize("dispatch → merged, after", after.dispatched),
];
console.log(report(rows));
const ratio = (a: number[], b: number[]) => (summarize("", a).median / summarize("", b).median).toFixed(1);
console.log(`median settlement per task: ${ratio(before.settlement, after.settlement)}× faster with the reuse; dispatch → merged ${ratio(before.dispatched, after.dispatched)}×`);
