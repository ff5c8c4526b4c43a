import { afterEach, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveConfig } from "../../src/config/resolve.ts";
import type { TaskScope } from "../../src/plugin/types.ts";
import { repoMap } from "../../src/worker/repo-map.ts";
import { type PromptInput, policyLines, scopeSection, systemPrompt } from "../../src/worker/system-prompt.ts";

const WORKER_TOOLS = new Set(["list_dir", "glob", "grep", "read_file", "ast_grep", "edit_file", "write_file", "run_tests", "scope_status", "done"]);
const READ_TOOLS = new Set(["list_dir", "grep", "read_file", "done"]);

const scope: TaskScope = {
  taskId: "core/api.add-fn",
  claims: { create: ["src/new.py"], edit: ["src/mod.py"], delete: ["src/old.py"], touch: ["src/mod.py"], read: ["docs/api.md"] },
  verifyTestTargets: ["tests/test_mod.py"],
  ignoreFiles: [],
  allowFiles: ["src/**", "tests/**"],
  denyFiles: ["secrets/**"],
  requireTestVerification: true,
  requiredVerificationCommand: "uv run pytest tests/test_mod.py -q",
};

const input = (extra: Partial<PromptInput> = {}): PromptInput => ({
  role: "worker",
  worktree: "/tmp/wt",
  config: resolveConfig({}),
  scope: null,
  repoMap: "src/mod.py\n  def hello",
  budget: 75,
  warnAt: 60,
  provider: "fireworks",
  tools: WORKER_TOOLS,
  ...extra,
});

let root = "";
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = "";
});

describe("systemPrompt (spec §2.2, test 43)", () => {
  test("budget, warning, repo map from a real worktree, ORIENT tools", async () => {
    root = mkdtempSync(join(tmpdir(), "dgov-prompt-"));
    mkdirSync(join(root, "src"));
    writeFileSync(join(root, "src/mod.py"), "def hello():\n    return 1\n");
    for (let i = 0; i < 90; i++) writeFileSync(join(root, `file_${String(i).padStart(3, "0")}.txt`), "");
    const map = await repoMap(root, resolveConfig({}), { maxLines: 0 });
    const prompt = systemPrompt(input({ worktree: root, repoMap: map }));
    expect(prompt).toContain("75 tool calls");
    expect(prompt).toContain("past call 60");
    expect(prompt).toContain("REPO MAP:\nsrc/mod.py\n  def hello\nfile_000.txt");
    expect(prompt).toContain("file_089.txt");
    expect(prompt).toContain("1. ORIENT: repo map, list_dir, glob, grep, read_file, ast_grep.");
    expect(prompt).toContain(`You run in an isolated git worktree at ${root}.`);
    expect(prompt).not.toContain("TASK SCOPE:");
  });

  test("worker header, project section and order of sections", () => {
    const prompt = systemPrompt(input({ config: resolveConfig({ project: { test_markers: ["unit", "slow"] }, conventions: { style: "black" } }) }));
    expect(prompt.startsWith("[DGOV_WORKER_PROMPT_V2.0.0]\nGreetings, Actuator.\n")).toBe(true);
    expect(prompt).toContain("PROJECT:\n- Language: python\n- Source: src/\n- Tests: tests/\n- LLM provider: fireworks\n- Test markers: unit, slow\n\nCONVENTIONS:\n- style: black");
    const order = ["THE DGOV WAY:", "PROJECT:", "REPO MAP:", "ENVIRONMENT:", "WORKFLOW:", "ITERATION BUDGET:"].map((h) => prompt.indexOf(h));
    expect(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
    expect(prompt).toContain("2. EDIT: edit_file");
    expect(prompt.endsWith("Strictly use tools. Call 'done' when complete.")).toBe(true);
    expect(systemPrompt(input({ repoMap: "" }))).toContain("REPO MAP:\n(empty repository)");
  });

  test("the task scope block carries every §2.2 line", () => {
    const prompt = systemPrompt(input({ scope }));
    expect(prompt).toContain(
      [
        "TASK SCOPE:",
        "- Task: core/api.add-fn",
        "- Writable paths: src/new.py, src/mod.py, src/old.py",
        "- Delete: src/old.py",
        "- Read-only context: docs/api.md",
        "- Project path allowlist: src/**, tests/**",
        "- Project path denylist: secrets/**",
        "- Verification test targets: tests/test_mod.py",
        "- Retry completion gate: run_tests() must pass before done.",
        "- Settlement failing command: uv run pytest tests/test_mod.py -q",
      ].join("\n"),
    );
    expect(prompt).toContain("files.create already exists");
    expect(prompt).toContain("run scope_status");
    expect(prompt.indexOf("TASK SCOPE:")).toBeLessThan(prompt.indexOf("REPO MAP:"));
  });

  test("a read-only scope without extras says so and omits the optional lines", () => {
    const bare: TaskScope = { taskId: "t", claims: { create: [], edit: [], delete: [], touch: [], read: [] }, verifyTestTargets: [], ignoreFiles: [], allowFiles: [], denyFiles: [] };
    const lines = scopeSection(bare).split("\n");
    expect(lines.slice(0, 3)).toEqual(["TASK SCOPE:", "- Task: t", "- Writable paths: (none; read-only task)"]);
    expect(lines.length).toBe(6);
    for (const word of ["allowlist", "denylist", "Verification", "Retry completion gate", "Settlement failing"]) expect(scopeSection(bare)).not.toContain(word);
    expect(scopeSection({ ...bare, requireTestVerification: true })).toContain("- Retry completion gate: run_tests() must pass before done.");
    expect(scopeSection({ ...bare, requireTestVerification: true })).not.toContain("Settlement failing command");
    expect(scopeSection(null)).toBe("");
  });
});

describe("tool policy lines (spec §4.2)", () => {
  test("one line per flag that is on, in order; none when all are off", () => {
    const policy = resolveConfig({
      tool_policy: { restrict_run_bash: true, require_wrapped_verify_tools: true, require_uv_run: true, deny_shell_file_mutations: true, deny_shell_commands: ["pip", "uv venv"] },
    }).tool_policy;
    const lines = policyLines(policy);
    expect(lines).toEqual([
      "run_bash is restricted; prefer dedicated worker tools.",
      "Use run_tests/lint_check/lint_fix/format_file/type_check, not raw shell.",
      "Python shell commands must use 'uv run'.",
      "Do not mutate repo files via shell commands; use file tools.",
      "Denied shell commands: pip, uv venv",
    ]);
    expect(policyLines(resolveConfig({}).tool_policy)).toEqual([]);
    expect(policyLines(resolveConfig({ tool_policy: { require_uv_run: true } }).tool_policy)).toEqual(["Python shell commands must use 'uv run'."]);
  });

  test("the prompt states them under TOOL POLICY:, even without the master switch", () => {
    const config = resolveConfig({ tool_policy: { require_uv_run: true, deny_shell_commands: ["pip"] } });
    expect(systemPrompt(input({ config }))).toContain("TOOL POLICY:\n- Python shell commands must use 'uv run'.\n- Denied shell commands: pip");
    expect(systemPrompt(input())).not.toContain("TOOL POLICY:");
  });
});

describe("role variants", () => {
  test("researcher: its header, read-only workflow, a short paragraph via done", () => {
    const prompt = systemPrompt(input({ role: "researcher", tools: READ_TOOLS }));
    expect(prompt.startsWith("[DGOV_RESEARCHER_PROMPT_V2.0.0]\nGreetings, Researcher.")).toBe(true);
    expect(prompt).toContain("Editing tools are intentionally unavailable.");
    expect(prompt).toContain("4. FINISH: call done with a single short paragraph (<= 120 words)");
    expect(prompt).not.toContain("2. EDIT:");
    expect(prompt).toContain("1. ORIENT: repo map, list_dir, grep, read_file.");
    expect(prompt.endsWith("Call 'done' when complete.")).toBe(true);
  });

  test("reviewer: its header and the JSON verdict", () => {
    const prompt = systemPrompt(input({ role: "reviewer", tools: READ_TOOLS }));
    expect(prompt.startsWith("[DGOV_REVIEWER_PROMPT_V2.0.0]\nGreetings, Reviewer.")).toBe(true);
    expect(prompt).toContain('{"approved": true|false, "issues": ["..."]}');
    expect(prompt).toContain("4. FINISH: call done.");
  });

  test("planner: its header and emit_plan as the terminal tool everywhere", () => {
    const prompt = systemPrompt(input({ role: "planner", tools: new Set(["read_file", "emit_plan"]) }));
    expect(prompt.startsWith("[DGOV_PLANNER_PROMPT_V2.0.0]\nGreetings, Planner.")).toBe(true);
    expect(prompt).toContain("4. FINISH: call emit_plan.");
    expect(prompt).toContain("report the blocker via emit_plan instead.");
    expect(prompt.endsWith("Strictly use tools. Call 'emit_plan' when your plan is ready.")).toBe(true);
    expect(prompt).not.toContain("Call 'done'");
  });
});
