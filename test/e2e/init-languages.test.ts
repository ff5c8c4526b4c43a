/**
 * `dist/dgov init` on Python, Go and Rust repositories laid out as real ones: every key init
 * writes, the SOP pack and the plan scaffold of the language.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { GO_COMMANDS, RUST_COMMANDS } from "../plugins/toolchains/expected.ts";
import { expectDetected, expectResolved, type Initialized, initRepo, packWith } from "./init-repo.ts";

let made: Initialized | null = null;
afterEach(() => {
  made?.repo.remove();
  made = null;
});
function init(files: Record<string, string>): Initialized {
  made = initRepo(files);
  return made;
}

const FLAT_PY = {
  "shop/__init__.py": "from shop.cart import Cart\n",
  "shop/cart.py": "class Cart:\n    def total(self) -> int:\n        return 0\n",
  "shop/types.py": "Money = int\n",
  "tests/test_cart.py": "from shop import Cart\n\n\ndef test_empty() -> None:\n    assert Cart().total() == 0\n",
};
const SRC_PY = Object.fromEntries(Object.entries(FLAT_PY).map(([path, text]) => [path.startsWith("shop/") ? `src/${path}` : path, text]));
const PY_CI = "jobs:\n  test:\n    steps:\n      - uses: actions/setup-python@v5\n      - run: pip install -r requirements-dev.txt\n      - run: ruff check . && mypy shop\n      - run: pytest\n";

describe("dgov init: Python", () => {
  test("pip: ruff + pytest + mypy from requirements-dev.txt; a flat layout's import root is '.'", () => {
    const { out, project, example } = init({
      ...FLAT_PY,
      "pyproject.toml": '[project]\nname = "shop"\nversion = "1.0"\n\n[tool.ruff]\nline-length = 99\n\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\n',
      "requirements-dev.txt": "-e .\npytest==8.3.2\nruff==0.6.9\nmypy==1.13.0\n",
      ".github/workflows/ci.yml": PY_CI,
    });
    const commands = {
      lint_cmd: "python3 -m ruff check --no-fix --output-format json {file}",
      lint_fix_cmd: "python3 -m ruff check --fix {file}",
      format_cmd: "python3 -m ruff format {file}",
      format_check_cmd: "python3 -m ruff format --check {file}",
      test_cmd: "python3 -m pytest {test_dir} -q --tb=short",
      type_check_cmd: "python3 -m mypy --output json shop",
    };
    expectDetected(made!, { language: "python", commands, srcDir: ".", testDir: "tests/", style: "python-style" });
    expect(out.tools).toEqual(["python", "ruff", "pytest", "mypy"]);
    expect(project().setup_cmd).toBeNull();
    expect(example()).toContain('files.edit = ["module.py"]');
    const toml = readFileSync(join(made!.repo.dir, ".dgov/project.toml"), "utf8");
    expect(toml).toContain("require_uv_run = false");
    expect(toml).toContain('deny_shell_commands = ["pip", "python -m pip", "pip3", "python -m venv", "uv venv"]');
  });

  test("uv + pyright, a src layout", () => {
    const { out, project } = init({
      ...SRC_PY,
      "pyproject.toml": '[project]\nname = "shop"\ndependencies = ["httpx>=0.27"]\n\n[dependency-groups]\ndev = ["pytest>=8", "pytest-cov", "ruff>=0.6", "pyright>=1.1.380"]\n\n[tool.pyright]\ntypeCheckingMode = "strict"\n',
      "uv.lock": 'version = 1\n\n[[package]]\nname = "pyright"\nversion = "1.1.390"\n',
    });
    const commands = {
      lint_cmd: "uv run ruff check --no-fix --output-format json {file}",
      lint_fix_cmd: "uv run ruff check --fix {file}",
      format_cmd: "uv run ruff format {file}",
      format_check_cmd: "uv run ruff format --check {file}",
      test_cmd: "uv run pytest {test_dir} -q --tb=short",
      coverage_cmd: "uv run pytest --cov=src --cov-report=json:{output} -q",
      type_check_cmd: "uv run pyright --outputjson",
      setup_cmd: "uv sync --frozen",
    };
    expect(out.commands).toEqual(commands);
    expect([out.src_dir, out.test_dir]).toEqual(["src/", "tests/"]);
    expectResolved(project(), commands);
    expect(readFileSync(join(made!.repo.dir, ".dgov/project.toml"), "utf8")).toContain("require_uv_run = true");
  });

  test("python sources without any declared tool or test leave every command empty", () => {
    const { out, project } = init({ "main.py": "print(1)\n" });
    expect(out.commands).toEqual({});
    expect(project()).toMatchObject({ test_cmd: "", lint_cmd: "" });
  });
});

describe("dgov init: Go and Rust", () => {
  test("a Go module: go vet, gofmt, go build, go test; tests beside the code", () => {
    const { example } = init({
      "go.mod": "module example.com/shop\n\ngo 1.24\n",
      "go.sum": "",
      "cmd/shop/main.go": "package main\n\nfunc main() {}\n",
      "internal/cart/cart.go": "package cart\n",
      "internal/cart/cart_test.go": "package cart\n",
      "internal/price/price.go": "package price\n",
    });
    expectDetected(made!, { language: "go", commands: GO_COMMANDS, srcDir: ".", testDir: ".", style: "go-style" });
    const task = example();
    expect(task).toContain('files.edit = ["module.go"]');
    expect(task).toContain('files.read = ["module_test.go"]');
  });

  test("golangci-lint v2 configured", () => {
    const { out } = init({ "go.mod": "module x\n", ".golangci.yml": 'version: "2"\n', "main.go": "package main\n" });
    expect(out.commands.lint_cmd).toBe("golangci-lint run --output.json.path stdout ./...");
    expect(out.commands.lint_fix_cmd).toBe("golangci-lint run --fix ./...");
  });

  test("a cargo crate: clippy and cargo check in JSON, integration tests in tests/", () => {
    const { example } = init({
      "Cargo.toml": '[package]\nname = "shop"\nversion = "0.1.0"\nedition = "2021"\n',
      "Cargo.lock": "version = 3\n",
      "src/lib.rs": "pub mod cart;\n",
      "src/cart.rs": "pub struct Cart;\n",
      "tests/cart.rs": "use shop::cart::Cart;\n",
    });
    expectDetected(made!, { language: "rust", commands: RUST_COMMANDS, srcDir: "src/", testDir: "tests/", style: "rust-style" });
    expect(example()).toContain('files.edit = ["src/module.rs"]');
  });
});
