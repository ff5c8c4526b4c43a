/**
 * A settlement retry after a failing test can always finish: `done` needs a passing run_tests,
 * and run_tests can run the failing command even when test_cmd has no `{test_dir}` (what
 * `dgov init` writes for Rust and Go). Before, run_tests refused such a test_cmd, so `done`
 * could never be called on the retry.
 */
import { describe, expect, test } from "bun:test";
import { byTask, llmHarness } from "../fakes/llm-repo.ts";
import { call, done, type Turn } from "../fakes/model-server.ts";

const harness = llmHarness();
const cargo = Bun.which("cargo");
if (!cargo) console.log("test-retry.test.ts: cargo is not on this machine; the Rust retry test is skipped");

const CRATE = {
  "Cargo.toml": '[package]\nname = "adder"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n',
  "src/lib.rs": "pub fn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n",
  "tests/add.rs": "#[test]\nfn adds() {\n    assert_eq!(adder::add(2, 3), 5);\n}\n",
  ".gitignore": "target/\n",
};
const TEST_CMD = "cargo test --offline --quiet";
const REFUSED = `Settlement retry after a test failure requires a successful run_tests() call before done. Failing settlement command: \`${TEST_CMD}\`.`;
const edit = (old_text: string, new_text: string) => call("edit_file", { path: "src/lib.rs", old_text, new_text });
const MUL = (body: string) => `pub fn mul(a: i32, b: i32) -> i32 {\n    ${body}\n}\n`;
const MUL_TEST = "\n#[test]\nfn muls() {\n    assert_eq!(mul(2, 3), 6);\n}\n";

/** The tool results of the requests whose first user message matches, in order, each once. */
function toolResults(match: RegExp): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const q of harness.server.requests.filter((r) => match.test(String(r.body.messages[1]?.content ?? "")))) {
    for (const m of q.body.messages.filter((x) => x.role === "tool")) {
      if (!seen.has(m.tool_call_id!)) out.push(String(m.content));
      seen.add(m.tool_call_id!);
    }
  }
  return out;
}

describe.if(cargo !== null)("a Rust task's settlement retry", () => {
  test("the first attempt fails `cargo test`; the retry fixes it, is refused `done` until run_tests passes, then lands", async () => {
    // The first attempt adds `mul` with a bug its own test catches; the retry fixes the bug.
    const attempt: Turn[] = [edit("    a + b\n}\n", `    a + b\n}\n\n${MUL("a + b")}${MUL_TEST}`), done("added mul")];
    const retry: Turn[] = [edit(MUL("a + b"), MUL("a * b")), done("fixed"), call("run_tests", {}), done("fixed; cargo test passes")];
    const r = harness.setup(
      {
        conversations: [
          { match: /REJECTED by settlement[\s\S]*\[\[task:mul\]\]/, turns: retry },
          byTask("mul", attempt),
        ],
      },
      // The task reads the integration test: a test target of its own that test_cmd cannot be scoped to.
      [{ slug: "mul", edit: ["src/lib.rs"], read: ["tests/add.rs"] }],
      {
        files: CRATE,
        project: `test_dir = "tests/"\nsource_extensions = [".rs"]\ntest_cmd = "${TEST_CMD}"\nsettlement_timeout = 600`,
        plan: "max_retries = 0",
        extra: '[scope]\nignore_files = ["Cargo.lock"]',
      },
    );
    const run = await r.run(["--json"]);
    const out = run.json<{ tasks: { id: string; state: string; attempts: number }[] }>();
    expect(out.tasks[0]).toMatchObject({ id: "t/m.mul", state: "merged" });
    expect(r.file("src/lib.rs")).toBe(`${CRATE["src/lib.rs"]}\n${MUL("a * b")}${MUL_TEST}`);
    // The results the retry's worker read (its last `done` ends it: nothing comes back).
    const [edited, refused, ran, ...more] = toolResults(/REJECTED by settlement/);
    expect(edited).toContain("src/lib.rs");
    expect(refused).toBe(`Error: ${REFUSED}`);
    expect(ran).toStartWith("STDOUT:\n");
    expect(ran).toContain("test result: ok");
    expect(ran).toEndWith("EXIT:0");
    expect(more).toEqual([]);
    // The verdict the retry saw named the failing command.
    const prompt = harness.server.requests.map((q) => String(q.body.messages[1]?.content ?? "")).find((c) => c.includes("REJECTED by settlement"))!;
    expect(prompt).toContain(`Test failure from \`${TEST_CMD}\``);
  }, 600_000);
});
