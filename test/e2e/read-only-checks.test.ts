/**
 * Checks never change the tree they judge (issue 12): a repository whose ruff config says
 * `fix = true` makes `ruff check` rewrite files. Preflight leaves the user's tree byte for
 * byte as it was and says which gate wrote; in a run, the task is not passed on a tree the
 * check fixed behind its back. Real ruff.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { dgov } from "../fakes/dgov.ts";
import { type FixtureRepo, makeRepo } from "../fakes/repo.ts";
import { runRepo, type RunRepo } from "../fakes/run-repo.ts";
import { haveToolchains } from "../fakes/toolchains.ts";

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup) c();
  cleanup = [];
});

const PYPROJECT = '[project]\nname = "pkg"\nversion = "0.1.0"\n\n[tool.ruff]\nfix = true\n\n[tool.ruff.lint]\nselect = ["F"]\n';
// A dgov-py style command, without --no-fix: the repository's config decides that ruff fixes.
const PROJECT = '[project]\nlanguage = "python"\nsrc_dir = "src"\nlint_cmd = "python3 -m ruff check {file}"\n';

/** Everything git can say about a tree, and the files' bytes. */
function snapshot(r: FixtureRepo, files: string[]) {
  return {
    status: r.git("status", "--porcelain=v1", "--untracked-files=all"),
    index: readFileSync(join(r.dir, ".git/index")).toString("hex"),
    files: Object.fromEntries(files.map((f) => [f, readFileSync(join(r.dir, f), "utf8")])),
  };
}

describe.if(haveToolchains("python"))("a check that would write", () => {
  test("preflight: the tree stays byte-identical; the gate that wrote is an error naming the file", () => {
    const r = makeRepo({ ".dgov/project.toml": PROJECT, "pyproject.toml": PYPROJECT, "src/pkg/__init__.py": "", "src/pkg/core.py": "VERSION = 1\n" }, { commit: true });
    cleanup.push(() => r.remove());
    r.write("src/pkg/core.py", "import os\n\nVERSION = 2\n");
    r.write("src/pkg/new.py", "import sys\n");
    const before = snapshot(r, ["src/pkg/core.py", "src/pkg/new.py"]);
    const run = dgov(["preflight", "--json"], { cwd: r.dir });
    expect(run.code).toBe(1);
    expect(snapshot(r, ["src/pkg/core.py", "src/pkg/new.py"])).toEqual(before);
    const lint = run.json<{ gates: { gate: string; status: string; error?: string; commands: { argv: string[]; code: number }[]; put_back?: { changed: string[] } }[] }>().gates.find((g) => g.gate === "lint")!;
    expect(lint.status).toBe("error");
    expect(lint.error).toContain("gate 'lint' changed files of the tree it checks (src/pkg/core.py, src/pkg/new.py); they were put back");
    expect(lint.put_back?.changed).toEqual(["src/pkg/core.py", "src/pkg/new.py"]);
    // The record says what ran: the configured line on the changed files, through the shell.
    expect(lint.commands[0]!.argv).toEqual(["sh", "-c", "python3 -m ruff check src/pkg/core.py src/pkg/new.py"]);
  });

  test("a run: the task is rejected, not passed on a tree ruff fixed behind the check", () => {
    const r: RunRepo = runRepo([{ slug: "a", script: "printf 'import os\\n\\nVALUE = 1\\n' > src/a.py", create: ["src/a.py"] }], {
      project: 'src_dir = "src"\nsource_extensions = [".py"]\nlint_cmd = "python3 -m ruff check {file}"',
      files: { "pyproject.toml": PYPROJECT, "src/__init__.py": "" },
    });
    cleanup.push(() => r.remove());
    const run = r.run(["--json"]);
    expect(run.stderr).not.toContain("error:");
    expect(run.code).toBe(1);
    expect(r.log()).not.toContain("Task a");
    expect(run.stderr + run.stdout).toContain("gate 'lint' changed files of the tree it checks (src/a.py)");
  });
});
