/**
 * Malformed configurations and plugins, each through the compiled binary: a precise message
 * (file, line, key path, what was expected) and exit 2, and nothing written.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { dgov } from "../fakes/dgov.ts";
import { type FixtureRepo, makeRepo } from "../fakes/repo.ts";

interface Case {
  name: string;
  toml?: string;
  files?: Record<string, string>;
  expect: (string | RegExp)[];
}

const plugin = (body: string) => `import { definePlugin, defineGate } from "dgov/plugin";\n${body}\n`;
const gate = (name: string) => `{ name: "${name}", description: "d", phase: "review", check: () => ({ status: "pass" }) }`;

const CASES: Case[] = [
  { name: "TOML syntax error", toml: "[project\nlanguage = 1\n", expect: [/\.dgov\/project\.toml:1:\d+: invalid TOML/] },
  { name: "duplicate key", toml: "[project]\nsrc_dir = 'a'\nsrc_dir = 'b'\n", expect: [".dgov/project.toml:3:", "Can't redefine existing key"] },
  { name: "string for an integer", toml: '[project]\nbootstrap_timeout = "300"\n', expect: ['.dgov/project.toml:2: [project].bootstrap_timeout: expected an integer, got "300"'] },
  { name: "boolean for an integer", toml: "[project]\nsettlement_timeout = true\n", expect: [".dgov/project.toml:2: [project].settlement_timeout: expected an integer, got true"] },
  { name: "integer below its minimum", toml: "[project]\nmax_parallel = 0\n", expect: [".dgov/project.toml:2: [project].max_parallel: expected an integer >= 1, got 0"] },
  { name: "unknown [project] key", toml: '[project]\ntest_command = "pytest"\n', expect: [".dgov/project.toml:2: [project].test_command: unknown key 'test_command'; did you mean 'test_cmd'?"] },
  { name: "unknown table", toml: '[projcet]\nlanguage = "go"\n', expect: [".dgov/project.toml:1: [projcet]: unknown key 'projcet'; did you mean 'project'?"] },
  { name: "[project] not a table", toml: "project = 5\n", expect: [".dgov/project.toml:1: [project]: expected a table, got 5"] },
  { name: "undefined provider", toml: '[project]\nprovider = "fw"\n[providers.fireworks]\nbase_url = "https://x/v1"\napi_key_env = "K"\n', expect: [".dgov/project.toml:2: [project].provider: selects provider 'fw', but [providers.fw] is not defined"] },
  { name: "empty base_url", toml: '[providers.fw]\nbase_url = ""\napi_key_env = "FW_KEY"\n', expect: [".dgov/project.toml:2: [providers.fw].base_url: expected a non-empty string"] },
  { name: "missing api_key_env", toml: '[providers.fw]\nbase_url = "https://x/v1"\n', expect: [".dgov/project.toml:1: [providers.fw].api_key_env: missing required key 'api_key_env'"] },
  { name: "api_key_env is not a variable name", toml: '[providers.fw]\nbase_url = "https://x/v1"\napi_key_env = "MY-KEY"\n', expect: [".dgov/project.toml:3: [providers.fw].api_key_env: expected an environment variable name"] },
  { name: "base_url is not a URL", toml: '[providers.fw]\nbase_url = "fireworks"\napi_key_env = "K"\n', expect: [".dgov/project.toml:2: [providers.fw].base_url: expected a URL"] },
  { name: "string for a boolean", toml: '[tool_policy]\nrestrict_run_bash = "false"\n', expect: ['.dgov/project.toml:2: [tool_policy].restrict_run_bash: expected a boolean (true or false), got "false"'] },
  { name: "string for a list", toml: '[tool_policy]\ndeny_shell_commands = "pip"\n', expect: ['.dgov/project.toml:2: [tool_policy].deny_shell_commands: expected an array of strings, got "pip"'] },
  { name: "ignore pattern shadows a reserved path", toml: '[scope]\nignore_files = ["*.json"]\n', expect: [".dgov/project.toml:2: [scope].ignore_files: cannot include patterns that shadow reserved paths: '*.json' would match '.sentrux/baseline.json'"] },
  { name: "bad sentrux mode", toml: '[sentrux]\nmode = "loose"\n', expect: ['.dgov/project.toml:2: [sentrux].mode: expected \'diff\' or \'strict\', got "loose"'] },
  { name: "architecture limit below 1", toml: '[architecture]\nmax_function_lines = 0\n', expect: [".dgov/project.toml:2: [architecture].max_function_lines: expected an integer >= 1, got 0"] },
  { name: "architecture rule without deny", toml: '[architecture]\nrules = [{ from = "src/kernel/**" }]\n', expect: [".dgov/project.toml:2: [architecture].rules[0].deny: missing required key 'deny'"] },
  { name: "architecture rule unknown key", toml: '[architecture]\nrules = [{ from = "a/**", deny = ["b/**"], allow = ["c"] }]\n', expect: [".dgov/project.toml:2: [architecture].rules[0].allow: unknown key 'allow' (known keys: from, deny)"] },
  { name: "verify recipe without command", toml: '[verify.lint]\ndescription = "d"\n', expect: [".dgov/project.toml:1: [verify.lint].command: missing required key 'command'"] },
  { name: "verify recipe unknown field", toml: '[verify.lint]\ncommand = "ruff"\ncmd = "ruff"\n', expect: [".dgov/project.toml:3: [verify.lint].cmd: unknown key 'cmd'"] },
  { name: "verify log_name is a path", toml: '[verify.lint]\ncommand = "ruff"\nlog_name = "../x.log"\n', expect: [".dgov/project.toml:3: [verify.lint].log_name: log file name '../x.log' must be a file name, not a path"] },
  { name: "agent alias not a string", toml: "[agents]\nfast = 1\n", expect: [".dgov/project.toml:2: [agents].fast: expected a model id, or a table with command = [\"program\", \"arg\", …], got 1"] },
  { name: "command agent without a program", toml: "[agents.claude]\ncommand = []\n", expect: ['.dgov/project.toml:2: [agents].claude.command: expected a program and its arguments, e.g. ["claude", "-p"]'] },
  { name: "bad gate level", toml: '[gates.lint]\nlevel = "error"\n', expect: ['.dgov/project.toml:2: [gates.lint].level: expected "block", "warn" or "off", got "error"'] },
  { name: "conventions nested table", toml: "[conventions.style]\na = 1\n", expect: [".dgov/project.toml:1: [conventions].style: expected a string, number, boolean or array"] },
  { name: "departments not a list", toml: '[departments]\nkernel = "src/kernel.py"\n', expect: ['.dgov/project.toml:2: [departments].kernel: expected an array of strings, got "src/kernel.py"'] },
  { name: "several problems at once", toml: '[project]\nline_length = "x"\n\n[scope]\ndeny_files = 3\n', expect: ["2 problems", ".dgov/project.toml:2: [project].line_length", ".dgov/project.toml:5: [scope].deny_files"] },
  { name: "missing plugin file", toml: '[plugins]\nload = ["./tools/nope.ts"]\n', expect: [".dgov/project.toml:2: [plugins].load[0]: plugin file './tools/nope.ts' not found"] },
  { name: "unknown plugin package", toml: '[plugins]\nload = ["dgov-plugin-nope"]\n', expect: [".dgov/project.toml:2: [plugins].load[0]: cannot find package 'dgov-plugin-nope'"] },
  { name: "plugin throws on import", files: { ".dgov/plugins/boom.ts": 'throw new Error("kaboom");\n' }, expect: [".dgov/plugins/boom.ts: failed to load: kaboom"] },
  { name: "plugin without default export", files: { ".dgov/plugins/none.ts": "export const x = 1;\n" }, expect: [".dgov/plugins/none.ts: has no default export"] },
  { name: "plugin with a bad shape", files: { ".dgov/plugins/bad.ts": plugin('export default definePlugin({ name: "bad", api: 1, gates: [{ name: "Nope", description: "d", phase: "nowhere", check: 1 }] });') }, expect: [".dgov/plugins/bad.ts: plugin 'bad': gates[0].name: expected a kebab-case name", ".dgov/plugins/bad.ts: plugin 'bad': gates[0].phase: expected a gate phase", ".dgov/plugins/bad.ts: plugin 'bad': gates[0].check: expected a function"] },
  { name: "plugin with a misspelled key", files: { ".dgov/plugins/typo.ts": plugin('export default definePlugin({ name: "typo", api: 1, gate: [] });') }, expect: [".dgov/plugins/typo.ts: plugin 'typo': gate: unknown key 'gate'; did you mean 'gates'?"] },
  { name: "plugin for another API version", files: { ".dgov/plugins/future.ts": plugin('export default { name: "future", api: 2 };') }, expect: [".dgov/plugins/future.ts: plugin 'future' targets plugin API 2; this dgov supports api: 1"] },
  { name: "duplicate plugin name", files: { ".dgov/plugins/a.ts": plugin('export default definePlugin({ name: "acme", api: 1 });'), ".dgov/plugins/b.ts": plugin('export default definePlugin({ name: "acme", api: 1 });') }, expect: ["duplicate plugin name 'acme': .dgov/plugins/a.ts and .dgov/plugins/b.ts"] },
  { name: "plugin named like a built-in", files: { ".dgov/plugins/py.ts": plugin('export default definePlugin({ name: "python", api: 1 });') }, expect: ["duplicate plugin name 'python': built-in plugin and .dgov/plugins/py.ts"] },
  { name: "duplicate gate name", files: { ".dgov/plugins/a.ts": plugin(`export default definePlugin({ name: "a", api: 1, gates: [defineGate(${gate("no-todo")})] });`), ".dgov/plugins/b.ts": plugin(`export default definePlugin({ name: "b", api: 1, gates: [defineGate(${gate("no-todo")})] });`) }, expect: ["duplicate gate 'no-todo': defined by plugin 'a' (.dgov/plugins/a.ts) and plugin 'b' (.dgov/plugins/b.ts)"] },
  { name: "plugin factory throws", files: { ".dgov/plugins/f.ts": 'export default () => { throw new Error("no options"); };\n' }, expect: [".dgov/plugins/f.ts: plugin factory threw: no options"] },
  { name: "disable an unknown plugin", toml: '[plugins]\ndisable = ["pyhton"]\n', expect: [".dgov/project.toml:2: [plugins].disable: no plugin named 'pyhton'; did you mean 'python'?"] },
  { name: "options for an unknown gate", toml: "[gates.no-tdo]\nmax = 1\n", files: { ".dgov/plugins/a.ts": plugin(`export default definePlugin({ name: "a", api: 1, gates: [defineGate(${gate("no-todo")})] });`) }, expect: [".dgov/project.toml:1: [gates.no-tdo]: no gate named 'no-tdo'; did you mean 'no-todo'?"] },
  { name: "option for a gate that takes none", toml: "[gates.no-todo]\nmax = 1\n", files: { ".dgov/plugins/a.ts": plugin(`export default definePlugin({ name: "a", api: 1, gates: [defineGate(${gate("no-todo")})] });`) }, expect: [".dgov/project.toml:2: [gates.no-todo].max: unknown key 'max'"] },
];

describe("malformed configuration exits 2 with a precise error", () => {
  const repos: FixtureRepo[] = [];
  afterAll(() => repos.forEach((r) => r.remove()));

  test("there are at least 20 cases", () => expect(CASES.length).toBeGreaterThanOrEqual(20));

  for (const c of CASES) {
    test(c.name, () => {
      const files: Record<string, string> = { ...c.files };
      if (c.toml !== undefined) files[".dgov/project.toml"] = c.toml;
      const repo = makeRepo(files);
      repos.push(repo);
      const before = readdirSync(join(repo.dir, ".dgov")).sort();
      const run = dgov(["config"], { cwd: repo.dir });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      for (const expected of c.expect) {
        if (typeof expected === "string") expect(run.stderr).toContain(expected);
        else expect(run.stderr).toMatch(expected);
      }
      expect(readdirSync(join(repo.dir, ".dgov")).sort()).toEqual(before);
    });
  }

  test("--json puts the same error on stdout for scripts", () => {
    const repo = makeRepo({ ".dgov/project.toml": "[project]\nmax_parallel = 0\n" });
    repos.push(repo);
    const run = dgov(["config", "--json"], { cwd: repo.dir });
    expect(run.code).toBe(2);
    const out = run.json<{ status: string; error: { code: string; details: string[] } }>();
    expect(out.status).toBe("error");
    expect(out.error.code).toBe("E_CONFIG");
    expect(out.error.details).toEqual([".dgov/project.toml:2: [project].max_parallel: expected an integer >= 1, got 0"]);
  });
});
