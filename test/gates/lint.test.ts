import { afterEach, describe, expect, test } from "bun:test";
import { runGate } from "dgov/testing";
import { lintGate } from "../../gates/lint.ts";
import { type GateRepo, gateRepo, isolatedInput } from "./gate-repo.ts";

// A "linter": every line containing BAD is a diagnostic `path:line:1: E1 bad word`; exit 1 if any.
const LINT_SH = `out=$(grep -Hn BAD "$@")
[ -z "$out" ] && exit 0
printf '%s\\n' "$out" | sed 's/^\\([^:]*\\):\\([0-9]*\\):.*/\\1:\\2:1: E1 bad word/'
exit 1
`;
const project = { lint_cmd: "sh lint.sh {file}" };

let repo: GateRepo;
afterEach(() => repo?.remove());

/** A base with one old diagnostic on line 1 of src/a.py. */
function base() {
  repo = gateRepo({ "lint.sh": LINT_SH, "src/a.py": "old = BAD\nx = 1\ny = 2\n", "notes.txt": "n\n" });
  return repo;
}

describe("lint gate", () => {
  test("a diagnostic the base already had, on a line the task left alone, passes", async () => {
    const head = base().commit({ "src/a.py": "old = BAD\nx = 1\ny = 3\n" });
    expect(await runGate(lintGate, await isolatedInput(repo, head, project), { exec: repo.exec })).toEqual({ status: "pass" });
  });

  test("a diagnostic on a line the task changed fails; the old one is not reported", async () => {
    const head = base().commit({ "src/a.py": "old = BAD\nx = 1\ny = BAD\n" });
    const outcome = await runGate(lintGate, await isolatedInput(repo, head, project), { exec: repo.exec });
    expect(outcome).toEqual({
      status: "fail",
      findings: [
        { rule: "lint", message: "Lint failure (worker-changed lines): 1 diagnostic(s) from `sh lint.sh src/a.py`" },
        { rule: "lint", file: "src/a.py", line: 3, message: "E1 bad word" },
      ],
    });
  });

  test("a new file fails on any line", async () => {
    const head = base().commit({ "src/new.py": "a = 1\nb = BAD\n" });
    const outcome = await runGate(lintGate, await isolatedInput(repo, head, project), { exec: repo.exec });
    expect(outcome.status).toBe("fail");
    if (outcome.status !== "fail") return;
    expect(outcome.findings[0]!.message).toStartWith("Lint failure: 1 diagnostic(s)");
    expect(outcome.findings.slice(1)).toEqual([{ rule: "lint", file: "src/new.py", line: 2, message: "E1 bad word" }]);
  });

  test("output no diagnostic can be read from fails with the whole text", async () => {
    const head = base().commit({ "src/a.py": "x = 2\n" });
    const input = await isolatedInput(repo, head, { lint_cmd: "echo 'linter crashed: config error'; echo 'at line 7 of ruff.toml' >&2; exit 2" });
    expect(await runGate(lintGate, input, { exec: repo.exec })).toEqual({
      status: "fail",
      findings: [{ rule: "lint", message: "Lint failure:\nlinter crashed: config error\nat line 7 of ruff.toml" }],
    });
  });

  test("a missing linter program fails with what to do about it", async () => {
    const head = base().commit({ "src/a.py": "x = 2\n" });
    const outcome = await runGate(lintGate, await isolatedInput(repo, head, { lint_cmd: "no-such-linter-dgov {file}" }), { exec: repo.exec });
    expect(outcome.status).toBe("fail");
    if (outcome.status !== "fail") return;
    expect(outcome.findings[0]!.message).toStartWith("lint_cmd program not found: `no-such-linter-dgov src/a.py`");
    expect(outcome.findings[0]!.message).toEndWith("install it or set [project] lint_cmd");
  });

  test("a linter that hangs fails with the time it was given", async () => {
    const head = base().commit({ "src/a.py": "x = 2\n" });
    const outcome = await runGate(lintGate, await isolatedInput(repo, head, { lint_cmd: "sleep 5", settlement_timeout: 0.2 }), { exec: repo.exec });
    expect(outcome).toMatchObject({ status: "fail", findings: [{ message: expect.stringContaining("timed out") }] });
  });

  test("skips without changed source files, and without a lint_cmd", async () => {
    const head = base().commit({ "notes.txt": "BAD\n" });
    expect(await runGate(lintGate, await isolatedInput(repo, head, project), { exec: repo.exec })).toMatchObject({ status: "skip" });
    const head2 = repo.commit({ "src/a.py": "BAD\n" });
    expect(await runGate(lintGate, await isolatedInput(repo, head2, { lint_cmd: "  " }), { exec: repo.exec })).toMatchObject({ status: "skip" });
  });

  test("a base git does not know is the gate's error, not a pass", async () => {
    const head = base().commit({ "src/a.py": "y = BAD\n" });
    const input = { ...(await isolatedInput(repo, head, project)), baseSha: "f".repeat(40) };
    expect(await runGate(lintGate, input, { exec: repo.exec })).toMatchObject({ status: "error", error: expect.stringContaining("git ls-tree failed") });
  });
});

describe("lint gate on the candidate", () => {
  test("measured against the target: a diagnostic the target brought is not the task's", async () => {
    base();
    const target = repo.commit({ "src/a.py": "old = BAD\nx = 1\ny = 2\ntarget = BAD\n" }, "target moved");
    const candidate = repo.commit({ "src/a.py": "old = BAD\nx = 5\ny = 2\ntarget = BAD\n" }, "task replayed");
    const input = await isolatedInput(repo, candidate, project, { phase: "candidate", baseSha: target, targetSha: target });
    input.changed = [{ path: "src/a.py", status: "modified" }];
    expect(await runGate(lintGate, input, { exec: repo.exec })).toEqual({ status: "pass" });
  });
});
