/** The Python detector on repositories laid out as real ones: exact commands, key by key. */
import { describe, expect, test } from "bun:test";
import { detectPython } from "../../../plugins/python/detect.ts";
import { probeOf } from "./probe.ts";

const SRC_LAYOUT = { "src/shop/__init__.py": "from .cart import Cart\n", "src/shop/cart.py": "class Cart: ...\n", "tests/test_cart.py": "from shop import Cart\n" };
const FLAT_LAYOUT = { "click/__init__.py": "", "click/core.py": "", "click/types.py": "", "tests/test_core.py": "" };
const ruff = (run: string) => ({
  lint_cmd: `${run}ruff check --no-fix --output-format json {file}`,
  lint_fix_cmd: `${run}ruff check --fix {file}`,
  format_cmd: `${run}ruff format {file}`,
  format_check_cmd: `${run}ruff format --check {file}`,
});

interface Row {
  what: string;
  files: Record<string, string>;
  commands: Record<string, string>;
  tools?: string[];
  srcDir?: string;
}

const rows: Row[] = [
  {
    what: "pytest with coverage.py declared (no pytest-cov): coverage run, then its JSON report at {output}",
    files: { ...SRC_LAYOUT, "requirements-dev.txt": "pytest\ncoverage[toml]>=7\n" },
    commands: {
      test_cmd: "python3 -m pytest {test_dir} -q --tb=short",
      coverage_cmd: "python3 -m coverage run --data-file={output}.data -m pytest -q && python3 -m coverage json --data-file={output}.data -o {output}",
    },
    tools: ["python", "pytest", "coverage"],
  },
  {
    what: "pip: ruff + pytest + mypy from requirements-dev.txt, a flat layout (import root .)",
    files: { ...FLAT_LAYOUT, "requirements-dev.txt": "# dev tools\npytest==8.2\nruff>=0.5\nmypy>=1.11\n", "pyproject.toml": '[project]\nname = "click"\n' },
    commands: { ...ruff("python3 -m "), test_cmd: "python3 -m pytest {test_dir} -q --tb=short", type_check_cmd: "python3 -m mypy --output json click" },
    tools: ["python", "ruff", "pytest", "mypy"],
    srcDir: ".",
  },
  {
    what: "uv + pyright from dependency groups, a src layout",
    files: { ...SRC_LAYOUT, "pyproject.toml": '[project]\nname = "shop"\n\n[dependency-groups]\ndev = ["pytest>=8", "pytest-cov", "ruff==0.6.0", "pyright"]\n', "uv.lock": "version = 1\n" },
    commands: {
      ...ruff("uv run "),
      test_cmd: "uv run pytest {test_dir} -q --tb=short",
      coverage_cmd: "uv run pytest --cov=src --cov-report=json:{output} -q",
      type_check_cmd: "uv run pyright --outputjson",
      setup_cmd: "uv sync --frozen",
    },
    tools: ["uv", "ruff", "pytest", "pytest-cov", "pyright"],
    srcDir: "src/",
  },
  {
    what: "mypy older than 1.11 (locked) has no JSON output; its config names the files",
    files: { ...SRC_LAYOUT, "pyproject.toml": '[project]\nname = "shop"\n\n[tool.mypy]\nfiles = ["src"]\n\n[tool.uv]\ndev-dependencies = ["mypy"]\n', "uv.lock": '[[package]]\nname = "mypy"\nversion = "1.10.1"\n' },
    commands: { type_check_cmd: "uv run mypy", test_cmd: "uv run python -m unittest {test_dir}", setup_cmd: "uv sync --frozen" },
  },
  {
    what: "mypy capped below 1.11 in requirements; CI names its targets",
    files: { ...SRC_LAYOUT, "requirements.txt": "mypy<1.11\n", ".github/workflows/ci.yml": "jobs:\n  t:\n    steps:\n      - run: pip install -r requirements.txt mypy\n      - run: mypy --strict src/shop tests\n" },
    commands: { type_check_cmd: "python3 -m mypy src/shop tests", test_cmd: "python3 -m unittest {test_dir}" },
  },
  {
    what: "CI decides between two declared type checkers; ty's concise output",
    files: { ...SRC_LAYOUT, "pyproject.toml": '[project]\nname = "shop"\n\n[dependency-groups]\ndev = ["mypy", "ty"]\n', ".github/workflows/ci.yml": "jobs:\n  t:\n    steps:\n      - uses: astral-sh/setup-uv@v6\n      - run: uv run ty check\n" },
    commands: { type_check_cmd: "uv run ty check --output-format concise", test_cmd: "uv run python -m unittest {test_dir}", setup_cmd: "uv sync" },
  },
  {
    what: "python sources without any declared tool or test: nothing configured",
    files: { "main.py": "print(1)\n" },
    commands: {},
  },
];

describe("Python detection", () => {
  for (const row of rows) {
    test(row.what, async () => {
      const found = detectPython(await probeOf(row.files))!;
      expect(found.commands).toEqual(row.commands);
      if (row.tools) expect(found.tools).toEqual(row.tools);
      if (row.srcDir) expect(found.srcDir).toBe(row.srcDir);
    });
  }

  test("the import root is where most packaged code is, never a package folder itself", async () => {
    const found = detectPython(await probeOf({ "lib/app/__init__.py": "", "lib/app/a.py": "", "lib/app/b.py": "", "tools/gen/__init__.py": "", "setup.py": "" }))!;
    expect(found.srcDir).toBe("lib/");
  });
});
