/**
 * `dgov compile` on generated plan trees, through the compiled binary.
 * Targets (issue 3): 200 tasks / 300 edges / 600 claims < 200 ms and 2,000 tasks < 2 s
 * (median of 5, binary). Trees use 10 sections of task files; every task depends on
 * earlier tasks (some across files), writes two files of its own and reads one shared file.
 * Run: bun run build && bun bench/compile.ts
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { report, timeCommand } from "./measure.ts";

const ROOT = join(import.meta.dir, "..");
const BIN = join(ROOT, "dist", "dgov");

/** Writes a plan of `tasks` tasks with exactly 1.5 dependencies and 3 claims per task. */
function generate(repo: string, tasks: number): { edges: number; claims: number } {
  const plan = join(repo, ".dgov", "plans", "big");
  const sections = Array.from({ length: 10 }, (_, s) => `s${s}`);
  mkdirSync(plan, { recursive: true });
  writeFileSync(join(plan, "_root.toml"), `[plan]\nname = "big"\nsections = ${JSON.stringify(sections)}\n`);
  const perFile = Math.ceil(tasks / (sections.length * 4));
  const ids: string[] = [];
  let edges = 0;
  let claims = 0;
  // Each task waits for its predecessor; the remaining edges go to a task a third of the way back.
  let extra = Math.round(tasks * 1.5) - (tasks - 1);
  const files = new Map<string, string[]>();
  for (let i = 0; i < tasks; i++) {
    const file = Math.floor(i / perFile);
    const section = sections[file % sections.length]!;
    const path = join(plan, section, `f${file}.toml`);
    const unique = i === 0 ? [] : [ids[i - 1]!];
    const far = ids[Math.floor(i / 3)];
    if (extra > 0 && far && !unique.includes(far)) {
      unique.push(far);
      extra--;
    }
    edges += unique.length;
    claims += 3;
    ids.push(`${section}/f${file}.t${i}`);
    const body = `[tasks.t${i}]
summary = "Update module ${i} of the python service"
prompt = """
Orient:
Read src/mod${i}.py.

Edit:
Change the handler in src/mod${i}.py and add tests.

Verify:
Run the module tests.
"""
commit_message = "Update module ${i}"
depends_on = ${JSON.stringify(unique)}
test_cmd = "python -m pytest tests/test_mod${i}.py -q"
files.edit = ["src/mod${i}.py"]
files.create = ["tests/test_mod${i}.py"]
files.read = ["docs/architecture.md"]
`;
    files.set(path, [...(files.get(path) ?? []), body]);
  }
  for (const [path, bodies] of files) {
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, bodies.join("\n"));
  }
  return { edges, claims };
}

function repoWith(tasks: number) {
  const repo = mkdtempSync(join(tmpdir(), "dgov-bench-compile-"));
  Bun.spawnSync(["git", "init", "-q"], { cwd: repo });
  mkdirSync(join(repo, ".dgov", "sops"), { recursive: true });
  writeFileSync(join(repo, ".dgov", "project.toml"), '[project]\nprovider = "local"\n[providers.local]\nbase_url = "http://127.0.0.1:9/v1"\napi_key_env = "K"\ndefault_agent = "m"\n');
  for (const f of readdirSync(join(ROOT, "sops")).filter((f) => f.endsWith(".md") && f !== "governor.md")) {
    cpSync(join(ROOT, "sops", f), join(repo, ".dgov", "sops", f));
  }
  return { repo, ...generate(repo, tasks) };
}

const rows = [];
for (const [tasks, target] of [[200, 200], [2000, 2000]] as const) {
  const { repo, edges, claims } = repoWith(tasks);
  const row = timeCommand(`${tasks} tasks, ${edges} edges, ${claims} claims`, [BIN, "compile", ".dgov/plans/big"], { cwd: repo, runs: 5, warmup: 1 });
  console.log(report([row], target));
  rows.push(row);
  rmSync(repo, { recursive: true, force: true });
}
