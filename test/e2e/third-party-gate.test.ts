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
