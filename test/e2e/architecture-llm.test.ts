/**
 * The architecture gate with dgov's own LLM worker against the scripted model: the first
 * attempt closes an import cycle, settlement rejects it naming the cycle, the retry in place
 * is told which files loop and breaks the cycle, and the task lands.
 */
import { expect, test } from "bun:test";
import { byTask, llmHarness } from "../fakes/llm-repo.ts";
import { call, done } from "../fakes/model-server.ts";

const edit = (old_text: string, new_text: string) => call("edit_file", { path: "src/b.ts", old_text, new_text });
const CYCLIC = 'import { a } from "./a";\nexport const b = 1;\nexport const c = () => a();\n';

const harness = llmHarness();

test("a worker's import cycle is rejected at settlement naming the cycle; the retry breaks it and lands", async () => {
  const files = { "src/a.ts": 'import { b } from "./b";\nexport const a = () => b + 1;\n', "src/b.ts": "export const b = 1;\n" };
  const r = harness.setup(
    {
      conversations: [
        { match: /REJECTED by settlement[\s\S]*\[\[task:loop\]\]/, turns: [edit(CYCLIC, "export const b = 1;\nexport const c = () => b * 2;\n"), done("broke the cycle")] },
        byTask("loop", [edit("export const b = 1;\n", CYCLIC), done("added c")]),
      ],
    },
    [{ slug: "loop", edit: ["src/b.ts"] }],
    { files, plan: "max_retries = 0" },
  );
  const run = await r.run(["--json"]);
  expect(run.json<{ tasks: { id: string; state: string }[] }>().tasks[0]).toMatchObject({ id: "t/m.loop", state: "merged" });
  expect(r.file("src/b.ts")).toBe("export const b = 1;\nexport const c = () => b * 2;\n");
  const prompt = harness.server.requests.map((q) => String(q.body.messages[1]?.content ?? "")).find((c) => c.includes("REJECTED by settlement"));
  expect(prompt).toBeDefined();
  expect(prompt).toContain("import cycle: src/a.ts → src/b.ts → src/a.ts");
  expect(prompt).toContain("architecture");
}, 120_000);
