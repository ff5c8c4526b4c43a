import { describe, expect, test } from "bun:test";
import { errorKind } from "../../src/worker/error-kind.ts";

describe("errorKind", () => {
  test.each([
    ["Tool run_bash is not allowed in this worker role.", "policy_blocked"],
    ["Absolute paths are not allowed. Use relative paths within the worktree.", "policy_blocked"],
    ["Path traversal attempt blocked.", "policy_blocked"],
    [".git/config is inside .git/, which tools may not change.", "policy_blocked"],
    ["run_tests() target is outside this task's verification scope. Requested: tests/x.py.", "policy_blocked"],
    ["File not found: src/a.py", "not_found"],
    ["cat: b.txt: No such file or directory", "not_found"],
    ["src/missing does not exist.", "not_found"],
    ["old_text matches 3 locations in a.py; include more context", "ambiguous_match"],
    ["Found multiple matches for old_text", "ambiguous_match"],
    ["The symbol is ambiguous", "ambiguous_match"],
    ["Command timed out after 60 s", "timeout"],
    ["Timeout waiting for the type checker", "timeout"],
    ["ruff exited with exit code 1", "command_failed"],
    ["Command failed: make test", "command_failed"],
    ["lint failed: 3 errors", "command_failed"],
    ["Invalid JSON in tool arguments", "validation_failed"],
    ["Malformed arguments", "validation_failed"],
    ["path must be a string", "validation_failed"],
    ["start_line expected a number", "validation_failed"],
    ["edit_file requires old_text", "validation_failed"],
    ["Something odd happened", "unknown"],
    ["", "unknown"],
  ])("%p → %p", (error, kind) => {
    expect(errorKind(error)).toBe(kind);
  });

  test("policy rejections are policy_blocked whatever else they say (B17)", () => {
    // dgov-py: validation_failed ("requires") and unknown ("rejected") respectively
    expect(errorKind("Error: run_bash policy requires 'uv run' for Python command 'python'.")).toBe("policy_blocked");
    expect(errorKind("Error: run_bash policy requires run_tests() for pytest invocations.")).toBe("policy_blocked");
    expect(errorKind("Error: run_bash policy rejected 'pip install x'. Denied shell command prefix: 'pip'.")).toBe("policy_blocked");
    expect(errorKind("Error: run_bash policy rejected file mutation shell command. Use write_file instead.")).toBe("policy_blocked");
    expect(errorKind("Path traversal attempt blocked: ../etc/passwd not found")).toBe("policy_blocked");
  });

  test("the first kind in order wins; matching ignores case", () => {
    expect(errorKind("FILE NOT FOUND after the command timed out")).toBe("not_found");
    expect(errorKind("multiple files: command timed out")).toBe("ambiguous_match");
    expect(errorKind("Timed out; exit code 124")).toBe("timeout");
    expect(errorKind("exit code 2: invalid option")).toBe("command_failed");
  });
});
