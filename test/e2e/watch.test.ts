/**
 * `dgov watch` as a person reads it: events as readable lines (a failed gate's findings, a
 * landing's verdict, tool calls in short), started before the first run it waits for it,
 * `--json` stays the raw rows, colours only on a terminal without NO_COLOR, and a reader
 * that goes away (`| head -1`) ends it quietly.
 */
import { Database } from "bun:sqlite";
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { openStore } from "../../src/store/db.ts";
import { appendEvent } from "../../src/store/events.ts";
import { dgov, DGOV_BIN } from "../fakes/dgov.ts";
import { byTask, type LlmRepo, llmHarness, TEST_KEY, TEST_KEY_ENV } from "../fakes/llm-repo.ts";
import { done, write } from "../fakes/model-server.ts";
import { type SlowGate, slowGate } from "../fakes/slow-gate.ts";
import { startPane, type TmuxPane } from "../fakes/tmux.ts";

const harness = llmHarness();
let pane: TmuxPane | undefined;
let gate: SlowGate | undefined;
let watcher: Bun.Subprocess | undefined;
afterEach(() => {
  watcher?.kill("SIGKILL");
  pane?.kill();
  gate?.remove();
  pane = gate = watcher = undefined;
});

async function until(check: () => boolean, what: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out; so far:\n${what()}`);
    await Bun.sleep(50);
  }
}

/** Everything a stream has said so far, read as it comes. */
function collect(stream: ReadableStream<Uint8Array>): { text: string } {
  const out = { text: "" };
  void (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) out.text += decoder.decode(chunk, { stream: true });
  })();
  return out;
}

const oneTask = (opts?: Parameters<typeof harness.setup>[2]): LlmRepo =>
  harness.setup({ conversations: [byTask("a", [write("a.txt", "a\n"), done()])] }, [{ slug: "a", create: ["a.txt"] }], opts);

describe("dgov watch", () => {
  test("started before the first run, it waits, then prints the failed gate's findings while the run goes on", async () => {
    gate = slowGate();
    const r = oneTask(gate.repo);
    expect(existsSync(join(r.repo.dir, ".dgov/state.db"))).toBe(false);
    watcher = Bun.spawn([DGOV_BIN, "watch"], { cwd: r.repo.dir, env: { ...process.env, NO_COLOR: "1" }, stdout: "pipe", stderr: "pipe" });
    const [out, err] = [collect(watcher.stdout as ReadableStream<Uint8Array>), collect(watcher.stderr as ReadableStream<Uint8Array>)];
    await until(() => err.text.includes("waiting for a run to start"), () => err.text);
    let ended = false;
    const run = r.run().finally(() => (ended = true));
    await until(() => /t\/m\.a {2}gate_started {2}tests \(isolated\) started/.test(out.text), () => out.text);
    // Live: the gate is still holding, so the run has not ended.
    expect(ended).toBe(false);
    expect(out.text).toMatch(/^\d\d:\d\d:\d\d {2}p {2}t\/m\.a {2}worker_log {2}write_file a\.txt$/m);
    gate.release();
    const findings = /t\/m\.a {2}gate_completed {2}tests \(isolated\) failed in \d+\.\d+s\n {10}Test failure from `sh gate\.sh`:\n {12}expect\(received\)\.toBe\(expected\)\n {12}Expected: 1\n {12}Received: 10\n {12}hint: Make `sh gate\.sh` pass\.\n/;
    await until(() => findings.test(out.text), () => out.text);
    await until(() => out.text.includes("task_merge_failed  settlement rejected at isolated by tests: Test failure from `sh gate.sh`"), () => out.text);
    expect((await run).code).toBe(1);
    watcher.kill("SIGINT");
    expect(await watcher.exited).toBe(0);
    expect(err.text).not.toContain("error");
  }, 60_000);

  test("with --no-follow and nothing run yet, it says so", () => {
    const r = oneTask();
    const run = dgov(["watch", "--no-follow"], { cwd: r.repo.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no event log at");
    expect(run.stderr).toContain("Nothing has run in this project yet");
  });

  test("a landing shows its sha and verdict; --json stays the raw rows", async () => {
    const r = oneTask();
    expect((await r.run()).code).toBe(0);
    const sha = r.repo.git("rev-parse", "main").trim();
    const text = dgov(["watch", "--all", "--no-follow", "--event", "merge_completed"], { cwd: r.repo.dir }).stdout;
    expect(text).toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\d {2}p {2}t/m\\.a {2}merge_completed {2}merged ${sha.slice(0, 12)} \\(unverified: tests: no test_cmd configured; typecheck: no type_check_cmd configured; lint: no lint_cmd configured\\)\\n$`));
    const db = new Database(join(r.repo.dir, ".dgov/state.db"), { readonly: true });
    const rows = (db.query("SELECT * FROM events ORDER BY id").all() as { data: string }[]).map((row) => ({ ...row, data: JSON.parse(row.data) }));
    db.close();
    const json = dgov(["watch", "--all", "--no-follow", "--json"], { cwd: r.repo.dir }).stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(json).toEqual(rows);
  }, 60_000);

  test("a log longer than a page is printed whole, in order, once (read a page at a time)", async () => {
    const r = oneTask();
    expect((await r.run()).code).toBe(0);
    const store = openStore(r.repo.dir);
    store.db.transaction(() => {
      for (let i = 0; i < 1_234; i++) appendEvent(store, { event: "worker_log", plan: "p", task: "t/m.a", data: { n: i } });
    })();
    const rows = (store.db.query("SELECT id FROM events ORDER BY id").all() as { id: number }[]).map((row) => row.id);
    store.close();
    const filtered = dgov(["watch", "--all", "--no-follow", "--json", "--event", "worker_log"], { cwd: r.repo.dir }).stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(filtered.filter((e) => typeof e.data.n === "number").map((e) => e.data.n)).toEqual(Array.from({ length: 1_234 }, (_, i) => i));
    const all = dgov(["watch", "--all", "--no-follow", "--json"], { cwd: r.repo.dir }).stdout.trim().split("\n").map((l) => JSON.parse(l).id);
    expect(all).toEqual(rows);
  }, 60_000);

  test("colours on a terminal; none with NO_COLOR set (even empty), none into a pipe", async () => {
    const r = oneTask();
    expect((await r.run()).code).toBe(0);
    const args = [DGOV_BIN, "watch", "--all", "--no-follow", "--event", "merge_completed"];
    const screen = async (env: Record<string, string>) => {
      pane = startPane(args, { cwd: r.repo.dir, env });
      await pane.until(() => pane!.exitStatus() !== null);
      const text = pane.capture({ escapes: true });
      pane.kill();
      pane = undefined;
      return text;
    };
    const coloured = await screen({});
    expect(coloured).toContain("merge_completed");
    // The task in cyan, an unverified landing in yellow.
    expect(coloured).toContain("\u001b[36mt/m.a");
    expect(coloured).toContain("\u001b[33mmerged ");
    for (const env of [{ NO_COLOR: "1" }, { NO_COLOR: "" }]) {
      const plain = await screen(env);
      expect(plain).toContain("merge_completed");
      expect(plain).not.toContain("\u001b");
    }
    const piped = Bun.spawnSync(args, { cwd: r.repo.dir, env: { ...process.env, NO_COLOR: undefined, [TEST_KEY_ENV]: TEST_KEY } });
    expect(piped.stdout.toString()).toContain("merge_completed");
    expect(piped.stdout.toString()).not.toContain("\u001b");
  }, 60_000);

  test("`watch --all --no-follow | head -1` and a following `watch | head -1` exit 0 with nothing on stderr", async () => {
    const r = oneTask();
    // More history than a pipe holds: watch is still writing when head has gone.
    const store = openStore(r.repo.dir);
    const burst = () => store.db.transaction(() => {
      for (let i = 0; i < 2000; i++) appendEvent(store, { event: "worker_log", plan: "p", task: "t/m.a", data: { log_type: "output", stream: "stdout", content: `line ${i} ${"x".repeat(60)}` } });
    })();
    burst();
    const pipeline = (command: string) => Bun.spawn(["bash", "-c", `set -o pipefail; ${command}`], { cwd: r.repo.dir, env: { ...process.env, NO_COLOR: "1" }, stdout: "pipe", stderr: "pipe" });
    const once = pipeline(`${DGOV_BIN} watch --all --no-follow | head -1`);
    const [onceOut, onceErr] = [await new Response(once.stdout).text(), await new Response(once.stderr).text()];
    expect(await once.exited).toBe(0);
    expect(onceOut).toMatch(/^\d\d:\d\d:\d\d {2}p {2}t\/m\.a {2}worker_log {2}output: line 0 x+\n$/);
    expect(onceErr).toBe("");
    const following = pipeline(`${DGOV_BIN} watch | head -1`);
    const err = collect(following.stderr);
    let exited = false;
    void following.exited.then(() => (exited = true));
    // It follows from now: new events arrive until it has printed one and found the pipe closed.
    await until(() => (exited || burst(), exited), () => err.text);
    expect(await following.exited).toBe(0);
    expect(await new Response(following.stdout).text()).toMatch(/^\d\d:\d\d:\d\d {2}p {2}t\/m\.a {2}worker_log {2}output: line \d+ x+\n$/);
    expect(err.text).toBe("");
    store.close();
  }, 60_000);
});
