/**
 * The compiled binary parses all six grammars: a worker run by dist/dgov, in a repository far
 * from dgov's node_modules, calls file_symbols, check_syntax, related_files and find_references
 * on real files; the grammars come from the binary itself.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultConfig, runTool } from "dgov/testing";
import { fileSymbols } from "../../plugins/worker-tools/symbols.ts";
import { byTask, llmHarness } from "../fakes/llm-repo.ts";
import { call, done, write } from "../fakes/model-server.ts";

const harness = llmHarness();
const FIXTURES = join(import.meta.dir, "..", "fixtures", "syntax");
const FILES = ["ts/src/shapes.ts", "ts/src/view.tsx", "js/lib/stats.js", "python/src/geometry/shapes.py", "go/shapes/shapes.go", "rust/src/shapes.rs"];

/** The tool messages the model received, in order. */
const toolMessages = () => harness.server.requests.flatMap((r) => r.body.messages.filter((m) => m.role === "tool").map((m) => String(m.content))).filter((m, i, all) => all.indexOf(m) === i);

describe("the compiled binary's syntax layer", () => {
  test("file_symbols in all six grammars, check_syntax, related_files and find_references, through a worker's tool calls", async () => {
    const files = Object.fromEntries(FILES.map((f) => [f, readFileSync(join(FIXTURES, f), "utf8")]));
    const r = harness.setup(
      {
        conversations: [
          byTask("a", [
            ...FILES.map((path) => call("file_symbols", { path })),
            call("check_syntax", { path: "broken.rs" }),
            call("check_syntax", { path: "go/shapes/shapes.go" }),
            call("related_files", { path: "rust/src/shapes.rs" }),
            call("find_references", { symbol: "Circle" }),
            write("a.txt", "a\n"),
            done(),
          ]),
        ],
      },
      [{ slug: "a", create: ["a.txt"] }],
      { files: { ...files, "broken.rs": "fn main() {\n    let x = 1\n}\n" } },
    );
    const run = await r.run(["--json"]);
    expect(run.code).toBe(0);
    const messages = toolMessages();
    // Each listing is the one the tool gives in-process (the layer's tests pin those down).
    for (const [i, path] of FILES.entries()) {
      const local = await runTool(fileSymbols, { path }, { worktree: r.repo.dir, real: true, config: defaultConfig() });
      expect(local.ok).toBe(true);
      expect(messages[i]).toBe(local.ok ? local.output : "");
    }
    expect(messages.slice(0, 6).map((m) => m.split("\n")[0])).toEqual(FILES.map((f) => `${f}:`));
    expect(messages[0]).toContain("  export class Circle:18\n    method Circle.constructor:19");
    expect(messages[1]).toContain("  export function CircleView:7");
    expect(messages[2]).toContain("  class Stats:4\n    method Stats.add:7");
    expect(messages[3]).toContain("  class Circle:14\n    def Circle.area:17");
    expect(messages[4]).toContain("    func Circle.Area:29");
    expect(messages[5]).toContain("  impl Shape for Circle:27\n    fn Circle::area:28");
    expect(messages[6]).toBe('SyntaxError in broken.rs line 2: missing ";" (column 14)');
    expect(messages[7]).toBe("OK: go/shapes/shapes.go has valid syntax.");
    expect(messages[8]).toBe("== rust/src/shapes.rs ==\n\nImports from (1):\n  std::f64::consts::PI");
    const hits = messages[9]!.split("\n").map((h) => /^(.+?:\d+):/.exec(h)?.[1]);
    expect(hits).toContain("go/shapes/shapes.go:29");
    expect(hits).toContain("rust/src/shapes.rs:17");
    expect(hits).toContain("python/src/geometry/shapes.py:31");
  });
});
