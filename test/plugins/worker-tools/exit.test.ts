import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { askUser, done } from "../../../plugins/worker-tools/exit.ts";
import { runTestsTool } from "../../../plugins/worker-tools/verify.ts";
import { call, type CodeTree, configWith, makeTree, scopeOf } from "./code-fixture.ts";

let tree: CodeTree;
beforeAll(() => {
  tree = makeTree({ "src/a.py": "x = 1\n" });
});
afterAll(() => tree.remove());

const GATE = "Settlement retry after a test failure requires a successful run_tests() call before done.";

describe("done (spec §2.8, §2.9, §7 test 44)", () => {
  test("the summary comes back as the result", async () => {
    expect(await call(done, { summary: "Fixed the parser." }, tree, { scope: scopeOf({ edit: ["src/a.py"] }) })).toEqual({ ok: true, output: "Fixed the parser." });
    expect(await call(done, { summary: "" }, tree)).toEqual({ ok: true, output: "" });
  });

  test("a settlement retry after a test failure needs a passing run_tests first", async () => {
    const scope = scopeOf({ edit: ["src/a.py"] }, { requireTestVerification: true, requiredVerificationCommand: "pytest tests/test_a.py" });
    const session = new Map<string, unknown>();
    expect(await call(done, { summary: "s" }, tree, { scope, session })).toEqual({ ok: false, error: `${GATE} Failing settlement command: \`pytest tests/test_a.py\`.` });
    session.set("tests_passed", true);
    expect(await call(done, { summary: "s" }, tree, { scope, session })).toEqual({ ok: true, output: "s" });
  });

  test("a real passing run_tests unlocks done for the rest of the process; a failing one does not (test 44)", async () => {
    const scope = scopeOf({ edit: ["src/a.py"], read: ["tests/test_a.py"] }, { verifyTestTargets: ["tests/test_a.py"], requireTestVerification: true });
    const session = new Map<string, unknown>();
    const failing = await call(runTestsTool, {}, tree, { scope, session, config: configWith({ test_cmd: "false {test_dir}" }) });
    expect(failing.ok && failing.output.endsWith("EXIT:1")).toBe(true);
    expect(await call(done, { summary: "s" }, tree, { scope, session })).toEqual({ ok: false, error: GATE });
    const passing = await call(runTestsTool, {}, tree, { scope, session, config: configWith({ test_cmd: "true {test_dir}" }) });
    expect(passing.ok && passing.output.endsWith("EXIT:0")).toBe(true);
    expect(await call(done, { summary: "s" }, tree, { scope, session })).toEqual({ ok: true, output: "s" });
  });

  test("without a recorded command, the refusal has no command sentence; only `true` unlocks", async () => {
    const scope = scopeOf({ edit: ["src/a.py"] }, { requireTestVerification: true });
    expect(await call(done, { summary: "s" }, tree, { scope, session: new Map([["tests_passed", "yes"]]) })).toEqual({ ok: false, error: GATE });
  });

  test("the summary argument is required", async () => {
    const result = await call(done, {}, tree);
    expect(result.ok).toBe(false);
  });
});

describe("ask_user (spec §6.1)", () => {
  test("autonomous mode has no one to ask", async () => {
    expect(await call(askUser, { question: "Which DB?" }, tree)).toEqual({ ok: false, error: "ask_user is not available in autonomous mode." });
  });

  test("interactive mode: the session's channel answers", async () => {
    const asked: string[] = [];
    const ask = async (q: string) => (asked.push(q), "Postgres (recommended)");
    expect(await call(askUser, { question: "Which DB?" }, tree, { planner: { ask, check: () => null, accept: () => {} } })).toEqual({ ok: true, output: "Postgres (recommended)" });
    expect(asked).toEqual(["Which DB?"]);
  });

  test("an empty answer, and a channel that fails", async () => {
    expect(await call(askUser, { question: "q" }, tree, { planner: { ask: async () => "  ", check: () => null, accept: () => {} } })).toEqual({ ok: true, output: "(no answer provided)" });
    const broken = async () => {
      throw new Error("stdin closed");
    };
    expect(await call(askUser, { question: "q" }, tree, { planner: { ask: broken, check: () => null, accept: () => {} } })).toEqual({ ok: false, error: "ask_user could not get an answer: stdin closed" });
  });
});
