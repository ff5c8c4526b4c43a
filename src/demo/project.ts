/*
 * The demo repository `dgov demo` builds: a tiny TypeScript module with a test, and a plan of
 * three tasks (two independent, one depending on both), with a provider pointing at the demo
 * model. Its tests are a real gate: `bun test`, run by the dgov binary itself (a compiled Bun
 * program is Bun when BUN_BE_BUN=1), so the demo needs nothing installed. The `shout` task's
 * first attempt breaks an existing test; settlement rejects it and the retry fixes it.
 */

export const DEMO_KEY_ENV = "DGOV_DEMO_API_KEY";

const PROMPT = (what: string) => `Orient:\nRead src/greet.ts.\nEdit:\n${what}\nVerify:\nRun scope_status, then call done.`;

/**
 * The files of the demo repository, for a model server at `baseUrl`. `sandbox: false` (this
 * machine has none) writes `[sandbox] mode = "off"`: the demo's worker is dgov's own scripted
 * model, so it still runs, with the warning every unsandboxed run prints.
 */
export function demoFiles(baseUrl: string, bun: string, sandbox = true): Record<string, string> {
  return {
    "README.md": "# greet\n\nA tiny module that dgov's demo plan extends.\n",
    "src/greet.ts": 'export function greet(name: string): string {\n  return `Hello, ${name}`;\n}\n',
    "test/greet.test.ts": 'import { expect, test } from "bun:test";\nimport { greet } from "../src/greet.ts";\n\ntest("greets by name", () => {\n  expect(greet("Ada")).toBe("Hello, Ada");\n});\n',
    ".dgov/.gitignore": "state.db*\nruns.log\nout/\nruntime/\nplans/deployed.jsonl\nplans/*/_compiled.toml\nplans/archive/*/_compiled.toml\n",
    ".dgov/project.toml": `[project]
language = "typescript"
src_dir = "src/"
test_dir = "test/"
provider = "demo"
# The dgov binary is Bun when BUN_BE_BUN=1: the demo's test gate needs nothing installed.
test_cmd = ${JSON.stringify(`BUN_BE_BUN=1 ${shellQuote(bun)} test`)}

[providers.demo]
base_url = "${baseUrl}"
api_key_env = "${DEMO_KEY_ENV}"
default_agent = "dgov-demo-model"
stream = false
${sandbox ? "" : '\n[sandbox]\nmode = "off"   # this machine has no sandbox (see the README)\n'}`,
    ".dgov/plans/demo/_root.toml": '[plan]\nname = "demo"\nsummary = "Grow the greet module"\nsections = ["main"]\n',
    ".dgov/plans/demo/main/tasks.toml": `[tasks.farewell]
summary = "Add a farewell function"
prompt = ${JSON.stringify(PROMPT("Create src/farewell.ts exporting farewell(name) that returns `Goodbye, <name>`."))}
commit_message = "Add farewell()"
files.create = ["src/farewell.ts"]
files.read = ["src/greet.ts"]

[tasks.shout]
summary = "Add an exclamation option to greet"
prompt = ${JSON.stringify(PROMPT("Give greet() an optional second parameter `loud` that appends an exclamation mark."))}
commit_message = "greet(): optional exclamation"
files.edit = ["src/greet.ts"]
files.read = ["test/greet.test.ts"]

[tasks.index]
summary = "Export both functions from src/index.ts"
prompt = ${JSON.stringify(PROMPT("Create src/index.ts re-exporting greet and farewell."))}
commit_message = "Add src/index.ts"
depends_on = ["farewell", "shout"]
files.create = ["src/index.ts"]
files.read = ["src/greet.ts", "src/farewell.ts"]
`,
  };
}

const shellQuote = (s: string) => (/^[\w./-]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`);

type Call = [tool: string, args: Record<string, unknown>];

const GREET = "export function greet(name: string): string {\n  return `Hello, ${name}`;";

/** What the demo model does for each task: the tool calls of each turn, ending with done. */
export const DEMO_SCRIPTS: Record<string, Call[][]> = {
  farewell: [
    [["read_file", { path: "src/greet.ts" }]],
    [["write_file", { path: "src/farewell.ts", content: 'export function farewell(name: string): string {\n  return `Goodbye, ${name}`;\n}\n' }]],
    [["scope_status", {}]],
    [["done", { summary: "Created src/farewell.ts with farewell(name)." }]],
  ],
  shout: [
    [["read_file", { path: "src/greet.ts" }]],
    [
      [
        "edit_file",
        {
          path: "src/greet.ts",
          old_text: GREET,
          // The bug the test gate catches: a quiet greeting now ends with a period.
          new_text: 'export function greet(name: string, loud = false): string {\n  return `Hello, ${name}${loud ? "!" : "."}`;',
        },
      ],
    ],
    [["scope_status", {}]],
    [["done", { summary: "greet() takes an optional loud flag." }]],
  ],
  // The retry after settlement rejected `shout`: its findings name the failing assertion.
  "shout:retry": [
    [["edit_file", { path: "src/greet.ts", old_text: '${loud ? "!" : "."}', new_text: '${loud ? "!" : ""}' }]],
    [["run_tests", {}]],
    [["done", { summary: "A quiet greeting is unchanged again; the tests pass." }]],
  ],
  index: [
    [["list_dir", { path: "src" }]],
    [["write_file", { path: "src/index.ts", content: 'export { farewell } from "./farewell.ts";\nexport { greet } from "./greet.ts";\n' }]],
    [["scope_status", {}]],
    [["done", { summary: "src/index.ts re-exports greet and farewell." }]],
  ],
};
