/** `dgov preflight` (spec settlement-git §4.2, fixing §8.13): settlement's gates on uncommitted changes. */
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { dgov } from "../fakes/dgov.ts";
import { type FixtureRepo, makeRepo } from "../fakes/repo.ts";

let repos: FixtureRepo[] = [];
afterEach(() => {
  repos.forEach((r) => r.remove());
  repos = [];
});

/**
 * A project plugin: `base-diff` fails when a changed file differs from HEAD's copy in the
 * baseline checkout (so it proves the checkout is HEAD, not the working tree), `fixer` is
 * an autofix gate that must never run, `picky` fails (its level is set to warn), and a
 * verify recipe on `*.sh` files.
 */
const PLUGIN = `import { definePlugin, defineGate, defineVerify } from "dgov/plugin";
export default definePlugin({
  name: "acme",
  api: 1,
  gates: [
    defineGate({ name: "base-diff", description: "compares with the baseline", phase: "isolated", async check(input, ctx) {
      const base = await ctx.baselineDir();
      const findings = [];
      for (const c of input.changed) {
        const r = await ctx.exec(["cmp", "-s", c.path, base + "/" + c.path]);
        if (r.code !== 0) findings.push({ rule: "base/differs", message: "differs from HEAD", file: c.path });
      }
      return findings.length ? { status: "fail", findings } : { status: "pass" };
    } }),
    defineGate({ name: "fixer", description: "rewrites files", phase: "autofix", async check(input, ctx) {
      await ctx.exec(["sh", "-c", "echo fixed > FIXED"]);
      return { status: "pass" };
    } }),
    defineGate({ name: "picky", description: "always complains", phase: "review", check: () => ({ status: "fail", findings: [{ rule: "picky/x", message: "I do not like it" }] }) }),
  ],
  verify: [defineVerify({ name: "shells", match: ["*.sh"], steps: [{ id: "syntax", argv: ["sh", "-n", "run.sh"] }] })],
});
`;

const TOML = '[gates.picky]\nlevel = "warn"\n\n[gates.base-diff]\nlevel = "warn"\n';

function repo(files: Record<string, string> = {}): FixtureRepo {
  const r = makeRepo({ ".dgov/project.toml": TOML, ".dgov/plugins/acme.ts": PLUGIN, ".dgov/.gitignore": "runtime/\n", "run.sh": "echo ok\n", "README.md": "readme\n", ...files }, { commit: true });
  repos.push(r);
  return r;
}

const worktreesDir = (r: FixtureRepo) => join(dirname(r.dir), `.dgov-worktrees-${basename(r.dir)}`);

describe("dgov preflight", () => {
  test("a clean tree passes without running anything, and says so", () => {
    const r = repo();
    const run = dgov(["preflight"], { cwd: r.dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("Preflight: no uncommitted changes, nothing to check.\n");
    expect(dgov(["preflight", "--json"], { cwd: r.dir }).json()).toEqual({ passed: true, checked: false, verified: [], unverified: null, changed: [], gates: [] });
  });

  test("a change no gate checks: preflight says nothing was checked instead of passed", () => {
    const r = makeRepo({ ".dgov/project.toml": '[project]\nlanguage = "unknown"\n', "README.md": "readme\n" }, { commit: true });
    repos.push(r);
    r.write("notes.txt", "new\n");
    const run = dgov(["preflight"], { cwd: r.dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toEndWith("\nPreflight checked nothing: every gate skipped (see the reasons above). Configure test_cmd, type_check_cmd or lint_cmd in .dgov/project.toml.\n");
    expect(run.stdout).not.toContain("Preflight passed");
    expect(dgov(["preflight", "--json"], { cwd: r.dir }).json()).toMatchObject({ passed: true, checked: false, verified: [] });
  });

  test("a failing verify recipe on an uncommitted change blocks: exit 1, the findings, Preflight failed.", () => {
    const r = repo();
    r.write("run.sh", "if then\n");
    const run = dgov(["preflight"], { cwd: r.dir });
    expect(run.code).toBe(1);
    const lines = run.stdout.split("\n");
    expect(lines).toContain("- scope (skipped: no task claims to check outside a run)");
    expect(lines).toContain("! picky (warn: 1 finding)");
    expect(lines).toContain("! base-diff (warn: 1 finding)");
    expect(lines).toContain("✗ verify-shells (1 finding)");
    expect(run.stdout).toContain("Blocking findings:\n- [verify-shells] Verify recipe 'shells' step 'syntax' failed (exit 2):");
    expect(run.stdout).toContain("Warnings (not blocking):\n- [picky] I do not like it (picky/x)");
    expect(run.stdout).toEndWith("\nPreflight failed.\n");
  });

  test("warn-level failures alone pass; autofix gates never run", () => {
    const r = repo();
    r.write("notes.txt", "new\n");
    const run = dgov(["preflight"], { cwd: r.dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("- verify-shells (skipped: does not apply to this change)");
    // The gates that ran judge no code: the pass says what it rests on.
    expect(run.stdout).toEndWith("\nPreflight passed, but no test, type or lint check ran (tests: no test targets: only non-source files changed (notes.txt); no test imports them; typecheck: no type_check_cmd configured; lint: no changed source files).\n");
    expect(run.stdout).not.toContain("fixer");
    expect(existsSync(join(r.dir, "FIXED"))).toBe(false);
  });

  test("JSON: passed, the changed files, one entry per gate with its phase, level and result", () => {
    const r = repo();
    r.write("run.sh", "if then\n");
    r.git("mv", "README.md", "DOCS.md");
    const run = dgov(["preflight", "--json"], { cwd: r.dir });
    expect(run.code).toBe(1);
    const json = run.json<{ passed: boolean; changed: unknown[]; gates: Record<string, unknown>[] }>();
    expect(json.passed).toBe(false);
    expect(json.changed).toEqual([{ path: "DOCS.md", status: "renamed", old_path: "README.md" }, { path: "run.sh", status: "modified" }]);
    const byGate = Object.fromEntries(json.gates.map((g) => [g.gate, g]));
    expect(byGate.scope).toEqual({ gate: "scope", phase: "review", level: "block", status: "skip", duration_ms: expect.any(Number), reason: "no task claims to check outside a run", commands: [] });
    expect(byGate.picky).toMatchObject({ phase: "review", level: "warn", status: "fail", findings: [{ rule: "picky/x", message: "I do not like it" }] });
    expect(byGate["base-diff"]).toMatchObject({ phase: "isolated", status: "fail", findings: [{ file: "DOCS.md" }, { file: "run.sh" }] });
    // What was run is on record: the recipe's step, where, and how it ended.
    expect(byGate["verify-shells"]).toMatchObject({ phase: "isolated", level: "block", status: "fail", commands: [{ argv: ["sh", "-n", "run.sh"], cwd: ".", code: 2, timed_out: false }] });
    expect(typeof byGate["verify-shells"]!.duration_ms).toBe("number");
    expect(byGate.fixer).toBeUndefined();
  }, { timeout: 15_000 });

  test("nothing changes on disk: same git status, no commit, the baseline checkout removed", () => {
    const r = repo();
    r.write("run.sh", "echo changed\n");
    r.write("new/file.txt", "x\n");
    const status = r.git("status", "--porcelain=v1", "--untracked-files=all");
    const head = r.git("rev-parse", "HEAD");
    const run = dgov(["preflight", "--json"], { cwd: r.dir });
    // base-diff ran against a checkout of HEAD, where run.sh is the committed version.
    expect(run.json<{ gates: Record<string, unknown>[] }>().gates.find((g) => g.gate === "base-diff")).toMatchObject({ status: "fail" });
    expect(r.git("status", "--porcelain=v1", "--untracked-files=all")).toBe(status);
    expect(r.git("rev-parse", "HEAD")).toBe(head);
    expect(r.git("worktree", "list", "--porcelain").match(/^worktree /gm)).toHaveLength(1);
    expect(existsSync(worktreesDir(r)) ? readdirSync(worktreesDir(r)) : []).toEqual([]);
  });
});

/** A linter without a real linter: every line containing "bad" is a diagnostic `file:line:1: E1 bad code`. */
const LINT_SH = `status=0
for f in "$@"; do
  for n in $(grep -n bad "$f" | cut -d: -f1); do echo "$f:$n:1: E1 bad code"; status=1; done
done
exit $status
`;

/** A type checker: every line with TYPE_ERR in a .py file under src/ is an error `T1`. */
const TYPECHECK_SH = `out=$(grep -rn TYPE_ERR --include='*.py' src | while IFS=: read f n rest; do echo "$f:$n:1: T1 type error"; done)
[ -z "$out" ] && exit 0
echo "$out"; exit 1
`;

const CORE_TOML = `[project]
source_extensions = [".py"]
lint_cmd = "sh lint.sh {file}"
type_check_cmd = "sh typecheck.sh"
format_check_cmd = ""
test_cmd = ""
review_hooks = ["! grep -n SECRET {files}"]
`;

function coreRepo(): FixtureRepo {
  const r = makeRepo({ ".dgov/project.toml": CORE_TOML, ".dgov/.gitignore": "runtime/\n", "lint.sh": LINT_SH, "typecheck.sh": TYPECHECK_SH, "src/old.py": "x = bad\ny = 1\nz = 2\n", "src/typed.py": "a = TYPE_ERR\n" }, { commit: true });
  repos.push(r);
  return r;
}

describe("dgov preflight with the built-in gates", () => {
  test("a lint failure on a new uncommitted file blocks (spec §7 test 40)", () => {
    const r = coreRepo();
    r.write("src/bad.py", "print(bad)\n");
    const run = dgov(["preflight"], { cwd: r.dir });
    expect(run.code).toBe(1);
    expect(run.stdout.split("\n")).toContain("✗ lint (2 findings)");
    expect(run.stdout).toContain("- [lint] Lint failure");
    expect(run.stdout).toContain("- [lint] src/bad.py:1: E1 bad code (lint)");
    expect(run.stdout).toEndWith("Preflight failed.\n");
  });

  test("diagnostics already in HEAD on lines the change did not touch do not count", () => {
    const r = coreRepo();
    r.write("src/old.py", "x = bad\ny = 1\nz = 3\n");
    const pass = dgov(["preflight", "--json"], { cwd: r.dir });
    expect(pass.code).toBe(0);
    expect(pass.json<{ gates: Record<string, unknown>[] }>().gates.find((g) => g.gate === "lint")).toMatchObject({ status: "pass" });
    r.write("src/old.py", "x = bad\ny = 1\nz = bad\n");
    const fail = dgov(["preflight", "--json"], { cwd: r.dir });
    expect(fail.code).toBe(1);
    const lint = fail.json<{ gates: { gate: string; findings?: { file?: string; line?: number }[] }[] }>().gates.find((g) => g.gate === "lint")!;
    expect(lint.findings!.filter((f) => f.file).map((f) => [f.file, f.line])).toEqual([["src/old.py", 3]]);
  });

  test("only a non-source file changed: the lint gate is skipped and preflight passes (spec §7 test 39)", () => {
    const r = coreRepo();
    r.write("notes.txt", "bad notes\n");
    const run = dgov(["preflight"], { cwd: r.dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("- lint (skipped: no changed source files)");
    expect(run.stdout).toEndWith("Preflight passed.\n");
  });

  test("a failing review hook blocks, with the hook and its output", () => {
    const r = coreRepo();
    r.write("notes.txt", "the SECRET is here\n");
    const run = dgov(["preflight"], { cwd: r.dir });
    expect(run.code).toBe(1);
    expect(run.stdout.split("\n")).toContain("✗ review-hooks (1 finding)");
    expect(run.stdout).toContain("- [review-hooks] Review hook failed: ! grep -n SECRET {files}");
    expect(run.stdout).toContain("1:the SECRET is here");
  });

  test("the type check compares with a checkout of HEAD, so old errors pass and a new one fails (§8.13)", () => {
    const r = coreRepo();
    r.write("src/clean.py", "ok = 1\n");
    const pass = dgov(["preflight", "--json"], { cwd: r.dir });
    expect(pass.code).toBe(0);
    expect(pass.json<{ gates: Record<string, unknown>[] }>().gates.find((g) => g.gate === "typecheck")).toMatchObject({ status: "pass" });
    r.write("src/clean.py", "ok = TYPE_ERR\n");
    const fail = dgov(["preflight"], { cwd: r.dir });
    expect(fail.code).toBe(1);
    expect(fail.stdout).toContain("- [typecheck] src/clean.py:1: T1: type error (typecheck)");
    expect(existsSync(worktreesDir(r)) ? readdirSync(worktreesDir(r)) : []).toEqual([]);
  });
});
