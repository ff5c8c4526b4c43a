/**
 * A Python package in `src/` layout, checked by ruff (lint and format), mypy (strict) and
 * pytest — the real ones (issue 12). Its `__init__.py` re-exports the modules; the tests
 * import the package. One run: a correct change lands next to an old finding; a lint error on
 * a changed line, an unformatted edit, a second error of a code mypy already reports in that
 * file and a break only the tests through the package see are each rejected by the right gate.
 * Preflight leaves the tree byte-identical.
 */
import { describeFixture, type Fixture } from "../../fakes/real-repo.ts";

const PYPROJECT = `[project]
name = "textkit"
version = "0.3.0"
requires-python = ">=3.10"
dependencies = []

[project.optional-dependencies]
dev = ["pytest>=8", "ruff>=0.6", "mypy>=1.11"]

[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[tool.ruff]
line-length = 100
src = ["src"]

[tool.ruff.lint]
select = ["E", "F", "I"]

[tool.mypy]
strict = true
mypy_path = "src"

[tool.pytest.ini_options]
testpaths = ["tests"]
pythonpath = ["src"]
`;

const CORE = 'import os\n\n\ndef shout(text: str) -> str:\n    return text.upper()\n\n\ndef slug(text: str) -> str:\n    return "-".join(text.lower().split())\n';
const NUMBERS = "def mean(values: list[float]) -> float:\n    return sum(values) / len(values) if values else 0.0\n";
const RANGES = "def span(n: int) -> list[int]:\n    return list(range(n))\n";
const CLOCK = 'from datetime import date\n\n\ndef stamp(day: date) -> str:\n    return day.strftime("%Y-%m-%d")\n';
const SHAPES = 'def width() -> int:\n    return "wide"  # an old error, left as it is\n';

const pythonFixture = (): Fixture => ({
  language: "python",
  files: {
    "pyproject.toml": PYPROJECT,
    ".gitignore": "__pycache__/\n*.pyc\n.venv/\n.pytest_cache/\n.mypy_cache/\n.ruff_cache/\n",
    "src/textkit/__init__.py": 'from textkit.clock import stamp\nfrom textkit.core import shout, slug\nfrom textkit.numbers import mean\nfrom textkit.ranges import span\nfrom textkit.shapes import width\n\n__all__ = ["mean", "shout", "slug", "span", "stamp", "width"]\n',
    "src/textkit/py.typed": "",
    "src/textkit/core.py": CORE,
    "src/textkit/numbers.py": NUMBERS,
    "src/textkit/ranges.py": RANGES,
    "src/textkit/clock.py": CLOCK,
    "src/textkit/shapes.py": SHAPES,
    "tests/__init__.py": "",
    "tests/test_core.py": 'import textkit\n\n\ndef test_shout() -> None:\n    assert textkit.shout("hi") == "HI"\n\n\ndef test_slug() -> None:\n    assert textkit.slug(" A b ") == "a-b"\n',
    "tests/test_ranges.py": "from textkit import span\n\n\ndef test_span() -> None:\n    assert span(3) == [0, 1, 2]\n",
  },
  project: [
    'src_dir = "src"',
    'test_dir = "tests"',
    'lint_cmd = "python3 -m ruff check --no-fix --output-format json {file}"',
    'lint_fix_cmd = "python3 -m ruff check --fix {file}"',
    'format_cmd = "python3 -m ruff format {file}"',
    'format_check_cmd = "python3 -m ruff format --check {file}"',
    'type_check_cmd = "python3 -m mypy --output json src"',
    'test_cmd = "python3 -m pytest {test_dir} -q --tb=short"',
  ].join("\n"),
  extra: '[gates.autofix]\nlevel = "off"\n',
  scenarios: [
    { slug: "good", edit: ["src/textkit/core.py"], writes: { "src/textkit/core.py": CORE.replace("text.upper()", "text.strip().upper()") }, expect: "lands" },
    {
      slug: "lint",
      edit: ["src/textkit/numbers.py"],
      writes: { "src/textkit/numbers.py": "def mean(values: list[float]) -> float:\n    total = sum(values)\n    return sum(values) / len(values) if values else 0.0\n" },
      expect: { gate: "lint", finding: ["src/textkit/numbers.py:2", "F841"] },
    },
    { slug: "format", edit: ["src/textkit/clock.py"], writes: { "src/textkit/clock.py": CLOCK.replace('"%Y-%m-%d"', "'%Y-%m-%d'") }, expect: { gate: "format", finding: ["src/textkit/clock.py"] } },
    {
      slug: "types",
      edit: ["src/textkit/shapes.py"],
      writes: { "src/textkit/shapes.py": `${SHAPES}\n\ndef height() -> int:\n    return "tall"\n` },
      expect: { gate: "typecheck", finding: ["src/textkit/shapes.py:6", "return-value"] },
    },
    { slug: "tests", edit: ["src/textkit/ranges.py"], writes: { "src/textkit/ranges.py": RANGES.replace("range(n)", "range(n + 1)") }, expect: { gate: "tests", finding: ["tests/test_ranges.py"] } },
  ],
});

describeFixture("a Python package: ruff, mypy, pytest", ["python"], pythonFixture, { what: "an unused variable fails lint", broken: { "src/textkit/numbers.py": "def mean(values: list[float]) -> float:\n    total = sum(values)\n    return 0.0\n" }, gate: "lint", finding: "F841" });
