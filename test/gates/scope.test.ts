import { describe, expect, test } from "bun:test";
import type { ChangedFile, Claims, GateInput } from "dgov/plugin";
import { gateInput, runGate } from "dgov/testing";
import { scopeGate } from "../../gates/scope.ts";
import { resolveConfig } from "../../src/config/resolve.ts";
import type { ConfigInput } from "../../src/config/schema.ts";

const modified = (...paths: string[]): ChangedFile[] => paths.map((path) => ({ path, status: "modified" }));

function input(changed: ChangedFile[], claims: Partial<Claims>, more: { scope?: ConfigInput["scope"]; transientWrites?: string[] } = {}): GateInput {
  return gateInput({ changed, task: { id: "t/m.task", claims: claims as Claims }, config: resolveConfig({ scope: more.scope }), transientWrites: more.transientWrites ?? [] });
}

/** The single finding of a failing outcome (the review stops at the first failure). */
async function finding(i: GateInput) {
  const outcome = await runGate(scopeGate, i);
  if (outcome.status !== "fail") throw new Error(`expected a failure, got ${JSON.stringify(outcome)}`);
  expect(outcome.findings).toHaveLength(1);
  return outcome.findings[0]!;
}

describe("scope gate: pass", () => {
  test("every change claimed: created, edited, deleted, touched, a file under a claimed folder", async () => {
    const changed: ChangedFile[] = [
      { path: "src/new.ts", status: "added" },
      { path: "src/a.ts", status: "modified" },
      { path: "old.ts", status: "deleted" },
      { path: "pkg/deep/x.ts", status: "modified" },
      { path: "stamp.txt", status: "modified" },
    ];
    expect(await runGate(scopeGate, input(changed, { create: ["src/new.ts"], edit: ["src/a.ts", "pkg"], delete: ["old.ts"], touch: ["stamp.txt"] }))).toEqual({ status: "pass" });
  });

  test("ignored incidental files need no claim (defaults and [scope] ignore_files), nor does the allowlist apply to them", async () => {
    const changed = modified("src/a.ts", "uv.lock", "pkg/__pycache__/a.pyc", "build/out.js");
    const i = input(changed, { edit: ["src/a.ts"] }, { scope: { ignore_files: ["build/"], allow_files: ["src/*"] } });
    expect(await runGate(scopeGate, i)).toEqual({ status: "pass" });
  });

  test("a transient write to a claimed or ignored file is fine", async () => {
    const i = input(modified("src/a.ts"), { edit: ["src/a.ts"] }, { transientWrites: ["src/a.ts", "__pycache__/x.pyc"] });
    expect(await runGate(scopeGate, i)).toEqual({ status: "pass" });
  });
});

describe("scope gate: fail, with the rule, the files and what to do", () => {
  test("no change at all", async () => {
    expect(await finding(input([], { edit: ["src/a.ts"] }))).toEqual({ rule: "scope/empty-diff", message: "No changes produced", hint: "The task must change at least one claimed file." });
  });

  test("an unclaimed file names it and the task to claim it in", async () => {
    expect(await finding(input(modified("src/a.ts", "src/b.ts", "docs/x.md"), { edit: ["src/a.ts"] }))).toEqual({
      rule: "scope/unclaimed",
      message: "Touched unclaimed files: docs/x.md, src/b.ts",
      file: "docs/x.md",
      hint: "Add these paths to files.edit in task 't/m.task', then recompile and re-run.",
    });
  });

  test("a rename's source must be claimed too", async () => {
    const renamed: ChangedFile[] = [{ path: "src/new.ts", status: "renamed", oldPath: "src/old.ts" }];
    expect((await finding(input(renamed, { create: ["src/new.ts"] }))).message).toBe("Touched unclaimed files: src/old.ts");
    expect(await runGate(scopeGate, input(renamed, { create: ["src/new.ts"], delete: ["src/old.ts"] }))).toEqual({ status: "pass" });
  });

  test("a file claimed for reading only was edited", async () => {
    expect(await finding(input(modified("src/a.ts", "tests/a.test.ts"), { edit: ["src/a.ts"], read: ["tests"] }))).toMatchObject({
      rule: "scope/read-only",
      message: "Edited read-only files: tests/a.test.ts",
    });
  });

  test("a file claimed for deletion only was edited instead of deleted", async () => {
    expect(await finding(input(modified("old.ts"), { delete: ["old.ts"] }))).toMatchObject({ rule: "scope/claim-mismatch", file: "old.ts" });
  });

  test("[scope] deny_files wins over the claims", async () => {
    const i = input(modified("src/a.ts", "secrets/key.pem"), { edit: ["src/a.ts", "secrets/key.pem"] }, { scope: { deny_files: ["secrets/*"] } });
    expect(await finding(i)).toMatchObject({ rule: "scope/denied", message: "Touched project-denied files: secrets/key.pem" });
  });

  test("[scope] allow_files limits every task", async () => {
    const i = input(modified("src/a.ts", "Makefile"), { edit: ["src/a.ts", "Makefile"] }, { scope: { allow_files: ["src/*"] } });
    expect(await finding(i)).toMatchObject({ rule: "scope/outside-allowlist", message: "Touched files outside project allowlist: Makefile" });
  });

  test("governor-owned paths, even when an ignore entry matches: baseline files, dgov state, a nested .git", async () => {
    for (const path of [".sentrux/baseline.json", ".coverage-baseline/extra.json", ".dgov/state.db", ".dgov/runtime/x.json", "vendor/lib/.git/config"]) {
      const i = input(modified("src/a.ts", path), { edit: ["src/a.ts"] }, { scope: { ignore_files: ["*.json", "vendor/", ".dgov/"] } });
      expect(await finding(i)).toMatchObject({ rule: "scope/reserved-path", file: path });
    }
  });

  test("a transient write outside the claims, even one removed again; a read claim does not excuse it", async () => {
    const i = input(modified("src/a.ts"), { edit: ["src/a.ts"], read: ["docs"] }, { transientWrites: ["docs/notes.md", "scratch.txt"] });
    expect(await finding(i)).toMatchObject({ rule: "scope/transient-unclaimed", message: "Transiently touched unclaimed files via worker tools: docs/notes.md, scratch.txt" });
  });

  test("a transient write to a governor-owned file", async () => {
    const i = input(modified("src/a.ts"), { edit: ["src/a.ts"] }, { transientWrites: [".dgov/plans/deployed.jsonl"] });
    expect(await finding(i)).toMatchObject({ rule: "scope/transient-reserved", file: ".dgov/plans/deployed.jsonl" });
  });
});

describe("scope gate: skip and error", () => {
  test("skips outside a task (dgov preflight): there are no claims to judge against", async () => {
    expect(await runGate(scopeGate, gateInput({ task: null, changed: modified("anything.ts") }))).toEqual({ status: "skip", reason: "no task claims to check outside a run" });
  });

  test("an input it cannot read is an error, never a pass", async () => {
    const broken = { ...input(modified("src/a.ts"), { edit: ["src/a.ts"] }), config: {} } as unknown as GateInput;
    expect(await runGate(scopeGate, broken)).toMatchObject({ status: "error", error: expect.stringContaining("gate 'scope' threw:") });
  });
});
