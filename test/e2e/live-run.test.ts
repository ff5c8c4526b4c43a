/**
 * `dgov run` as a person follows it: on a terminal (a real tmux pane) the status line names
 * the gate a settling task runs and how long it has run, cut to the width, and why free
 * worker slots stay free (finished tasks waiting to land); provider retries show; `--stream` prints the workers' tool calls, gates with findings and retries.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { DGOV_BIN } from "../fakes/dgov.ts";
import { byTask, llmHarness, TEST_KEY, TEST_KEY_ENV } from "../fakes/llm-repo.ts";
import { call, done, rateLimited, write } from "../fakes/model-server.ts";
import { type SlowGate, slowGate } from "../fakes/slow-gate.ts";
import { startPane, type TmuxPane } from "../fakes/tmux.ts";

const harness = llmHarness();
let pane: TmuxPane | undefined;
let gate: SlowGate | undefined;
afterEach(() => {
  pane?.kill();
  gate?.remove();
  pane = gate = undefined;
});

const lines = (screen: string) => screen.split("\n").map((l) => l.trimEnd()).filter(Boolean);

describe("dgov run on a terminal", () => {
  test("the status line shows the running gate and its elapsed time, cut to the width; it is gone when the run ends", async () => {
    gate = slowGate();
    const r = harness.setup({ conversations: [byTask("a", [write("a.txt", "a\n"), done()])] }, [{ slug: "a", create: ["a.txt"] }], gate.repo);
    pane = startPane([DGOV_BIN, "run", "p"], { cwd: r.repo.dir, env: { [TEST_KEY_ENV]: TEST_KEY }, width: 40 });
    // No event comes while the gate holds: a counter past 0s was redrawn by the timer.
    const screen = await pane.until((s) => /… t\/m\.a: tests \(isolated\) [1-9]\d*s/.test(s));
    const status = lines(screen).at(-1)!;
    expect(status).toStartWith("… t/m.a: tests (isolated) ");
    // `… t/m.a: tests (isolated) 1s · 0/1 merged` is wider than the pane: cut, never wrapped
    // (the capture joins wrapped lines, so a wrapped one would be wider).
    expect(status).toEndWith("…");
    expect(Bun.stringWidth(status)).toBeLessThanOrEqual(39);
    gate.release();
    await pane.until(() => pane!.exitStatus() !== null);
    expect(pane.exitStatus()).toBe(1);
    const end = pane.capture();
    // Every log line starts clean (the status line was cleared first), and none is left at the end.
    expect(end).toMatch(/^✗ t\/m\.a failed: settlement rejected at isolated by tests/m);
    expect(end).not.toContain("0/1 merged");
    expect(end).toMatch(/^Run \S+ of plan 'p': failed/m);
  }, 60_000);

  test("free worker slots held back by a finished task waiting to land: the status line says so", async () => {
    gate = slowGate();
    const tasks = ["a", "b", "c"].map((slug) => ({ slug, create: [`${slug}.txt`] }));
    const r = harness.setup({ conversations: tasks.map((t) => byTask(t.slug, [write(`${t.slug}.txt`, "x\n"), done()])) }, tasks, { ...gate.repo, project: `${gate.repo.project}\nmax_parallel = 1` });
    pane = startPane([DGOV_BIN, "run", "p"], { cwd: r.repo.dir, env: { [TEST_KEY_ENV]: TEST_KEY }, width: 120 });
    // a's gate holds; b finished and waits behind it for the one settlement place; c may not start.
    const screen = await pane.until((s) => s.includes("▸ 0 active, no new one while 1 finished wait to land"));
    expect(lines(screen).at(-1)).toMatch(/^▸ 0 active, no new one while 1 finished wait to land · … t\/m\.a: tests \(isolated\) \d+s · 1 queued · 0\/3 merged$/);
    expect(screen).not.toContain("t/m.c started");
    gate.release();
    await pane.until(() => pane!.exitStatus() !== null);
    // The gate fails every task once released; c ran once b's place was taken.
    expect(pane.capture()).toMatch(/^▸ t\/m\.c started/m);
  }, 60_000);

  test("a 429 backoff shows as a line naming the task, the wait and the attempt", async () => {
    const r = harness.setup({ conversations: [byTask("api", [rateLimited("0.02"), write("api.txt", "x\n"), done()])] }, [{ slug: "api", create: ["api.txt"] }]);
    pane = startPane([DGOV_BIN, "run", "p"], { cwd: r.repo.dir, env: { [TEST_KEY_ENV]: TEST_KEY } });
    await pane.until(() => pane!.exitStatus() !== null);
    expect(pane.exitStatus()).toBe(0);
    expect(pane.capture()).toMatch(/^t\/m\.api: rate limited \(429\), retrying in 20ms \(attempt 2\/3\)$/m);
  }, 60_000);
});

describe("dgov run --stream", () => {
  test("prints tool calls, telling results, a retry, and gates with their findings' first lines, as plain lines off a terminal", async () => {
    const attempt = [rateLimited("0.02"), write("src/a.ts", "export const a = 'bad';\n"), call("run_bash", { cmd: "exit 3" }), done()];
    const retry = [call("edit_file", { path: "src/a.ts", old_text: "bad", new_text: "good" }), call("run_tests", {}), done("fixed")];
    const check = "grep -q good src/a.ts || { echo 'Expected: good'; echo 'Received: bad'; exit 1; }";
    const r = harness.setup(
      { conversations: [{ match: /REJECTED by settlement[\s\S]*\[\[task:api\]\]/, turns: retry }, byTask("api", attempt)] },
      [{ slug: "api", create: ["src/a.ts"] }],
      { files: { "check.sh": `${check}\n` }, project: 'test_cmd = "sh check.sh"', plan: "max_retries = 0" },
    );
    const run = await r.run(["--stream"]);
    expect(run.code).toBe(0);
    const err = run.stderr;
    expect(err).toMatch(/^\[t\/m\.api\] rate limited \(429\), retrying in 20ms \(attempt 2\/3\)$/m);
    expect(err).toMatch(/^\[t\/m\.api\] write_file src\/a\.ts$/m);
    expect(err).toMatch(/^\[t\/m\.api\] run_bash exit 3$/m);
    expect(err).toMatch(/^\[t\/m\.api\] run_bash → exit 3$/m);
    expect(err).toMatch(/^\[t\/m\.api\] tests \(isolated\) started$/m);
    expect(err).toMatch(/^\[t\/m\.api\] tests \(isolated\) failed in \d+\.\d+s\n {4}Test failure from `sh check\.sh`:\n {6}Expected: good\n/m);
    expect(err).toMatch(/^\[t\/m\.api\] run_tests → exit 0$/m);
    expect(err).toMatch(/^\[t\/m\.api\] tests \(isolated\) passed in/m);
    expect(err).toMatch(/^\[t\/m\.api\] edit_file src\/a\.ts$/m);
    expect(err).toMatch(/^\[t\/m\.api\] done fixed$/m);
    // A file written is not telling: its result prints no line of its own; nor does a skipped gate.
    expect(err).not.toContain("skipped");
    expect(err).not.toContain("write_file →");
    expect(err).not.toContain("\u001b");
    expect(r.file("src/a.ts")).toBe("export const a = 'good';\n");
  }, 90_000);
});
