/**
 * Seeing why, through `dist/dgov` and the scripted model: one run of plan p where a task fails
 * the real `bun test` of a small package, one writes a file it does not claim, one lands, and
 * one is skipped behind the failure; plan q lands a verified fix. Then `show`, `plan review`,
 * `log`, `diff`, `diagnose` and `plan remediate` explain it from the store.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { byTask, type LlmRepo, llmRepo } from "../fakes/llm-repo.ts";
import { call, done, type ModelServer, startModelServer, text, write } from "../fakes/model-server.ts";

const PACKAGE = {
  "package.json": '{ "name": "adder", "type": "module" }\n',
  "src/add.ts": "export function add(a: number, b: number): number {\n  return a - b;\n}\n",
  "tests/add.test.ts": 'import { expect, test } from "bun:test";\nimport { add } from "../src/add.ts";\n\ntest("adds", () => {\n  expect(add(2, 3)).toBe(5);\n});\n',
};
const editAdd = (body: string) => call("edit_file", { path: "src/add.ts", old_text: "a - b", new_text: body });
/** Plan q: one task, also with the slug `add`, that fixes add() for real (tests pass: a verified merge). */
const PLAN_Q = {
  ".dgov/plans/q/_root.toml": '[plan]\nname = "q"\nsections = ["u"]\nmax_retries = 0\n',
  ".dgov/plans/q/u/m.toml": '[tasks.add]\nsummary = "fix add"\nprompt = "[[task:qadd]]\\nOrient:\\nRead src/add.ts.\\nEdit:\\nMake add add.\\nVerify:\\nbun test."\ncommit_message = "Fix add"\nfiles.edit = ["src/add.ts"]\nfiles.read = ["tests/add.test.ts"]\n',
};

let server: ModelServer;
let r: LlmRepo;
const dgov = (...args: string[]) => r.dgov(args);

beforeAll(async () => {
  server = await startModelServer();
  server.script({
    conversations: [
      // The retry in place after the failing test: the worker gives up without `done`.
      { match: /REJECTED by settlement[\s\S]*\[\[task:add\]\]/, turns: [text("I cannot make it pass."), text("Still cannot.")] },
      byTask("add", [editAdd("a * b + 4"), done("made add")]),
      byTask("scope", [write("notes.txt", "n\n"), write("extra.txt", "x\n"), done("wrote notes")]),
      byTask("good", [write("good.txt", "good\n"), call("read_file", { path: "good.txt" }), done("wrote good")]),
      byTask("qadd", [editAdd("a + b"), done("fixed add")]),
    ],
  });
  r = llmRepo(server.url, [
    { slug: "add", edit: ["src/add.ts"], read: ["tests/add.test.ts"] },
    { slug: "after", deps: ["add"], create: ["after.txt"] },
    { slug: "scope", create: ["notes.txt"] },
    { slug: "good", create: ["good.txt"] },
  ], {
    files: { ...PACKAGE, ...PLAN_Q },
    project: 'src_dir = "src/"\ntest_dir = "tests/"\nsource_extensions = [".ts"]\ntest_cmd = "bun test {test_dir}"',
    plan: "max_retries = 0",
  });
  const run = await r.run(["--json"]);
  expect(run.code).toBe(1);
  expect((await r.dgov(["run", "q"])).code).toBe(0);
}, 120_000);

afterAll(async () => {
  r?.remove();
  await server?.close();
});

describe("dgov show", () => {
  test("a test-gate failure: the gate, its command and the failing assertion lines, then the retry that gave up", async () => {
    const show = await dgov("show", "t/m.add");
    expect(show.code).toBe(0);
    const out = show.stdout;
    expect(out).toContain("t/m.add — plan p");
    expect(out).toMatch(/state +failed/);
    expect(out).toContain("tests (isolated) failed");
    expect(out).toContain("$ bun test tests/add.test.ts  (exit 1");
    expect(out).toContain("expect(add(2, 3)).toBe(5);");
    expect(out).toContain("Expected: 5");
    expect(out).toContain("Received: 10");
    expect(out).toContain("hint: Make `bun test tests/add.test.ts` pass.");
    expect(out).toContain("rejected at isolated by tests");
    expect(out).toMatch(/attempt 1 · retry in place[^\n]*\n {2}worker +failed in [\d.]+s: Agent stopped without calling 'done'/);
    expect(out).toMatch(/worker +done in [\d.]+s · 2 tool calls: "made add"/);
    expect(out).toMatch(/worktree +\S+ · branch dgov\/t\/m\.add · base [0-9a-f]{12}/);
    expect(out).toContain("next:\n  dgov log t/m.add\n  dgov diff t/m.add\n  dgov run p --continue\n  dgov plan remediate p");
  });

  test("a scope failure: the unclaimed file, the gate's hint and the claim to add", async () => {
    const out = (await dgov("show", "scope")).stdout;
    expect(out).toContain("scope (review) failed");
    expect(out).toContain("extra.txt: Touched unclaimed files: extra.txt");
    expect(out).toContain("hint: Add these paths to files.edit in task 't/m.scope'");
    expect(out).toContain('fix: edit .dgov/plans/p/t/m.toml: add "extra.txt" to files.create of [tasks.scope]');
  });

  test("a merged task: unverified label, landed sha, tokens; --json carries the same story", async () => {
    const out = (await dgov("show", "m.good")).stdout;
    expect(out).toMatch(/state +merged \(unverified: no tests, typecheck or lint passed\)\n +unverified +tests: no test targets/);
    expect(out).toMatch(/landed +[0-9a-f]{40}/);
    expect(out).toMatch(/tokens +[\d,]+ tokens \([\d,]+ prompt \+ [\d,]+ completion\)/);
    expect(out).toMatch(/outcome +merged as [0-9a-f]{12}/);
    const json = (await dgov("show", "t/m.add", "--json")).json<{
      state: string; task: string; plan: string; attempts: number;
      launches: { attempt: number; kind: string; worker: { status: string; summary: string | null }; settlement: { phases: { phase: string }[]; gates: { gate: string; status: string; commands: { argv: string[]; code: number }[]; findings: { message: string }[] }[]; outcome: { status: string } } | null }[];
      failure: { phase: string; gates: { gate: string }[] }; next: string[];
    }>();
    expect(json).toMatchObject({ plan: "p", task: "t/m.add", state: "failed", attempts: 1, failure: { phase: "isolated", gates: [{ gate: "tests" }] } });
    expect(json.launches.map((l) => [l.attempt, l.kind, l.worker.status])).toEqual([[1, "dispatch", "done"], [1, "retry", "failed"]]);
    const tests = json.launches[0]!.settlement!.gates.find((g) => g.gate === "tests")!;
    expect(tests.status).toBe("fail");
    expect(tests.commands[0]).toMatchObject({ argv: ["sh", "-c", "bun test tests/add.test.ts"], code: 1 });
    expect(tests.findings[0]!.message).toContain("Received: 10");
    expect(json.launches[0]!.settlement!.outcome.status).toBe("rejected");
    expect(json.launches[1]!.settlement).toBeNull();
    expect(json.next).toContain("dgov run p --continue");
  });

  test("--attempt filters; unknown and ambiguous names are usage errors naming the candidates", async () => {
    expect((await dgov("show", "scope", "--attempt", "1", "--json")).json<{ launches: unknown[] }>().launches).toHaveLength(1);
    const none = await dgov("show", "scope", "--attempt", "2");
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("t/m.scope has no attempt 2");
    const ambiguous = await dgov("show", "add");
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain("task 'add' is ambiguous");
    expect(ambiguous.stderr).toContain("t/m.add (plan p)");
    expect(ambiguous.stderr).toContain("u/m.add (plan q)");
    const typo = await dgov("show", "scoep");
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("no task 'scoep' in the history; did you mean 'scope'?");
    expect((await dgov("show", "add", "--plan", "q")).stdout).toMatch(/state +merged\n/);
  });
});

describe("dgov plan review", () => {
  test("each task of the last run: state, attempts, the rejecting gate with its findings, the fix", async () => {
    const review = await dgov("plan", "review", "p");
    expect(review.code).toBe(0);
    const out = review.stdout;
    expect(out).toContain("Plan: p\n  source: .dgov/plans/p\n  last run: ");
    expect(out).toContain("run status: partial");
    expect(out).toContain("Tasks: 1/4 merged | 0 active | 0 pending | 2 failed | 1 skipped");
    expect(out).toMatch(/✗ t\/m\.add\n {4}state +failed\n {4}attempts +1 \(2 worker launches\)/);
    expect(out).toContain("rejected     at isolated by tests (attempt 1)");
    expect(out).toContain("Expected: 5");
    expect(out).toContain("Received: 10");
    expect(out).toContain("extra.txt: Touched unclaimed files: extra.txt");
    expect(out).toContain('fix          edit .dgov/plans/p/t/m.toml: add "extra.txt" to files.create of [tasks.scope]');
    expect(out).toMatch(/✓ t\/m\.good\n {4}state +merged \(unverified: /);
    expect(out).toMatch(/commit +[0-9a-f]{8} — Task good/);
    expect(out).toMatch(/- t\/m\.after\n {4}state +skipped/);
  });

  test("--only, --diff and --events; --json", async () => {
    const out = (await dgov("plan", "review", "p", "--only", "good", "--diff", "--events")).stdout;
    expect(out).not.toContain("t/m.add");
    expect(out).toContain("+good");
    expect(out).toMatch(/gate_completed {2}tests \(isolated\) skip/);
    expect(out).toContain("merge_completed  merged ");
    expect(out).toContain("task_verdict  unverified: tests: no test targets");
    const json = (await dgov("plan", "review", "p", "--json")).json<{ plan: string; run: { status: string }; counts: Record<string, number>; tasks: { id: string; state: string; failure: { gates: { gate: string; findings: { message: string }[] }[] } | null; verdict: { unverified: string | null } | null }[] }>();
    expect(json).toMatchObject({ plan: "p", run: { status: "partial" }, counts: { failed: 2, merged: 1, skipped: 1 } });
    const add = json.tasks.find((t) => t.id === "t/m.add")!;
    expect(add.failure!.gates[0]!.gate).toBe("tests");
    expect(add.failure!.gates[0]!.findings[0]!.message).toContain("Expected: 5");
    expect(json.tasks.find((t) => t.id === "t/m.good")!.verdict!.unverified).toContain("tests:");
    const missing = await dgov("plan", "review", "nope");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no plan 'nope' with history");
  });
});

describe("dgov log and dgov diff", () => {
  test("log: tool calls with their arguments and results, per launch; the retry's text and error; --json", async () => {
    const out = (await dgov("log", "good")).stdout;
    expect(out).toContain("attempt 1 · dispatch · run ");
    expect(out).toMatch(/call {4}write_file path="good\.txt" content="good\\n"/);
    expect(out).toContain("│ Successfully wrote 5 bytes to good.txt");
    expect(out).toMatch(/call {4}read_file path="good\.txt"\n.*result {2}read_file ok \d+ms\n +│ good\n/);
    expect(out).toMatch(/done {4}wrote good/);
    const add = (await dgov("log", "t/m.add")).stdout;
    expect(add).toMatch(/attempt 1 · retry in place[^\n]*\n.*model {3}I cannot make it pass\./);
    expect(add).toContain("error   no_done: Agent stopped without calling 'done'");
    const json = (await dgov("log", "good", "--json")).json<{ task: string; attempts: { attempt: number; launches: { kind: string; entries: { kind: string; data: Record<string, unknown> }[] }[] }[] }>();
    const entries = json.attempts[0]!.launches[0]!.entries;
    expect(json.attempts.map((a) => a.attempt)).toEqual([1]);
    expect(entries.find((e) => e.kind === "result" && e.data.tool === "read_file")!.data.output).toBe("good\n");
  });

  test("diff: the landed commit; a failed task's kept worktree; nothing for a skipped one", async () => {
    const landed = await dgov("diff", "good");
    expect(landed.code).toBe(0);
    expect(landed.stdout).toMatch(/^# t\/m\.good landed as [0-9a-f]{12}\ncommit [0-9a-f]{40}/);
    expect(landed.stdout).toContain("diff --git a/good.txt b/good.txt");
    expect(landed.stdout).toContain("\n+good\n");
    const kept = (await dgov("diff", "scope", "--stat")).stdout;
    expect(kept).toContain("did not land (failed): its kept worktree");
    expect(kept).toMatch(/extra\.txt \| 1 \+/);
    expect(kept).toMatch(/notes\.txt \| 1 \+/);
    const json = (await dgov("diff", "good", "--json")).json<{ source: { kind: string; sha: string }; diff: string }>();
    expect(json.source.kind).toBe("landed");
    expect(json.diff).toContain("+good");
    const nothing = await dgov("diff", "after");
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain("t/m.after has nothing to diff: it did not land (skipped) and no worktree of it is kept");
  });
});

describe("dgov diagnose and plan remediate", () => {
  test("diagnose: one card per failure, with evidence and the next command", async () => {
    const out = (await dgov("diagnose")).stdout;
    expect(out).toContain("tests_failed  [code]  plan p · t/m.add");
    expect(out).toContain("t/m.add: tests (isolated) failed running `bun test tests/add.test.ts`");
    expect(out).toMatch(/ {4}Expected: 5\n {4}Received: 10\n/);
    expect(out).toContain("    dgov show t/m.add\n");
    expect(out).toMatch(/ {4}cd \S+ && bun test tests\/add\.test\.ts\n/);
    expect(out).toContain("scope_violation  [claims]  plan p · t/m.scope");
    expect(out).toContain('    edit .dgov/plans/p/t/m.toml: add "extra.txt" to files.create of [tasks.scope] (or split the task), then recompile\n    dgov run p --continue\n');
    expect(out).toContain("do not: retry without changing the claims");
    const json = (await dgov("diagnose", "--json")).json<{ matched: number; cards: { shape: string; task: string | null; next: string[]; do_not: string }[] }>();
    expect(json.cards.map((c) => [c.shape, c.task])).toEqual([["tests_failed", "t/m.add"], ["scope_violation", "t/m.scope"]]);
    expect(json.matched).toBe(2);
  });

  test("remediate: a compiling follow-up plan of the failed, skipped and unverified tasks; nothing for a verified plan", async () => {
    const made = await dgov("plan", "remediate", "p", "--json");
    expect(made.code).toBe(0);
    const out = made.json<{ name: string; tasks: { id: string }[]; run: string }>();
    expect(out.name).toBe("p-remediate");
    expect(out.tasks.map((t) => t.id)).toEqual(["t/m.add", "t/m.after", "t/m.good", "t/m.scope"]);
    expect(out.run).toBe("dgov run p-remediate");
    const task = readFileSync(join(r.repo.dir, ".dgov/plans/p-remediate/t/m.toml"), "utf8");
    expect(task).toContain("[tasks.add]");
    expect(task).toContain("Received: 10");
    expect(task).toContain('depends_on = ["t/m.add"]');
    // good.txt landed: the follow-up edits it; extra.txt is named, not claimed.
    expect(task).toMatch(/\[tasks\.good\][\s\S]*files\.edit = \["good\.txt"\]/);
    expect(task).toContain("# the last attempt also wrote extra.txt, which is not claimed");
    expect((await dgov("compile", "p-remediate")).code).toBe(0);
    expect((await dgov("plan", "remediate", "p")).stdout).toContain("Wrote remediation plan 'p-remediate-2' (4 tasks)");
    const none = await dgov("plan", "remediate", "q");
    expect(none.code).toBe(0);
    expect(none.stdout).toContain("Nothing to remediate");
    expect(existsSync(join(r.repo.dir, ".dgov/plans/q-remediate"))).toBe(false);
  });
});

describe("an archived plan", () => {
  test("plan review finds it by name and by its archive path, and says where it is", async () => {
    expect((await dgov("archive-plan", "q")).code).toBe(0);
    for (const arg of ["q", ".dgov/plans/archive/q"]) {
      const review = await dgov("plan", "review", arg);
      expect(review.code).toBe(0);
      expect(review.stdout).toContain("Plan: q\n  source: .dgov/plans/archive/q\n");
      expect(review.stdout).toMatch(/✓ u\/m\.add\n {4}state +merged\n {4}commit +[0-9a-f]{8} — Fix add/);
    }
    expect((await dgov("show", "u/m.add")).stdout).toContain("next:\n  dgov log u/m.add\n  dgov diff u/m.add");
  });
});
