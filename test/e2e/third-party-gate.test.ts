/** A project's own gate in `.dgov/plugins/`, judged by the compiled binary: blocking, and `level = "warn"`. */
import { Database } from "bun:sqlite";
import { afterEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { type RunRepo, runRepo } from "../fakes/run-repo.ts";

const NO_TODO = `import { defineGate, definePlugin } from "dgov/plugin";

export default definePlugin({
  name: "acme-no-todo",
  api: 1,
  gates: [
    defineGate({
      name: "no-todo",
      description: "No TODO markers in changed files",
      phase: ["isolated", "candidate"],
      async check(input, ctx) {
        for (const file of input.changed.filter((c) => c.status !== "deleted")) {
          const found = await ctx.exec(["grep", "-n", "TODO", "--", file.path]);
          if (found.code === 0) {
            const line = Number(found.stdout.split(":")[0]);
            return { status: "fail", findings: [{ rule: "acme/no-todo", message: "TODO left in the change", file: file.path, line, hint: "Finish the work or open an issue." }] };
          }
        }
        return { status: "pass" };
      },
    }),
  ],
});
`;

let current: RunRepo | undefined;
afterEach(() => current?.remove());

function repo(project = ""): RunRepo {
  current = runRepo([{ slug: "a", script: "printf 'one\\nTODO two\\n' > a.txt", create: ["a.txt"] }], { project, files: { ".dgov/plugins/no-todo.ts": NO_TODO } });
  return current;
}

function gateRuns(r: RunRepo) {
  const db = new Database(join(r.repo.dir, ".dgov/state.db"), { readonly: true });
  try {
    const rows = db.query("SELECT data FROM events WHERE event = 'gate_completed' ORDER BY id").all() as { data: string }[];
    return rows.map((row) => JSON.parse(row.data) as { gate: string; level: string; status: string; phase: string }).filter((g) => g.gate === "no-todo");
  } finally {
    db.close();
  }
}

describe("a third-party gate from .dgov/plugins/", () => {
  test("blocks the merge, names the file and line, after one retry in place", () => {
    const r = repo();
    const run = r.run(["--json"]);
    expect(run.code).toBe(1);
    const task = run.json<{ tasks: { state: string; error: string }[] }>().tasks[0]!;
    expect(task.state).toBe("failed");
    expect(task.error.split("\n")[0]).toBe("settlement rejected at isolated by no-todo: a.txt:2: TODO left in the change");
    expect(task.error).toContain("- [no-todo] a.txt:2: TODO left in the change (acme/no-todo)\n  hint: Finish the work or open an issue.");
    expect(r.log()).toEqual(["initial"]);
    // The worker was sent back once with the verdict, then the task failed.
    expect(gateRuns(r).map((g) => `${g.phase}:${g.status}`)).toEqual(["isolated:fail", "isolated:fail"]);
    expect(r.dgov(["status"]).stdout).toContain("settlement rejected at isolated by no-todo: a.txt:2");
  });

  test("level = \"warn\" lets the change through and records the warning", () => {
    const r = repo('\n[gates.no-todo]\nlevel = "warn"\n');
    const run = r.run(["--json"]);
    expect(run.code).toBe(0);
    expect(r.log()).toEqual(["Task a", "initial"]);
    expect(gateRuns(r)).toEqual([expect.objectContaining({ phase: "isolated", level: "warn", status: "fail" })]);
    expect(run.stderr).toContain("warning: [t/m.a] gate warning at isolated by no-todo: a.txt:2: TODO left in the change");
  });

  test("level = \"off\" does not run it", () => {
    const r = repo('\n[gates.no-todo]\nlevel = "off"\n');
    expect(r.run().code).toBe(0);
    expect(gateRuns(r)).toEqual([]);
  });
});

const WHOLE_RUN = `import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defineGate, definePlugin } from "dgov/plugin";

export default definePlugin({
  name: "acme-whole-run",
  api: 1,
  gates: [
    defineGate({
      name: "no-todo-after-run",
      description: "The run's result holds no TODO in what it changed",
      phase: "post-run",
      check(input) {
        const todo = input.changed.filter((c) => c.status !== "deleted" && readFileSync(join(input.dir, c.path), "utf8").includes("TODO"));
        return todo.length ? { status: "fail", findings: todo.map((c) => ({ rule: "acme/todo", message: \`TODO in \${input.headSha?.slice(0, 7)}\`, file: c.path })) } : { status: "pass" };
      },
    }),
  ],
});
`;

describe("a third-party post-run gate", () => {
  const postRepo = (project = "") => (current = runRepo([{ slug: "a", script: "printf 'TODO\\n' > a.txt", create: ["a.txt"] }], { project, files: { ".dgov/plugins/whole-run.ts": WHOLE_RUN } }));

  test("judges a checkout of what the run landed; blocking, it marks the run degraded and exits 0", () => {
    const r = postRepo();
    const run = r.run(["--json"]);
    expect(run.code).toBe(0);
    const summary = run.json<{ status: string; tasks: { sha: string }[]; post_run: { gates: unknown[] } }>();
    expect(summary.status).toBe("degraded");
    expect(summary.post_run.gates).toEqual([{ gate: "no-todo-after-run", status: "fail", findings: [{ rule: "acme/todo", message: `TODO in ${summary.tasks[0]!.sha.slice(0, 7)}`, file: "a.txt" }] }]);
    // The checkout it judged is gone.
    expect(r.worktrees()).toEqual([]);
  }, 60_000);

  test('at level = "warn" its failure is recorded and the run is complete', () => {
    const r = postRepo('\n[gates.no-todo-after-run]\nlevel = "warn"\n');
    const run = r.run(["--json"]);
    expect(run.code).toBe(0);
    expect(run.json<{ status: string }>().status).toBe("complete");
  }, 60_000);
});
