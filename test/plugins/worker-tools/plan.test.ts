import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { planProblem } from "../../../plugins/worker-tools/plan-check.ts";
import { emitPlan } from "../../../plugins/worker-tools/plan.ts";
import { call, type CodeTree, makeTree } from "./code-fixture.ts";

let tree: CodeTree;
beforeAll(() => {
  tree = makeTree({});
});
afterAll(() => tree.remove());

const task = (slug: string, extra: Record<string, unknown> = {}) => ({
  slug,
  summary: `Do ${slug}`,
  prompt: "Orient: read src/a.py. Edit: fix it. Verify: run_tests().",
  commit_message: "Fix a",
  files: { edit: ["src/a.py"] },
  ...extra,
});
const plan = (...tasks: unknown[]) => ({ name: "fix-a", summary: "Fix a.", tasks });

/** A planning session whose compiler accepts everything unless told otherwise; what it accepted. */
function session(check: (plan: Record<string, unknown>) => string | null = () => null) {
  const accepted: Record<string, unknown>[] = [];
  const checked: Record<string, unknown>[] = [];
  return { accepted, checked, planner: { check: (p: Record<string, unknown>) => (checked.push(p), check(p)), accept: (p: Record<string, unknown>) => void accepted.push(p) } };
}

async function emit(args: unknown, s = session()) {
  return call(emitPlan, args, tree, { planner: s.planner });
}

describe("emit_plan (spec §6.1, §7 test 38)", () => {
  test("a valid plan is accepted, its summary returned, the plan kept for the planner loop", async () => {
    const s = session();
    const args = plan(task("task-a"), task("task-b", { depends_on: ["task-a"], role: "reviewer", files: { read: ["src/a.py"] } }));
    expect(await emit(args, s)).toEqual({ ok: true, output: "Fix a." });
    const kept = s.accepted[0] as { tasks: { slug: string; depends_on?: unknown }[] };
    expect(kept.tasks.map((t) => [t.slug, t.depends_on])).toEqual([["task-a", undefined], ["task-b", ["task-a"]]]);
    expect(await emit({ ...args, summary: "" })).toEqual({ ok: true, output: "Plan emitted." });
  });

  test("the spec's messages, exactly", async () => {
    const cases: [unknown, string][] = [
      [plan(task("task-a", { files: { read: ["src/a.py"] } })), "Worker task 'task-a' must claim at least one file (create, edit, or touch)."],
      [plan(task("task-a", { depends_on: ["missing"] })), "Task 'task-a' depends on unknown slug 'missing'."],
      [plan(task("task-a", { depends_on: "task-b" }), task("task-b")), "Task 'task-a' has invalid depends_on. Must be a list."],
      [plan(task("task-a", { depends_on: [1] })), "Task 'task-a' has invalid depends_on. Must be a list."],
      [plan(task("task-a", { depends_on: ["task-b"] }), task("task-b", { depends_on: ["task-a"] })), "Dependency cycle detected involving 'task-a'."],
      [plan(task("task-a", { depends_on: ["task-a"] })), "Dependency cycle detected involving 'task-a'."],
      [plan(), "emit_plan requires at least one task."],
      [plan(task("bad slug")), "Task 0 has invalid slug 'bad slug'. Must match [A-Za-z0-9_-]+."],
      [plan(task("a"), task("a")), "Duplicate task slug 'a'."],
      [plan(task("a", { prompt: "  " })), "Task 'a' has empty prompt."],
      [plan(task("a", { commit_message: "" })), "Task 'a' has empty commit_message."],
      [plan(task("a", { files: undefined })), "Worker task 'a' must claim at least one file (create, edit, or touch)."],
    ];
    for (const [args, error] of cases) expect(await emit(args)).toEqual({ ok: false, error });
  });

  test("a failed plan is not kept, and the compiler is not asked about it", async () => {
    const s = session();
    await emit(plan(task("task-a", { depends_on: ["missing"] })), s);
    expect(s.accepted).toEqual([]);
    expect(s.checked).toEqual([]);
  });

  test("what the real compiler refuses goes back to the planner, whole; nothing is kept", async () => {
    const s = session(() => "plan x has errors\n  tasks/main.toml: claims conflict");
    const result = await emit(plan(task("task-a")), s);
    expect(result).toEqual({ ok: false, error: "The plan does not compile:\nplan x has errors\n  tasks/main.toml: claims conflict\nFix these problems and call emit_plan again with the whole plan." });
    expect(s.checked).toHaveLength(1);
    expect(s.accepted).toEqual([]);
  });

  test("outside a planning session emit_plan refuses", async () => {
    expect(await call(emitPlan, plan(task("task-a")), tree)).toEqual({ ok: false, error: "emit_plan is only available in a planning session (dgov plan create)." });
  });

  test("researcher and reviewer tasks need no write claims; touch and create count for workers", async () => {
    expect(await emit(plan(task("r", { role: "researcher", files: {} }), task("t", { files: { touch: ["x"] } }), task("c", { files: { create: ["y"] } })))).toEqual({ ok: true, output: "Fix a." });
  });

  test("what the schema cannot take is a schema error naming the key", async () => {
    const result = await emit(plan(task("a", { files: { edit: ["x"], write: ["y"] } })));
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.error).toContain("files.write: unknown key 'write'");
    expect((await emit({ name: "x", summary: "y" })).ok).toBe(false);
  });

  test("the checks also hold for shapes the schema would stop (planProblem on raw JSON)", () => {
    expect(planProblem({ tasks: [task("a"), "not a task"] })).toBe("Task 1 is not a dict.");
    expect(planProblem({ tasks: "task-a" })).toBe("emit_plan requires at least one task.");
    expect(planProblem({})).toBe("emit_plan requires at least one task.");
    expect(planProblem({ tasks: [task("a")] })).toBeNull();
  });
});
