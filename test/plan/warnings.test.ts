import { describe, expect, test } from "bun:test";
import { resolveConfig } from "../../src/config/resolve.ts";
import type { Claims } from "../../src/plan/types.ts";
import { commandProgram } from "../../src/plan/verify-tools.ts";
import { missingSections, unitWarnings, type WarnableUnit } from "../../src/plan/warnings.ts";

const files = (partial: Partial<Claims> = {}): Claims => ({ create: [], edit: [], delete: [], touch: [], read: [], ...partial });
const unit = (prompt: string, over: Partial<WarnableUnit> = {}): WarnableUnit => ({ id: "u", role: "worker", testCmd: "", prompt, files: files(), ...over });
const config = resolveConfig({});
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const startsWith = (prefix: string) => expect.stringMatching(new RegExp(`^${escape(prefix)}`));

describe("prompt structure", () => {
  test("headings in every accepted form count", () => {
    for (const prompt of ["Orient:\nx\nEdit:\ny\nVerify:\nz", "## Orient\n### Edit\n# verify", "**Orient:**\n**Edit**:\n**VERIFY:**", "orient: a\nedit: b\nverify: c"]) {
      expect(missingSections(unit(prompt))).toEqual([]);
    }
  });

  test("prose does not count; test_cmd removes Verify; read-only roles need only Orient", () => {
    expect(missingSections(unit("Edit the file to fix the bug."))).toEqual(["Orient", "Edit", "Verify"]);
    expect(missingSections(unit("Orient:\nEdit:", { testCmd: "pytest" }))).toEqual([]);
    expect(missingSections(unit("Orient: look", { role: "researcher" }))).toEqual([]);
    expect(missingSections(unit("nothing", { role: "reviewer" }))).toEqual(["Orient"]);
  });
});

describe("claim warnings", () => {
  const ok = "Orient:\nEdit:\nVerify:\n";
  test("a referenced path outside the claim is named once; claimed, read or directory claims are fine", () => {
    const warnings = unitWarnings(unit(`${ok}See tests/test_foo.py and tests/test_foo.py; edit src/a.py`, { files: files({ edit: ["src"] }) }), config);
    expect(warnings).toEqual([startsWith("prompt names 'tests/test_foo.py', which no claim covers")]);
    expect(unitWarnings(unit(`${ok}See tests/test_foo.py`, { files: files({ read: ["tests/test_foo.py"] }) }), config)).toEqual([]);
    expect(unitWarnings(unit(`${ok}Edit foo.py`), config)).toEqual([]);
  });

  test("tests written without a task test_cmd: nothing to act on, so no warning (settlement picks the changed tests)", () => {
    expect(unitWarnings(unit(ok, { files: files({ edit: ["tests/test_x.py"] }) }), config)).toEqual([]);
  });

  test("creating only non-code files while claiming code", () => {
    const w = unitWarnings(unit(ok, { files: files({ create: ["out.json"], touch: ["src/x.py"] }) }), config);
    expect(w).toEqual([startsWith("creates only non-code files (out.json) yet claims code (src/x.py)")]);
    expect(unitWarnings(unit(ok, { files: files({ create: ["a.py"], touch: ["src/x.py"] }) }), config)).toEqual([]);
  });
});

describe("verify commands", () => {
  test("which backticked snippets are commands (spec test 64)", () => {
    expect(commandProgram("uv run pytest -q")).toBe("uv");
    expect(commandProgram("git diff --check")).toBe("git");
    expect(commandProgram("FOO=1 make test")).toBe("make");
    expect(commandProgram(".get()")).toBeNull();
    expect(commandProgram("project.toml")).toBeNull();
    expect(commandProgram("scope_status")).toBeNull();
    expect(commandProgram("cd src && ls")).toBeNull();
  });
});
