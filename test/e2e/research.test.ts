/**
 * Researcher tasks: read-only, their report (the `done` summary) is stored, shown by
 * `dgov show`, and given to the prompts of the tasks that depend on them.
 */
import { describe, expect, test } from "bun:test";
import { byTask, llmHarness } from "../fakes/llm-repo.ts";
import { call, done, write } from "../fakes/model-server.ts";

const harness = llmHarness();
const REPORT = "The greeting lives in src/greet.txt; callers expect exactly one line ending in a newline.";

describe("a researcher → worker chain", () => {
  test("the worker's prompt carries the researcher's report; show prints it; the researcher cannot write", async () => {
    const r = harness.setup(
      {
        conversations: [
          // The researcher tries to write: it has no write tools, and its tree is read-only.
          byTask("survey", [call("write_file", { path: "x.txt", content: "x" }), call("read_file", { path: "README.md" }), done(REPORT)]),
          byTask("build", [write("src/greet.txt", "hello\n"), done("wrote it")]),
        ],
      },
      [
        { slug: "survey", role: "researcher" },
        { slug: "build", deps: ["survey"], create: ["src/greet.txt"] },
      ],
    );
    const run = await r.run(["--json"]);
    expect(run.code).toBe(0);
    const prompt = String(harness.server.requests.find((q) => String(q.body.messages[1]?.content).includes("[[task:build]]"))!.body.messages[1]!.content);
    expect(prompt).toContain("## Research reports (from the researcher tasks this task depends on)\n\n### t/m.survey\n" + REPORT);
    const surveyed = harness.server.requests.filter((q) => String(q.body.messages[1]?.content).includes("[[task:survey]]")).at(-1)!;
    expect(String(surveyed.body.messages.find((m) => m.role === "tool")!.content)).toStartWith("Error: ");
    expect(r.file("x.txt")).toBeNull();
    expect(r.file("src/greet.txt")).toBe("hello\n");
    const show = await r.dgov(["show", "survey"]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(REPORT);
  }, 120_000);
});
