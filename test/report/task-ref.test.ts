import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDgovError } from "../../src/errors.ts";
import { resolveTask, taskArg, taskRefs } from "../../src/report/task-ref.ts";
import { openStore, type Store } from "../../src/store/db.ts";
import { appendEvent } from "../../src/store/events.ts";

const refs = [
  { plan: "p", task: "core/api.add-fn" },
  { plan: "p", task: "core/api.remove" },
  { plan: "p", task: "docs/readme.update" },
  { plan: "q", task: "core/api.add-fn" },
  { plan: "q", task: "tools/cli.update" },
];

function failure(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (isDgovError(error)) return error;
    throw error;
  }
  throw new Error("expected a DgovError");
}

describe("resolveTask", () => {
  test("a full id, a slug or a suffix at a / or . boundary names one task", () => {
    expect(resolveTask(refs, "docs/readme.update", "p")).toEqual({ plan: "p", task: "docs/readme.update" });
    expect(resolveTask(refs, "remove")).toEqual({ plan: "p", task: "core/api.remove" });
    expect(resolveTask(refs, "cli.update")).toEqual({ plan: "q", task: "tools/cli.update" });
    expect(resolveTask(refs, "api.remove")).toEqual({ plan: "p", task: "core/api.remove" });
    expect(resolveTask(refs, "add-fn", "q")).toEqual({ plan: "q", task: "core/api.add-fn" });
  });

  test("a name of several tasks is ambiguous: exit 2, every candidate named", () => {
    const e = failure(() => resolveTask(refs, "core/api.add-fn"));
    expect(e.code).toBe("E_AMBIGUOUS");
    expect(e.exitCode).toBe(2);
    expect(e.details).toEqual(["core/api.add-fn (plan p)", "core/api.add-fn (plan q)"]);
    expect(failure(() => resolveTask(refs, "update")).details).toEqual(["docs/readme.update (plan p)", "tools/cli.update (plan q)"]);
    // A suffix must end at a boundary: "pdate" names nothing.
    expect(failure(() => resolveTask(refs, "pdate")).code).toBe("E_NOT_FOUND");
  });

  test("an unknown name says the nearest; an unknown plan too", () => {
    const e = failure(() => resolveTask(refs, "remvoe"));
    expect(e.message).toBe("no task 'remvoe' in the history; did you mean 'remove'?");
    expect(e.exitCode).toBe(2);
    const plan = failure(() => resolveTask(refs, "remove", "x"));
    expect([plan.message, plan.hint]).toEqual(["no plan 'x' with history", "Plans with history: p, q"]);
    expect(failure(() => resolveTask([...refs, { plan: "backend", task: "t/m.a" }], "a", "backnd")).message).toBe("no plan 'backnd' with history; did you mean 'backend'?");
    expect(failure(() => resolveTask([], "x")).hint).toContain("Nothing has run yet");
  });

  test("taskArg adds --plan only when another plan has the same id", () => {
    expect(taskArg(refs, { plan: "p", task: "core/api.add-fn" })).toBe("core/api.add-fn --plan p");
    expect(taskArg(refs, { plan: "p", task: "core/api.remove" })).toBe("core/api.remove");
  });
});

describe("taskRefs", () => {
  let dir: string | undefined;
  let store: Store | undefined;
  afterEach(() => {
    store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("tasks with events and tasks only named by a run (a skipped task), per plan", () => {
    dir = mkdtempSync(join(tmpdir(), "dgov-refs-"));
    store = openStore(dir);
    appendEvent(store, { event: "run_start", plan: "p", data: { tasks: [{ id: "t/m.a", deps: [] }, { id: "t/m.b", deps: ["t/m.a"] }] } });
    appendEvent(store, { event: "dag_task_dispatching", plan: "p", task: "t/m.a", data: {} });
    appendEvent(store, { event: "dag_task_dispatching", plan: "q", task: "t/m.a", data: {} });
    expect(taskRefs(store)).toEqual([{ plan: "p", task: "t/m.a" }, { plan: "p", task: "t/m.b" }, { plan: "q", task: "t/m.a" }]);
    expect(taskRefs(store, "q")).toEqual([{ plan: "q", task: "t/m.a" }]);
  });
});
