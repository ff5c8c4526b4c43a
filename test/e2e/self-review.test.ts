/**
 * `self_review = true`: a clean-context reviewer judges the committed change before it lands.
 * An explicit approval lands it; a rejection sends the worker back once with the findings; and
 * anything that is not an approval — prose, a provider error, a timeout — blocks (fail closed).
 */
import { describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { byTask, llmHarness } from "../fakes/llm-repo.ts";
import { call, done, hang, serverError, text, type Turn } from "../fakes/model-server.ts";

const harness = llmHarness();
const REVIEW = /You review one change before it lands/;
const verdict = (approved: boolean, issues: string[] = []) => done(JSON.stringify({ approved, issues }));
const writeA = (content: string) => call("write_file", { path: "a.txt", content });

type Task = { id: string; state: string; error: string | null; settlement_retries: number };

/** The self-review gate runs recorded for the task, in order: status and findings' messages. */
function reviews(dir: string): { status: string; messages: string[]; unreadable?: string }[] {
  const db = new Database(join(dir, ".dgov/state.db"), { readonly: true });
  try {
    const rows = db.query("SELECT data FROM events WHERE event = 'gate_completed' AND json_extract(data, '$.gate') = 'self-review' ORDER BY id").all() as { data: string }[];
    return rows.map((r) => {
      const d = JSON.parse(r.data);
      return { status: d.status, messages: (d.outcome.findings ?? []).map((f: { message: string }) => f.message), ...(d.outcome.details?.unreadable ? { unreadable: d.outcome.details.unreadable } : {}) };
    });
  } finally {
    db.close();
  }
}

const requestsMatching = (re: RegExp) => harness.server.requests.filter((q) => re.test(String(q.body.messages[1]?.content ?? "")));

describe("self-review", () => {
  test("an approval lands the change; the reviewer saw the task, its claims, the diff and the checks", async () => {
    const r = harness.setup(
      { conversations: [{ match: REVIEW, turns: [verdict(true)] }, byTask("a", [writeA("alpha\n"), done("wrote a")])] },
      [{ slug: "a", create: ["a.txt"], selfReview: true }],
    );
    const run = await r.run(["--json"]);
    expect(run.code).toBe(0);
    expect(r.file("a.txt")).toBe("alpha\n");
    expect(reviews(r.repo.dir)).toEqual([{ status: "pass", messages: [] }]);
    const prompt = String(requestsMatching(REVIEW)[0]!.body.messages[1]!.content);
    expect(prompt).toContain("[[task:a]]");
    expect(prompt).toContain("- create: a.txt");
    expect(prompt).toContain("+alpha");
    expect(prompt).toContain("- scope (review): pass");
  }, 120_000);

  test("a rejection goes back to the worker with the findings; the fixed change is approved and lands", async () => {
    const r = harness.setup(
      {
        conversations: [
          { match: /You review one change[\s\S]*\+beta/, turns: [verdict(true)] },
          { match: REVIEW, turns: [verdict(false, ["a.txt:1: should say beta"])] },
          { match: /REJECTED by settlement[\s\S]*\[\[task:a\]\]/, turns: [call("edit_file", { path: "a.txt", old_text: "alpha", new_text: "beta" }), done("now beta")] },
          byTask("a", [writeA("alpha\n"), done("wrote a")]),
        ],
      },
      [{ slug: "a", create: ["a.txt"], selfReview: true }],
    );
    const run = await r.run(["--json"]);
    expect(run.json<{ tasks: Task[] }>().tasks[0]).toMatchObject({ state: "merged", settlement_retries: 1 });
    expect(run.code).toBe(0);
    expect(r.file("a.txt")).toBe("beta\n");
    expect(reviews(r.repo.dir)).toEqual([{ status: "fail", messages: ["should say beta"] }, { status: "pass", messages: [] }]);
    const retry = String(requestsMatching(/REJECTED by settlement/)[0]!.body.messages[1]!.content);
    expect(retry).toContain("settlement rejected at self-review: the reviewer rejected the change");
    expect(retry).toContain("a.txt:1: should say beta");
  }, 120_000);

  const closed: [string, Turn[], RegExp][] = [
    ["prose", [done("Looks good to me, approved!")], /the verdict is not JSON/],
    ["a reply without done", [text("Approved."), text("Approved.")], /the reviewer failed: Agent stopped without calling 'done'/],
    ["an empty verdict", [done("")], /the reviewer gave an empty verdict/],
    ["a provider error (HTTP 500)", [serverError(500, 100)], /the reviewer failed: /],
    ["a reviewer that never answers (timeout)", [hang()], /the reviewer timed out after 5s/],
  ];
  test.each(closed)("%s is not an approval: the change is blocked, retried once, then the task fails", async (_name: string, turns: Turn[], why: RegExp) => {
    const r = harness.setup(
      { conversations: [{ match: REVIEW, turns }, { match: /REJECTED by settlement/, turns: [done("unchanged")] }, byTask("a", [writeA("alpha\n"), done("wrote a")])] },
      [{ slug: "a", create: ["a.txt"], selfReview: true, timeout: 5 }],
      { plan: "max_retries = 0" },
    );
    const run = await r.run(["--json"]);
    expect(run.code).toBe(1);
    const task = run.json<{ tasks: Task[] }>().tasks[0]!;
    expect(task.state).toBe("failed");
    expect(task.error).toContain("settlement rejected at self-review: ");
    expect(r.file("a.txt")).toBeNull();
    const recorded = reviews(r.repo.dir);
    expect(recorded.map((x) => x.status)).toEqual(["fail", "fail"]);
    expect(recorded[0]!.unreadable).toMatch(why);
  }, 120_000);
});
