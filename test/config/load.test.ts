import { afterEach, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig, validateConfig } from "../../src/config/load.ts";
import { DgovError } from "../../src/errors.ts";
import { parseToml } from "../../src/toml/read.ts";
import { type FixtureRepo, makeRepo } from "../fakes/repo.ts";

const fixture = (name: string) => readFileSync(join(import.meta.dir, "..", "fixtures", "configs", name), "utf8");
const load = (text: string) => validateConfig(parseToml(text, ".dgov/project.toml"));
function problemsOf(text: string): string[] {
  try {
    load(text);
  } catch (error) {
    if (error instanceof DgovError) return error.details;
    throw error;
  }
  throw new Error("expected the config to be rejected");
}

describe("project.toml", () => {
  let repo: FixtureRepo | undefined;
  afterEach(() => repo?.remove());

  test("a missing file means dgov-py's defaults", async () => {
    repo = makeRepo();
    const { config, doc } = await loadConfig(repo.dir);
    expect(doc).toBeNull();
    expect(config.project.language).toBe("python");
    expect(config.project.test_cmd).toBe("python -m pytest {test_dir} -q --tb=short");
    expect(config.project.worker_iteration_budget).toBe(50);
    expect(config.project.bootstrap_timeout).toBe(300);
    expect(config.project.max_parallel).toBe(4);
    expect(config.project.type_check_cmd).toBeNull();
    expect(config.project.provider).toBeNull();
    expect(config.scope.ignore_files).toEqual([".venv", "uv.lock", "__pycache__", "*.pyc"]);
  });

  test("the Python commands are the defaults of Python only: another language's unset commands are not configured", () => {
    const ts = load('[project]\nlanguage = "typescript"\nlint_cmd = "bunx biome lint {file}"\n').project;
    expect(ts).toMatchObject({ lint_cmd: "bunx biome lint {file}", test_cmd: "", format_cmd: "", lint_fix_cmd: "", format_check_cmd: "", source_extensions: [] });
    const py = load('[project]\nlanguage = "python"\n').project;
    expect(py).toMatchObject({ lint_cmd: "python -m ruff check {file}", source_extensions: [".py"] });
  });

  test("a comments-only file also means defaults", () => {
    expect(load("# nothing here\n").project.src_dir).toBe("src/");
  });

  test("[architecture]: absent means cycles only; the template's commented block, uncommented, resolves", async () => {
    expect(load("").architecture).toEqual({ rules: [], max_function_lines: null, max_complexity: null, exclude: [] });
    expect(load("").sentrux.configured).toBe(false);
    expect(load("[sentrux]\n").sentrux.configured).toBe(true);
    const { renderProjectToml } = await import("../../src/config/template.ts");
    const text = renderProjectToml({ language: "typescript", confidence: "high", reason: "x", srcDir: "src/", testDir: "test/", result: null } as never);
    const block = text.split("\n").filter((l) => /^# (\[architecture\]|rules =|max_function_lines =|max_complexity =|exclude =)/.test(l)).map((l) => l.slice(2).replace(/\s+#.*$/, ""));
    expect(load(block.join("\n")).architecture).toEqual({ rules: [{ from: "src/kernel/**", deny: ["src/runner/**"] }], max_function_lines: 80, max_complexity: 15, exclude: ["generated/"] });
  });

  test("dgov-py's own project.toml loads unchanged", () => {
    const config = load(fixture("dgov-py.toml"));
    expect(config.project.test_cmd).toBe("uv run pytest -q -m unit {test_dir} --tb=short");
    expect(config.project.provider).toBe("fireworks");
    expect(config.project.default_agent).toBe("accounts/fireworks/routers/kimi-k2p6-turbo");
    expect(config.project.setup_cmd).toBeNull();
    expect(config.providers.local!.default_agent).toBe("");
    expect(config.sentrux.mode).toBe("diff");
    expect(config.conventions).toEqual({ style: "Prefer functional over OOP", max_function_lines: "40" });
    expect(config.scope.ignore_files).toEqual([".venv", "uv.lock", "__pycache__", "*.pyc", ".python-version"]);
    expect(config.verify.unit).toEqual({ command: "uv run pytest -q -m unit", description: "", log_name: "", parser: "" });
    expect(config.departments.kernel).toEqual(["src/dgov/kernel*.py"]);
  });

  test("a single provider is selected implicitly, two are not", () => {
    const one = load('[providers.a]\nbase_url = "http://x/v1"\napi_key_env = "A_KEY"\ndefault_agent = "m"\n');
    expect(one.project.provider).toBe("a");
    expect(one.project.default_agent).toBe("m");
    const two = load('[providers.a]\nbase_url = "http://x/v1"\napi_key_env = "A"\n[providers.b]\nbase_url = "http://y/v1"\napi_key_env = "B"\n');
    expect(two.project.provider).toBeNull();
  });

  test("[gates.<name>] keeps level apart from the gate's options", () => {
    const config = load('[gates.lint]\nlevel = "warn"\nstrict = true\n[gates.tests]\n');
    expect(config.gates.lint).toEqual({ level: "warn", options: { strict: true } });
    expect(config.gates.tests).toEqual({ level: "block", options: {} });
  });

  test("[plugins] load accepts paths, packages and tables with options", () => {
    const config = load('[plugins]\nload = ["./p.ts", "dgov-plugin-x", { from = "./q.ts", options = { n = 1 } }]\ndisable = ["go"]\n');
    expect(config.plugins.load).toEqual([
      { from: "./p.ts", options: {} },
      { from: "dgov-plugin-x", options: {} },
      { from: "./q.ts", options: { n: 1 } },
    ]);
    expect(config.plugins.disable).toEqual(["go"]);
  });

  test("every problem is reported at once, each with line and key path", () => {
    const problems = problemsOf(`[project]
bootstrap_timeout = "x"
line_length = 1.5
lint_cmnd = "ruff"

[scope]
ignore_files = "uv.lock"
`);
    expect(problems).toEqual([
      '.dgov/project.toml:2: [project].bootstrap_timeout: expected an integer, got "x"',
      ".dgov/project.toml:3: [project].line_length: expected an integer, got 1.5",
      ".dgov/project.toml:4: [project].lint_cmnd: unknown key 'lint_cmnd'; did you mean 'lint_cmd'?",
      '.dgov/project.toml:7: [scope].ignore_files: expected an array of strings, got "uv.lock"',
    ]);
  });
});
