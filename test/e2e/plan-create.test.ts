/**
 * `dgov plan create`: a planner agent (the scripted model) turns a goal into a plan tree. What it
 * emits is compiled by dgov's real compiler; its errors go back to the planner; only a plan that
 * compiles is written, and `--run` runs it to merged tasks. A planner that never gets it right
 * fails closed: exit 1, the compile errors, nothing under .dgov/plans/.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { byTask, llmHarness } from "../fakes/llm-repo.ts";
import { call, done, type Turn, write } from "../fakes/model-server.ts";

const harness = llmHarness();

const task = (slug: string, extra: Record<string, unknown> = {}) => ({
  slug,
  summary: `Add ${slug}`,
  prompt: `[[task:${slug}]]\nOrient: read README.md.\nEdit: create ${slug}.txt.\nVerify: scope_status.`,
  commit_message: `Add ${slug}`,
  files: { create: [`${slug}.txt`] },
  ...extra,
});
const emit = (tasks: unknown[]) => call("emit_plan", { name: "notes", summary: "Two notes", tasks });

/** The tool results the planner received, in order. */
function plannerResults(): string[] {
  const last = harness.server.requests.filter((r) => String(r.body.messages[1]?.content ?? "").includes("[[task:planner]]")).at(-1);
  return (last?.body.messages ?? []).filter((m) => m.role === "tool").map((m) => String(m.content));
}

const GOAL = "[[task:planner]] add two notes";

describe("dgov plan create", () => {
  test("a cycle, then a claim conflict the real compiler finds, then a plan that compiles: written, and --run merges it", async () => {
    const planner: Turn[] = [
      call("list_dir", { path: "." }),
      emit([task("one", { depends_on: ["two"] }), task("two", { depends_on: ["one"] })]),
      // Two independent tasks creating the same file: only the compiler knows this is wrong.
      emit([task("one"), task("two", { files: { create: ["one.txt"] } })]),
      emit([task("one"), task("two", { depends_on: ["one"], files: { create: ["two.txt"], read: ["one.txt"] } })]),
    ];
    const r = harness.setup(
      { conversations: [byTask("planner", planner), byTask("one", [write("one.txt", "one\n"), done("one")]), byTask("two", [write("two.txt", "two\n"), done("two")])] },
      [{ slug: "unused", create: ["unused.txt"] }],
    );
    const run = await r.dgov(["plan", "create", GOAL, "--run", "--json"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("[planner] the plan it emitted was refused:\nDependency cycle detected involving 'one'.");
    const out = run.json<{ created: { plan: string; dir: string; tasks: { id: string; depends_on: string[] }[]; edges: string[][] }; status: string; tasks: { id: string; state: string }[] }>();
    expect(out.created.plan).toBe("notes");
    expect(out.created.dir).toBe(".dgov/plans/notes");
    expect(out.created.tasks.map((t) => [t.id, t.depends_on])).toEqual([["tasks/main.one", []], ["tasks/main.two", ["tasks/main.one"]]]);
    expect(out.status).toBe("complete");
    expect(out.tasks.map((t) => [t.id, t.state])).toEqual([["tasks/main.one", "merged"], ["tasks/main.two", "merged"]]);
    expect(r.file("two.txt")).toBe("two\n");
    // What the planner was told after each emission.
    const results = plannerResults();
    expect(results[1]).toBe("Error: Dependency cycle detected involving 'one'.");
    expect(results[2]).toStartWith("Error: The plan does not compile:\n");
    expect(results[2]).toContain("one.txt");
    expect(results).toHaveLength(3);
    // The tree on disk is a plan people edit: claims as files.create / files.read, depends_on.
    const toml = readFileSync(join(r.repo.dir, ".dgov/plans/notes/tasks/main.toml"), "utf8");
    expect(toml).toContain('[tasks.two]\nsummary = "Add two"\nprompt = """\n[[task:two]]');
    expect(toml).toContain('files.create = ["two.txt"]\nfiles.read = ["one.txt"]\ndepends_on = ["one"]');
    expect((await r.dgov(["compile", ".dgov/plans/notes"])).code).toBe(0);
  }, 180_000);

  test("a planner that never emits a plan that compiles: exit 1 with the compiler's errors, nothing written", async () => {
    const bad = emit([task("one"), task("two", { files: { create: ["one.txt"] } })]);
    const r = harness.setup({ conversations: [byTask("planner", [bad, bad, bad, bad])] }, [{ slug: "unused", create: ["unused.txt"] }]);
    const before = readdirSync(join(r.repo.dir, ".dgov/plans"));
    const run = await r.dgov(["plan", "create", GOAL]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("no plan: the planner emitted 3 plans that did not compile");
    expect(run.stderr).toContain("one.txt");
    expect(readdirSync(join(r.repo.dir, ".dgov/plans"))).toEqual(before);
    expect(r.repo.git("status", "--porcelain")).toBe("");
  }, 120_000);

  test("a name that is taken gets a fresh one; autonomous mode answers no questions", async () => {
    const planner: Turn[] = [call("ask_user", { question: "Which notes?" }), emit([task("one")])];
    const r = harness.setup({ conversations: [byTask("planner", planner)] }, [{ slug: "unused", create: ["unused.txt"] }]);
    const run = await r.dgov(["plan", "create", GOAL, "--name", "p", "--auto"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Plan 'p-2' written to .dgov/plans/p-2/ (1 task): Two notes");
    expect(run.stdout).toContain("To run it: dgov run p-2");
    expect(plannerResults()[0]).toBe("Error: ask_user is not available in autonomous mode.");
    expect(existsSync(join(r.repo.dir, ".dgov/plans/p-2/_root.toml"))).toBe(true);
  }, 120_000);

  test("on a terminal the planner's question is asked, and the answer is what it receives", async () => {
    const planner: Turn[] = [call("ask_user", { question: "Which notes? (recommended: one)" }), emit([task("one")])];
    const r = harness.setup({ conversations: [byTask("planner", planner)] }, [{ slug: "unused", create: ["unused.txt"] }]);
    const { DGOV_BIN } = await import("../fakes/dgov.ts");
    const command = `${DGOV_BIN} plan create '${GOAL}'`;
    // `script` gives the command a pty; the answer is typed on it.
    const proc = Bun.spawn(["script", "-qec", command, "/dev/null"], { cwd: r.repo.dir, env: { ...process.env, NO_COLOR: "1", DGOV_FAKE_API_KEY: "sk-test-0123456789" }, stdin: "pipe", stdout: "pipe", stderr: "pipe" });
    const out = (async () => {
      let text = "";
      const decoder = new TextDecoder();
      for await (const chunk of proc.stdout) {
        text += decoder.decode(chunk);
        if (text.includes("Your answer:")) {
          proc.stdin.write("only one, please\n");
          await proc.stdin.flush();
        }
      }
      return text;
    })();
    expect(await proc.exited).toBe(0);
    const text = await out;
    expect(text).toContain("[planner] Which notes? (recommended: one)");
    expect(plannerResults()[0]).toBe("only one, please");
  }, 120_000);
});
