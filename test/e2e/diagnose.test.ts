/**
 * `dgov diagnose` through `dist/dgov` and the scripted model, one failure class after another
 * in one repo: provider auth (401), rate limiting past the retries (429), a wall-clock timeout,
 * a budget halt, a run killed mid-settlement, a landing that could not update a dirty checkout,
 * and an ignored plan archive. Each card names its shape and the command to run next.
 * (Scope and test-gate cards: explain.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { taskFolder } from "../../src/git/worktree.ts";
import { byTask, type LlmRepo, llmRepo } from "../fakes/llm-repo.ts";
import { call, done, hang, type ModelServer, startModelServer, write } from "../fakes/model-server.ts";

interface Card {
  shape: string;
  plan: string | null;
  task: string | null;
  evidence: string[];
  next: string[];
  do_not: string;
}

/** A plan `name` of one section `name`: task ids are `<name>/m.<slug>`. */
function plan(name: string, tasks: { slug: string; create?: string; edit?: string }[]): Record<string, string> {
  const toml = tasks.map((t) =>
    [
      `[tasks.${t.slug}]`,
      `summary = "task ${t.slug}"`,
      `prompt = ${JSON.stringify(`[[task:${t.slug}]]\nOrient:\nLook.\nEdit:\nDo ${t.slug}.\nVerify:\nCheck it.`)}`,
      `commit_message = "Task ${t.slug}"`,
      t.create ? `files.create = ["${t.create}"]` : `files.edit = ["${t.edit}"]`,
    ].join("\n"));
  return { [`.dgov/plans/${name}/_root.toml`]: `[plan]\nname = "${name}"\nsections = ["${name}"]\nmax_retries = 0\n`, [`.dgov/plans/${name}/${name}/m.toml`]: toml.join("\n\n") };
}

/** Waits for the runner to stop in run_bash until the test writes go.flag into the worktree. */
const WAIT_FOR_GO = call("run_bash", { cmd: "while [ ! -e go.flag ]; do sleep 0.05; done" });

let server: ModelServer;
let r: LlmRepo;
const cards = async (...args: string[]) => (await r.dgov(["diagnose", "--json", ...args])).json<{ matched: number; cards: Card[] }>().cards;
const cardOf = (all: Card[], shape: string, task?: string) => all.find((c) => c.shape === shape && (task === undefined || c.task === task));

beforeAll(async () => {
  server = await startModelServer();
  server.script({
    conversations: [
      byTask("auth", [{ status: 401, times: 50 }]),
      byTask("quota", [{ status: 429, times: 50 }]),
      byTask("slow", [hang()]),
      ...["x", "y", "z"].map((s) => byTask(s, [write(`${s}.txt`, `${s}\n`), done(`wrote ${s}`)])),
      byTask("w", [WAIT_FOR_GO, call("edit_file", { path: "shared.txt", old_text: "one\n", new_text: "ONE\n" }), done("shouted")]),
    ],
  });
  r = llmRepo(server.url, [
    { slug: "auth", create: ["auth.txt"] },
    { slug: "quota", create: ["quota.txt"] },
    { slug: "slow", create: ["slow.txt"], timeout: 1 },
  ], {
    plan: "max_retries = 0",
    files: {
      "shared.txt": "one\ntwo\nthree\n",
      ".gitignore": "*.flag\n",
      ...plan("b", [{ slug: "x", create: "x.txt" }, { slug: "y", create: "y.txt" }]),
      ...plan("c", [{ slug: "z", create: "z.txt" }]),
      ...plan("d", [{ slug: "w", edit: "shared.txt" }]),
    },
  });
}, 60_000);

afterAll(async () => {
  r?.remove();
  await server?.close();
});

describe("dgov diagnose", () => {
  test("nothing has run: no shape matches", async () => {
    const text = await r.dgov(["diagnose"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toBe("No failure shapes matched current repo state.\n");
    expect(await cards()).toEqual([]);
  });

  test("provider auth, rate limiting past the retries, a timeout: a card each, with the command", async () => {
    expect((await r.run()).code).toBe(1);
    const all = await cards();
    const auth = cardOf(all, "provider_auth", "t/m.auth")!;
    expect(auth.evidence[0]).toContain("rejected the API key (HTTP 401");
    expect(auth.next).toEqual(["export DGOV_FAKE_API_KEY=<a valid key>", "dgov run p --continue"]);
    const quota = cardOf(all, "rate_limited", "t/m.quota")!;
    expect(quota.evidence[0]).toContain("kept rate-limiting (HTTP 429 after 2 retries)");
    expect(quota.next[0]).toBe("dgov run p --continue --max-parallel 1");
    expect(quota.next[1]).toContain("[providers.fake] max_retries");
    const slow = cardOf(all, "timeout", "t/m.slow")!;
    expect(slow.evidence[0]).toContain("Wall-clock timeout after 1s");
    expect(slow.next).toEqual(["dgov log t/m.slow", "split the task, or raise its timeout_s when it is small but slow, then", "dgov run p --continue"]);
    expect(all.map((c) => c.shape)).toEqual(["provider_auth", "rate_limited", "timeout"]);
    const text = (await r.dgov(["diagnose"])).stdout;
    expect(text).toContain("provider_auth  [config]  plan p · t/m.auth\n  evidence:\n");
    expect(text).toContain("  do not: retry before fixing the key");
  }, 60_000);

  test("a budget halt: the worker it stopped, the tasks not started and the command that resumes; not an interruption", async () => {
    const run = await r.dgov(["run", "b", "--max-tokens", "1", "--max-parallel", "1"]);
    expect(run.code).toBe(1);
    const found = await cards("--plan", "b");
    const halt = cardOf(found, "budget_halt")!;
    expect(halt.plan).toBe("b");
    expect(halt.evidence[0]).toContain("halted: max_tokens reached");
    expect(halt.evidence.slice(1)).toEqual(["stopped: b/m.x", "not started: b/m.y"]);
    expect(cardOf(found, "interrupted_run")).toBeUndefined();
    expect(halt.next[0]).toBe("dgov run b --continue");
  }, 60_000);

  test("a run killed mid-settlement: interrupted_run, and its command recovers it", async () => {
    const crashed = await r.dgov(["run", "c"], { DGOV_CRASH_AT: "settle:review" });
    expect(crashed.code).toBe(137);
    const cut = cardOf(await cards(), "interrupted_run")!;
    expect(cut).toMatchObject({ plan: "c", task: null, next: ["dgov run c --continue"] });
    expect(cut.evidence[0]).toMatch(/^run \S+ \(pid \d+\) started \S+ and never finished: its process is gone$/);
    expect(cut.evidence[1]).toBe("cut off: c/m.z (interrupted)");
    expect((await r.dgov(cut.next[0]!.split(" ").slice(1))).code).toBe(0);
    expect(cardOf(await cards(), "interrupted_run")).toBeUndefined();
  }, 60_000);

  test("a landing that kept the user's edits in a dirty checkout: the command that merges them", async () => {
    const running = r.dgov(["run", "d"]);
    // The worker waits in run_bash; meanwhile the user edits the file the task changes.
    while (!server.requests.some((q) => JSON.stringify(q.body.messages[1]?.content ?? "").includes("[[task:w]]"))) await Bun.sleep(20);
    r.repo.write("shared.txt", "one\ntwo\nthree mine\n");
    writeFileSync(join(dirname(r.repo.dir), `.dgov-worktrees-${basename(r.repo.dir)}`, taskFolder("d/m.w"), "go.flag"), "");
    expect((await running).code).toBe(0);
    // The worker did wait for the go (its run_bash returned once go.flag was there).
    expect((await r.dgov(["log", "d/m.w"])).stdout).toMatch(/result {2}run_bash ok \d+ms\n +│ STDOUT:/);
    const kept = cardOf(await cards(), "checkout_not_updated")!;
    expect(kept).toMatchObject({ plan: "d", task: "d/m.w" });
    expect(kept.evidence[0]).toContain("your uncommitted edits to shared.txt were kept");
    expect(kept.next[0]).toMatch(/^git checkout [0-9a-f]{12} -- shared\.txt && git stash apply [0-9a-f]{12}$/);
    expect(kept.do_not).toContain("your edits would be lost");
  }, 60_000);

  test("an ignored plan archive: archive_policy_drift names the rule", async () => {
    appendFileSync(join(r.repo.dir, ".dgov/.gitignore"), "plans/archive/\n");
    const drift = cardOf(await cards(), "archive_policy_drift")!;
    const line = readFileSync(join(r.repo.dir, ".dgov/.gitignore"), "utf8").trimEnd().split("\n").length;
    expect(drift.evidence[0]).toContain(`git ignores .dgov/plans/archive/any-plan/_root.toml (rule .dgov/.gitignore:${line}:plans/archive/)`);
    expect(drift.do_not).toContain("re-run tasks that already landed");
  });
});
