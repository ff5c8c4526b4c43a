/**
 * Test selection through `dist/dgov run`: a worker breaks a deep module of a package whose
 * tests import the package entry; the tests gate runs the tests reaching it and rejects the
 * change (dgov used to find "no test targets" here, and the broken change landed).
 */
import { Database } from "bun:sqlite";
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { byTask, type LlmRepo, llmHarness } from "../fakes/llm-repo.ts";
import { call, done } from "../fakes/model-server.ts";
import { packageFiles } from "../fakes/packages.ts";
import { haveToolchains } from "../fakes/toolchains.ts";

const harness = llmHarness();

interface Summary {
  tasks: { id: string; state: string; error: string | null }[];
}

/** The tests gate's verdicts, in order: [task, status]. */
function testsVerdicts(r: LlmRepo): [string, string][] {
  const db = new Database(join(r.repo.dir, ".dgov/state.db"), { readonly: true });
  try {
    const rows = db.query("SELECT task, json_extract(data, '$.status') AS status FROM events WHERE event = 'gate_completed' AND json_extract(data, '$.gate') = 'tests' ORDER BY id").all() as { task: string; status: string }[];
    return rows.map((row) => [row.task, row.status]);
  } finally {
    db.close();
  }
}

const edit = (path: string, old_text: string, new_text: string) => call("edit_file", { path, old_text, new_text });

describe("test selection in a run", () => {
  test("TypeScript (bun test): a broken src/core module is rejected by the tests reaching it through src/index.ts; a good change lands", async () => {
    const r = harness.setup(
      {
        conversations: [
          byTask("words", [edit("src/core/words.ts", "filter(Boolean).length", "filter((w) => w !== \"\").length"), done("wordCount: an explicit filter")]),
          byTask("case", [edit("src/core/case.ts", "toLowerCase", "toUpperCase"), done("lower() changed")]),
        ],
      },
      [
        { slug: "words", edit: ["src/core/words.ts"] },
        { slug: "case", edit: ["src/core/case.ts"], deps: ["words"] },
      ],
      { files: packageFiles("textkit"), project: 'test_dir = "test/"\nsrc_dir = "src/"\nsource_extensions = [".ts"]\ntest_cmd = "bun test {test_dir}"', plan: "max_retries = 0" },
    );
    const out = (await r.run(["--json"])).json<Summary>();
    const byId = Object.fromEntries(out.tasks.map((t) => [t.id, t]));
    expect(byId["t/m.words"]!.state).toBe("merged");
    expect(r.file("src/core/words.ts")).toContain('filter((w) => w !== "").length');
    expect(byId["t/m.case"]!.state).toBe("failed");
    expect(byId["t/m.case"]!.error).toContain("Test failure from `bun test test/slug.test.ts test/title.test.ts`");
    expect(byId["t/m.case"]!.error).toContain("(fail) slugify > joins lower-cased words with dashes");
    expect(r.file("src/core/case.ts")).toBe(packageFiles("textkit")["src/core/case.ts"]!);
    // case: rejected, and again after its settlement retry.
    expect(testsVerdicts(r)).toEqual([["t/m.words", "pass"], ["t/m.case", "fail"], ["t/m.case", "fail"]]);
  }, 300_000);

  test.if(haveToolchains("python"))("Python (pytest): `import wordy` reaches the broken src/wordy/_util.py through __init__.py, and pytest rejects it", async () => {
    const r = harness.setup(
      { conversations: [byTask("util", [edit("src/wordy/_util.py", 'return " ".join(text.split())', 'return " ".join(text.split()).upper()'), done("clean() shouts")])] },
      [{ slug: "util", edit: ["src/wordy/_util.py"] }],
      { files: packageFiles("wordy"), project: 'test_dir = "tests/"\nsrc_dir = "src/"\nsource_extensions = [".py"]\ntest_cmd = "python3 -m pytest {test_dir} -q -p no:cacheprovider"', plan: "max_retries = 0" },
    );
    const out = (await r.run(["--json"])).json<Summary>();
    expect(out.tasks[0]!.state).toBe("failed");
    expect(out.tasks[0]!.error).toContain("Test failure from `python3 -m pytest tests/test_count.py tests/test_normalize.py tests/test_roman.py -q -p no:cacheprovider`");
    expect(out.tasks[0]!.error).toContain("assert 'QUICK' == 'quick'");
    expect(r.log()).toEqual(["initial"]);
  }, 300_000);
});
