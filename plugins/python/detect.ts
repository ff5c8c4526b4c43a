import type { RepoProbe, ToolchainCommands, ToolchainDetection } from "dgov/plugin";

/*
 * Python detection: uv (uv.lock or [tool.uv]) or a plain interpreter; ruff; pytest (and
 * pytest-cov for coverage); mypy, pyright or ty. A tool counts as present when it is a
 * declared dependency (pyproject, requirements files) or has its own config.
 */

type Table = Record<string, unknown>;

const REQUIREMENTS = ["requirements.txt", "requirements-dev.txt", "dev-requirements.txt", "requirements/dev.txt"];

function table(value: unknown): Table {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Table) : {};
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((x): x is string => typeof x === "string") : [];
}

/** `ruff>=0.4; python_version>"3.9"` → `ruff`; PEP 503 normalized. */
function packageName(spec: string): string {
  return (spec.trim().split(/[\s<>=!~;[(@]/)[0] ?? "").toLowerCase().replace(/[-_.]+/g, "-");
}

function declaredPackages(probe: RepoProbe, pyproject: Table): Set<string> {
  const project = table(pyproject.project);
  const specs = [
    ...strings(project.dependencies),
    ...Object.values(table(project["optional-dependencies"])).flatMap(strings),
    ...Object.values(table(pyproject["dependency-groups"])).flatMap(strings),
  ];
  const poetry = table(table(pyproject.tool).poetry);
  const poetryNames = [
    ...Object.keys(table(poetry.dependencies)),
    ...Object.keys(table(poetry["dev-dependencies"])),
    ...Object.values(table(poetry.group)).flatMap((g) => Object.keys(table(table(g).dependencies))),
  ];
  const fromFiles = REQUIREMENTS.flatMap((f) =>
    (probe.readText(f) ?? "").split("\n").filter((l) => l.trim() && !l.trim().startsWith("#") && !l.trim().startsWith("-")),
  );
  return new Set([...specs, ...poetryNames, ...fromFiles].map(packageName));
}

/** Detects uv, ruff, pytest and a type checker in a Python repo. */
export function detectPython(probe: RepoProbe): ToolchainDetection | null {
  const sourceFiles = probe.filesByExtension.get(".py") ?? 0;
  const pyproject = probe.readToml("pyproject.toml") ?? {};
  const markers = ["pyproject.toml", "setup.py", "setup.cfg", ...REQUIREMENTS].some((f) => probe.exists(f));
  if (sourceFiles === 0 && !markers) return null;
  const tool = table(pyproject.tool);
  const packages = declaredPackages(probe, pyproject);
  const has = (name: string, configs: string[] = [], toolKey?: string) =>
    packages.has(name) || configs.some((f) => probe.exists(f)) || (toolKey !== undefined && toolKey in tool);
  const uv = probe.exists("uv.lock") || "uv" in tool;
  const run = uv ? "uv run " : "python -m ";
  const tools: string[] = [uv ? "uv" : "python"];
  const commands: ToolchainCommands = {};
  const srcDir = probe.exists("src") ? "src" : ".";

  if (has("ruff", ["ruff.toml", ".ruff.toml"], "ruff")) {
    commands.lint_cmd = `${run}ruff check {file}`;
    commands.lint_fix_cmd = `${run}ruff check --fix {file}`;
    commands.format_cmd = `${run}ruff format {file}`;
    commands.format_check_cmd = `${run}ruff format --check {file}`;
    tools.push("ruff");
  }
  if (has("pytest", ["pytest.ini", "conftest.py", "tests/conftest.py"], "pytest")) {
    commands.test_cmd = `${run}pytest {test_dir} -q --tb=short`;
    tools.push("pytest");
    if (packages.has("pytest-cov")) {
      commands.coverage_cmd = `${run}pytest --cov=${srcDir} --cov-report=json:{output} -q`;
      tools.push("pytest-cov");
    }
  }
  if (has("mypy", ["mypy.ini", ".mypy.ini"], "mypy")) {
    commands.type_check_cmd = `${run}mypy ${srcDir}`;
    tools.push("mypy");
  } else if (has("pyright", ["pyrightconfig.json"], "pyright")) {
    commands.type_check_cmd = uv ? "uv run pyright" : "pyright";
    tools.push("pyright");
  } else if (has("ty", ["ty.toml"], "ty")) {
    commands.type_check_cmd = uv ? "uv run ty check" : "ty check";
    tools.push("ty");
  }
  if (uv && probe.exists("uv.lock")) commands.setup_cmd = "uv sync --frozen";

  return {
    language: "python",
    sourceFiles,
    sourceExtensions: [".py"],
    tools,
    commands,
    toolPolicy: { require_wrapped_verify_tools: true, require_uv_run: uv },
    ignoreFiles: [
      "uv.lock",
      ...[".venv", "poetry.lock", "Pipfile.lock", ".python-version"].filter((f) => probe.exists(f)),
    ],
  };
}
