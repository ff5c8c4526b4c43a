/**
 * `dist/dgov init` on fixture repositories of each language. The fixtures only declare their
 * tools (package.json, lockfiles, pyproject, config files); nothing needs to be installed.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { dgov } from "../fakes/dgov.ts";
import { type FixtureRepo, makeRepo } from "../fakes/repo.ts";

interface InitJson {
  status: string;
  language: string;
  confidence: string;
  tools: string[];
  commands: Record<string, string>;
  src_dir: string;
  test_dir: string;
  notes: string[];
  files: { path: string; action: string }[];
}

let repo: FixtureRepo;
afterEach(() => repo?.remove());

function init(files: Record<string, string>, args: string[] = []): InitJson {
  repo = makeRepo(files);
  const run = dgov(["init", "--json", ...args], { cwd: repo.dir });
  expect(run.stderr).not.toContain("error");
  expect(run.code).toBe(0);
  return run.json<InitJson>();
}

/** The commands dgov will actually use, read back through `dgov config`. */
function resolvedProject(): Record<string, unknown> {
  const run = dgov(["config", "--json"], { cwd: repo.dir });
  expect(run.code).toBe(0);
  return run.json<{ config: { project: Record<string, unknown> } }>().config.project;
}

const pkg = (data: object) => JSON.stringify(data);

describe("dgov init: TypeScript / JavaScript", () => {
  test("bun + biome + typescript", () => {
    const out = init({
      "package.json": pkg({ devDependencies: { typescript: "^5", "@biomejs/biome": "^1" } }),
      "bun.lock": "{}",
      "src/a.ts": "export const a = 1;\n",
      "test/a.test.ts": "",
    });
    expect(out.language).toBe("typescript");
    expect(out.tools).toEqual(["bun", "tsc", "biome", "bun test"]);
    expect(out.commands).toEqual({
      type_check_cmd: "bun x --no-install tsc --noEmit",
      lint_cmd: "bun x --no-install biome lint {file}",
      lint_fix_cmd: "bun x --no-install biome lint --write {file}",
      format_cmd: "bun x --no-install biome format --write {file}",
      format_check_cmd: "bun x --no-install biome format {file}",
      test_cmd: "bun test {test_dir}",
      setup_cmd: "bun install --frozen-lockfile",
    });
    expect(out.test_dir).toBe("test/");
    const project = resolvedProject();
    expect(project.test_cmd).toBe("bun test {test_dir}");
    expect(project.source_extensions).toContain(".tsx");
  });

  test("npm + eslint + prettier + jest", () => {
    const out = init({
      "package.json": pkg({ devDependencies: { typescript: "5", eslint: "9", prettier: "3", jest: "29" } }),
      "package-lock.json": "{}",
      "tsconfig.json": "{}",
      "src/index.ts": "",
    });
    expect(out.commands).toEqual({
      type_check_cmd: "npx --no tsc --noEmit",
      lint_cmd: "npx --no eslint {file}",
      lint_fix_cmd: "npx --no eslint --fix {file}",
      format_cmd: "npx --no prettier --write {file}",
      format_check_cmd: "npx --no prettier --check {file}",
      test_cmd: "npx --no jest {test_dir}",
      setup_cmd: "npm ci",
    });
  });

  test("pnpm + oxlint + vitest in plain JavaScript", () => {
    const out = init({
      "package.json": pkg({ devDependencies: { oxlint: "1", vitest: "3" } }),
      "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
      "lib/index.js": "",
      "lib/util.mjs": "",
    });
    expect(out.language).toBe("javascript");
    expect(out.src_dir).toBe("lib/");
    expect(out.commands).toEqual({
      lint_cmd: "pnpm exec oxlint {file}",
      lint_fix_cmd: "pnpm exec oxlint --fix {file}",
      test_cmd: "pnpm exec vitest run {test_dir}",
      setup_cmd: "pnpm install --frozen-lockfile",
    });
  });

  test("yarn berry: a tool found only in the lockfile, node --test", () => {
    const out = init({
      "package.json": pkg({ scripts: { test: "node --test" } }),
      "yarn.lock": '"eslint@npm:^9.0.0":\n  version: 9.1.0\n',
      ".yarnrc.yml": "nodeLinker: node-modules\n",
      "index.js": "",
    });
    expect(out.commands.lint_cmd).toBe("yarn eslint {file}");
    expect(out.commands.test_cmd).toBe("node --test {test_dir}");
    expect(out.commands.setup_cmd).toBe("yarn install --immutable");
  });

  test("tsconfig.json without typescript installed fills no type check", () => {
    const out = init({ "package.json": pkg({}), "tsconfig.json": "{}", "src/a.ts": "" });
    expect(out.language).toBe("typescript");
    expect(out.commands.type_check_cmd).toBeUndefined();
    expect(readFileSync(join(repo.dir, ".dgov/project.toml"), "utf8")).toContain('lint_cmd = ""  # not detected');
    expect(resolvedProject().lint_cmd).toBe("");
  });
});

describe("dgov init: Python", () => {
  test("uv + ruff + pytest + mypy from pyproject dependency groups", () => {
    const out = init({
      "pyproject.toml": '[project]\nname = "x"\ndependencies = ["httpx>=0.27"]\n\n[dependency-groups]\ndev = ["pytest>=8", "pytest-cov", "ruff==0.6.0", "mypy"]\n',
      "uv.lock": "version = 1\n",
      "src/x/__init__.py": "",
      "tests/test_x.py": "",
    });
    expect(out.language).toBe("python");
    expect(out.commands).toEqual({
      lint_cmd: "uv run ruff check {file}",
      lint_fix_cmd: "uv run ruff check --fix {file}",
      format_cmd: "uv run ruff format {file}",
      format_check_cmd: "uv run ruff format --check {file}",
      test_cmd: "uv run pytest {test_dir} -q --tb=short",
      coverage_cmd: "uv run pytest --cov=src --cov-report=json:{output} -q",
      type_check_cmd: "uv run mypy src",
      setup_cmd: "uv sync --frozen",
    });
    const toml = readFileSync(join(repo.dir, ".dgov/project.toml"), "utf8");
    expect(toml).toContain("require_uv_run = true");
    expect(toml).toContain('deny_shell_commands = ["pip", "python -m pip", "pip3", "python -m venv", "uv venv"]');
  });

  test("plain python with requirements-dev.txt and pyright", () => {
    const out = init({
      "requirements-dev.txt": "# dev tools\npytest==8.2\nruff>=0.5\n",
      "pyrightconfig.json": "{}",
      "app.py": "",
    });
    expect(out.commands.test_cmd).toBe("python -m pytest {test_dir} -q --tb=short");
    expect(out.commands.lint_cmd).toBe("python -m ruff check {file}");
    expect(out.commands.type_check_cmd).toBe("pyright");
    expect(out.commands.setup_cmd).toBeUndefined();
  });

  test("python sources without any declared tool leave every command empty", () => {
    const out = init({ "main.py": "print(1)\n" });
    expect(out.language).toBe("python");
    expect(out.commands).toEqual({});
    const project = resolvedProject();
    expect(project.test_cmd).toBe("");
    expect(project.lint_cmd).toBe("");
  });
});

describe("dgov init: Go and Rust", () => {
  test("go module without golangci-lint", () => {
    const out = init({ "go.mod": "module x\n", "go.sum": "", "main.go": "package main\n" });
    expect(out.language).toBe("go");
    expect(out.commands).toEqual({
      test_cmd: "go test ./...",
      lint_cmd: "go vet ./...",
      format_cmd: "gofmt -w {file}",
      format_check_cmd: 'test -z "$(gofmt -l {file})"',
      type_check_cmd: "go build ./...",
    });
  });

  test("go module with golangci-lint configured", () => {
    const out = init({ "go.mod": "module x\n", ".golangci.yml": "", "main.go": "" });
    expect(out.commands.lint_cmd).toBe("golangci-lint run ./...");
    expect(out.commands.lint_fix_cmd).toBe("golangci-lint run --fix ./...");
  });

  test("cargo project", () => {
    const out = init({ "Cargo.toml": '[package]\nname = "x"\n', "src/main.rs": "fn main() {}\n" });
    expect(out.language).toBe("rust");
    expect(out.commands.lint_cmd).toBe("cargo clippy --all-targets -- -D warnings");
    expect(out.commands.format_check_cmd).toBe("cargo fmt --check");
    expect(out.commands.test_cmd).toBe("cargo test");
  });
});

describe("dgov init: choosing and writing", () => {
  test("a mixed repo picks the dominant language and says so", () => {
    const out = init({
      "a.py": "", "b.py": "", "c.py": "",
      "package.json": pkg({}),
      "web/app.ts": "",
    });
    expect(out.language).toBe("python");
    expect(out.notes).toEqual(["mixed repository (python 3, typescript 1 source files): using python, the dominant language"]);
  });

  test("an empty repo is 'unknown' with low confidence", () => {
    const out = init({});
    expect(out.language).toBe("unknown");
    expect(out.confidence).toBe("low");
    expect(resolvedProject().language).toBe("unknown");
  });

  test("--project-type overrides detection", () => {
    const out = init({ "a.py": "", "go.mod": "module x\n" }, ["--project-type", "go"]);
    expect(out.language).toBe("go");
    expect(out.confidence).toBe("explicit");
  });

  test("writes the policy pack and a runtime .gitignore", () => {
    const out = init({ "a.py": "" });
    expect(out.status).toBe("initialized");
    expect(out.files.map((f) => f.path)).toContain(".dgov/sops/testing.md");
    expect(out.files.every((f) => f.action === "created")).toBe(true);
    expect(readFileSync(join(repo.dir, ".dgov/.gitignore"), "utf8")).toContain("plans/*/_compiled.toml");
    expect(readFileSync(join(repo.dir, ".dgov/sops/testing.md"), "utf8")).toStartWith("---\nname: testing\n");
  });

  test("never overwrites without --force; --force does; .gitignore is extended, never replaced", () => {
    init({ "a.py": "" });
    const toml = join(repo.dir, ".dgov/project.toml");
    Bun.write(toml, "[project]\nlanguage = \"mine\"\n");
    Bun.write(join(repo.dir, ".dgov/.gitignore"), "my-own-line\n");
    const again = dgov(["init", "--json"], { cwd: repo.dir }).json<InitJson>();
    expect(again.files.find((f) => f.path === ".dgov/project.toml")!.action).toBe("skipped");
    expect(again.files.find((f) => f.path === ".dgov/.gitignore")!.action).toBe("updated");
    expect(readFileSync(toml, "utf8")).toContain('"mine"');
    expect(readFileSync(join(repo.dir, ".dgov/.gitignore"), "utf8")).toStartWith("my-own-line\nstate.db\n");
    const third = dgov(["init", "--json"], { cwd: repo.dir }).json<InitJson>();
    expect(third.status).toBe("unchanged");
    const forced = dgov(["init", "--json", "--force"], { cwd: repo.dir }).json<InitJson>();
    expect(forced.files.find((f) => f.path === ".dgov/project.toml")!.action).toBe("overwritten");
    expect(readFileSync(toml, "utf8")).toContain('language = "python"');
  });

  test("outside a git repository: says to run git init, exits 2, writes nothing", () => {
    repo = makeRepo({ "a.py": "" }, { git: false });
    const run = dgov(["init"], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("is not inside a git repository");
    expect(run.stderr).toContain("git init");
    expect(existsSync(join(repo.dir, ".dgov"))).toBe(false);
  });

  test("works before the first commit, from a subdirectory", () => {
    repo = makeRepo({ "pkg/mod.py": "" });
    const run = dgov(["init"], { cwd: join(repo.dir, "pkg") });
    expect(run.code).toBe(0);
    expect(existsSync(join(repo.dir, ".dgov/project.toml"))).toBe(true);
    expect(run.stdout).toContain("created     .dgov/project.toml");
  });
});
