import type { RepoProbe, ToolchainCommands, ToolchainDetection } from "dgov/plugin";
import { importRoot, mypyTargets } from "./layout.ts";
import { type PythonPackages, pythonPackages, REQUIREMENTS, table } from "./packages.ts";

/*
 * Python detection: uv (uv.lock, [tool.uv] or CI running uv) or a plain interpreter; ruff;
 * pytest, else unittest when there are tests; mypy, pyright or ty. A tool counts when it is
 * a declared dependency, has its own config, or CI runs it. Commands are run through the
 * project's environment (`uv run` or `python3 -m`), which never downloads a tool.
 */

type Table = Record<string, unknown>;

/** mypy's `--output json` (one JSON object per line) arrived in 1.11. */
const MYPY_JSON_SINCE = "1.11";
const TEST_FILE = /(?:^|\/)(?:test_[^/]*|[^/]*_test)\.py$/;

interface Facts {
  probe: RepoProbe;
  tool: Table;
  packages: PythonPackages;
  ci: readonly string[];
}

/** A CI command running the tool: `mypy src`, `uv run pyright`, `python -m pytest -x` (not `pip install mypy`). */
function ciRuns(ci: readonly string[], command: string): string | undefined {
  const pattern = new RegExp(`^(?:python3? -m |uv run |poetry run )?${command}(?=\\s|$)`);
  return ci.flatMap((line) => line.split(/&&|\|\||[;|]/).map((s) => s.trim())).find((cmd) => pattern.test(cmd));
}

function uses(f: Facts, name: string, configs: string[], toolKey = name, command = name): boolean {
  return f.packages.has(name) || configs.some((c) => f.probe.exists(c)) || toolKey in f.tool || ciRuns(f.ci, command) !== undefined;
}

function lintAndFormat(f: Facts, run: string): ToolchainCommands {
  if (!uses(f, "ruff", ["ruff.toml", ".ruff.toml"])) return {};
  return {
    lint_cmd: `${run}ruff check --no-fix --output-format json {file}`,
    lint_fix_cmd: `${run}ruff check --fix {file}`,
    format_cmd: `${run}ruff format {file}`,
    format_check_cmd: `${run}ruff format --check {file}`,
  };
}

/** mypy's targets: none when its config names the files, else what CI checks, else the code. */
function mypyArgs(f: Facts, root: string): string {
  const ini = `${f.probe.readText("mypy.ini") ?? ""}\n${f.probe.readText("setup.cfg") ?? ""}`;
  if ("files" in table(f.tool.mypy) || /^\s*files\s*=/m.test(ini)) return "";
  const line = ciRuns(f.ci, "mypy");
  const fromCi = line?.slice(line.indexOf("mypy") + 4).trim().split(/\s+/).filter((a) => a && !a.startsWith("-"));
  return ` ${(fromCi?.length ? fromCi : mypyTargets(f.probe, root)).join(" ")}`;
}

/** The type checker CI runs, else the first declared of mypy, pyright, ty. */
function typeCheck(f: Facts, run: string, root: string): { cmd: string; tool: string } | null {
  const mypyForm = f.packages.before("mypy", MYPY_JSON_SINCE) ? "mypy" : "mypy --output json";
  const checkers = [
    { tool: "mypy", ok: uses(f, "mypy", ["mypy.ini", ".mypy.ini"]), cmd: () => `${run}${mypyForm}${mypyArgs(f, root)}` },
    { tool: "pyright", ok: uses(f, "pyright", ["pyrightconfig.json"]), cmd: () => `${run}pyright --outputjson` },
    { tool: "ty", ok: uses(f, "ty", ["ty.toml"], "ty", "ty check"), cmd: () => `${run}ty check --output-format concise` },
  ].filter((c) => c.ok);
  const chosen = checkers.find((c) => ciRuns(f.ci, c.tool)) ?? checkers[0];
  return chosen ? { cmd: chosen.cmd(), tool: chosen.tool } : null;
}

function tests(f: Facts, run: string, python: string, root: string): { commands: ToolchainCommands; tools: string[] } {
  if (uses(f, "pytest", ["pytest.ini", "conftest.py", "tests/conftest.py"])) {
    const tools = ["pytest"];
    const commands: ToolchainCommands = { test_cmd: `${run}pytest {test_dir} -q --tb=short` };
    if (f.packages.has("pytest-cov")) {
      commands.coverage_cmd = `${run}pytest --cov=${root === "." ? "." : root.replace(/\/$/, "")} --cov-report=json:{output} -q`;
      tools.push("pytest-cov");
    } else if (f.packages.has("coverage")) {
      // The data file beside the report, not `.coverage` in the tree being judged.
      commands.coverage_cmd = `${run}coverage run --data-file={output}.data -m pytest -q && ${run}coverage json --data-file={output}.data -o {output}`;
      tools.push("coverage");
    }
    return { commands, tools };
  }
  // The standard library's runner needs no install; it takes test files (a folder runs none).
  const hasTests = f.probe.files.some((p) => TEST_FILE.test(p)) || ciRuns(f.ci, "unittest") !== undefined;
  return hasTests ? { commands: { test_cmd: `${python}unittest {test_dir}` }, tools: ["unittest"] } : { commands: {}, tools: [] };
}

/** Detects uv, ruff, pytest (or unittest) and a type checker in a Python repo. */
export function detectPython(probe: RepoProbe): ToolchainDetection | null {
  const sourceFiles = probe.filesByExtension.get(".py") ?? 0;
  const pyproject = probe.readToml("pyproject.toml") ?? {};
  const markers = ["pyproject.toml", "setup.py", "setup.cfg", ...REQUIREMENTS].some((f) => probe.exists(f));
  if (sourceFiles === 0 && !markers) return null;
  const f: Facts = { probe, tool: table(pyproject.tool), packages: pythonPackages(probe, pyproject), ci: probe.ciCommands };
  const uv = probe.exists("uv.lock") || "uv" in f.tool || f.ci.some((line) => /^uv\s/.test(line));
  // `python3`, not `python`: Debian, Ubuntu and macOS have no `python` unless a venv or pyenv adds one.
  const run = uv ? "uv run " : "python3 -m ";
  const root = importRoot(probe);
  const found = tests(f, run, uv ? "uv run python -m " : "python3 -m ", root);
  const types = typeCheck(f, run, root);
  const commands: ToolchainCommands = { ...lintAndFormat(f, run), ...found.commands };
  if (types) commands.type_check_cmd = types.cmd;
  if (uv) commands.setup_cmd = probe.exists("uv.lock") ? "uv sync --frozen" : "uv sync";
  return {
    language: "python",
    sourceFiles,
    sourceExtensions: [".py"],
    tools: [uv ? "uv" : "python", ...(commands.lint_cmd ? ["ruff"] : []), ...found.tools, ...(types ? [types.tool] : [])],
    commands,
    srcDir: root,
    toolPolicy: { require_wrapped_verify_tools: true, require_uv_run: uv },
    ignoreFiles: ["uv.lock", ...[".venv", "poetry.lock", "Pipfile.lock", ".python-version"].filter((p) => probe.exists(p))],
  };
}
