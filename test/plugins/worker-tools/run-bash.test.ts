import { afterAll, afterEach, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { defaultConfig, runTool } from "dgov/testing";
import type { ProjectConfig } from "dgov/plugin";
import * as v from "valibot";
import { runBashTool } from "../../../plugins/worker-tools/run-bash.ts";
import { makeRepo } from "../../fakes/repo.ts";

const repos: { remove(): void }[] = [];
afterAll(() => {
  for (const repo of repos) repo.remove();
});

function repo(files: Record<string, string> = {}, opts: { git?: boolean; commit?: boolean } = { commit: true }) {
  const r = makeRepo(files, opts);
  repos.push(r);
  return r;
}

function config(project: Partial<ProjectConfig["project"]> = {}, policy: Partial<ProjectConfig["tool_policy"]> = {}): ProjectConfig {
  const base = defaultConfig();
  return { ...base, project: { ...base.project, ...project }, tool_policy: { ...base.tool_policy, ...policy } };
}

const bash = (worktree: string, cmd: string, extra: Parameters<typeof runTool>[2] = {}) =>
  runTool(runBashTool, { cmd }, { worktree, real: true, ...extra });

/** A folder of executable scripts, prepended to PATH for one test. */
function binDir(scripts: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "dgov-bin-"));
  for (const [name, body] of Object.entries(scripts)) {
    writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

const savedPath = process.env.PATH;
afterEach(() => {
  process.env.PATH = savedPath;
});

describe("run_bash runs the model's line in the sandbox", () => {
  test("output format, non-zero exit is a result", async () => {
    const r = repo({ "a.txt": "hi\n" });
    expect(await bash(r.dir, "cat a.txt; echo oops >&2; exit 3")).toEqual({ ok: true, output: "STDOUT:\nhi\n\nSTDERR:\noops\n\nEXIT:3" });
  });

  test("no secrets of dgov's environment reach the command", async () => {
    process.env.DGOV_TEST_SECRET_TOKEN = "tok-7f3a9c";
    process.env.OPENAI_API_KEY = "sk-test-5d1e";
    try {
      const result = await bash(repo().dir, "env");
      expect(result.ok).toBe(true);
      const output = result.ok ? result.output : "";
      expect(output).toContain("PATH=");
      for (const leaked of ["DGOV_TEST_SECRET_TOKEN", "tok-7f3a9c", "OPENAI_API_KEY", "sk-test-5d1e"]) expect(output).not.toContain(leaked);
    } finally {
      delete process.env.DGOV_TEST_SECRET_TOKEN;
      delete process.env.OPENAI_API_KEY;
    }
  });

  test("HOME is a throwaway folder, not the user's home; USER is set (spec test 28)", async () => {
    const home = await bash(repo().dir, "printenv HOME");
    expect(home.ok).toBe(true);
    const value = home.ok ? /STDOUT:\n(.*)\n/.exec(home.output)![1]! : "";
    expect(value).not.toBe("");
    expect(value).not.toBe(homedir());
    expect(await bash(repo().dir, "printenv USER")).toMatchObject({ ok: true, output: expect.stringContaining("EXIT:0") });
  });

  test("stdin is closed: `cat` returns at once with empty output", async () => {
    expect(await bash(repo().dir, "cat")).toEqual({ ok: true, output: "STDOUT:\n\nSTDERR:\n\nEXIT:0" });
  });

  test("a timeout is an error and kills the command's background children", async () => {
    const r = repo();
    const result = await bash(r.dir, "sleep 30 & echo $! > bg.pid; wait", { options: { timeout_s: 0.5 } });
    expect(result).toEqual({ ok: false, error: "Command timed out after 0.5s." });
    const pid = Number(readFileSync(join(r.dir, "bg.pid"), "utf8"));
    expect(pid).toBeGreaterThan(0);
    // Gone, or a zombie nobody reaped (PID 1 of a container may not reap): not running either way.
    const state = (): string => (existsSync(`/proc/${pid}/stat`) ? (readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] ?? "gone") : "gone");
    for (let i = 0; i < 20 && !["gone", "Z"].includes(state()); i++) await Bun.sleep(100);
    expect(["gone", "Z"]).toContain(state());
  });

  test("the limit is [tools.run_bash] timeout_s, 60 s by default, and must be positive", async () => {
    expect(v.parse(runBashTool.options!, {})).toEqual({ timeout_s: 60 });
    expect(v.parse(runBashTool.options!, { timeout_s: 300 })).toEqual({ timeout_s: 300 });
    await expect(runTool(runBashTool, { cmd: "true" }, { worktree: repo().dir, options: { timeout_s: 0 } })).rejects.toThrow("timeout_s");
    await expect(runTool(runBashTool, { cmd: "true" }, { worktree: repo().dir, options: { timeout: 5 } })).rejects.toThrow("invalid options");
  });

  test("configured tools' folders are on PATH (spec test 29)", async () => {
    const bin = binDir({ "swift-format": "echo formatted" });
    process.env.PATH = `${bin}:${savedPath}`;
    try {
      const result = await bash(repo().dir, "command -v swift-format", { config: config({ lint_cmd: "swift-format lint {file}" }) });
      expect(result).toMatchObject({ ok: true, output: expect.stringContaining(`STDOUT:\n${join(bin, "swift-format")}\n`) });
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});

describe("run_bash policy", () => {
  test("paths outside the worktree are refused before anything runs", async () => {
    const r = repo();
    expect(await bash(r.dir, "cd / && touch etc-marker")).toEqual({
      ok: false,
      error: "Absolute paths are not allowed. Use relative paths within the worktree.",
    });
    expect(existsSync(join(r.dir, "etc-marker"))).toBe(false);
    expect(await bash(r.dir, "ls missing 2>/dev/null; echo /tmp")).toMatchObject({ ok: true, output: expect.stringContaining("/tmp\n") });
    expect(await bash(r.dir, `cat ${join(r.dir, "a.txt")} 2>/dev/null; echo ok`)).toMatchObject({ ok: true });
  });

  test("every command of a compound line is judged: `cd . && pip install x` is refused", async () => {
    const deny = config({}, { restrict_run_bash: true, deny_shell_commands: ["pip"] });
    const r = repo();
    const result = await bash(r.dir, "cd . && pip install x", { config: deny });
    expect(result).toEqual({ ok: false, error: "run_bash policy rejected 'cd . && pip install x'. Denied shell command prefix: 'pip'." });
    const bin = binDir({ pipx: "echo pipx ran" });
    process.env.PATH = `${bin}:${savedPath}`;
    try {
      expect(await bash(r.dir, "pipx install x", { config: deny })).toMatchObject({ ok: true, output: expect.stringContaining("pipx ran") });
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  test("restrict + wrapped + uv: `uv run python -c` runs (spec test 24)", async () => {
    const bin = binDir({ uv: 'shift; exec "$@"', python: "echo 1" });
    process.env.PATH = `${bin}:${savedPath}`;
    try {
      const strict = config({}, { restrict_run_bash: true, require_wrapped_verify_tools: true, require_uv_run: true });
      const result = await bash(repo().dir, "uv run python -c 'print(1)'", { config: strict });
      expect(result).toMatchObject({ ok: true, output: expect.stringMatching(/^STDOUT:\n1\n[\s\S]*EXIT:0$/) });
      expect(await bash(repo().dir, "python -c 'print(1)'", { config: config({}, { restrict_run_bash: true, require_uv_run: true }) })).toEqual({
        ok: false,
        error: "run_bash policy requires 'uv run' for Python command 'python'.",
      });
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  test("mutations are refused with deny_shell_file_mutations (spec test 26)", async () => {
    const r = repo();
    const result = await bash(r.dir, "touch scratch.py", { config: config({}, { restrict_run_bash: true, deny_shell_file_mutations: true }) });
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining("file mutation shell command") });
    expect(existsSync(join(r.dir, "scratch.py"))).toBe(false);
  });
});

describe("run_bash writes (spec test 27)", () => {
  test("a file the command creates is reported", async () => {
    const r = repo({ "src/foo.py": "x = 0\n" });
    expect(await bash(r.dir, "printf 'x = 1\\n' > scratch.py")).toEqual({
      ok: true,
      output: "STDOUT:\n\nSTDERR:\n\nEXIT:0",
      writes: ["scratch.py"],
    });
  });

  test("renames report both paths; already-dirty files count when their content changes or they are reverted", async () => {
    const r = repo({ "a.py": "a\n", "b.py": "b\n", "c.py": "c\n", "d.py": "d\n" });
    writeFileSync(join(r.dir, "c.py"), "c2\n");
    writeFileSync(join(r.dir, "d.py"), "d2\n");
    const result = await bash(r.dir, "git mv a.py moved.py && echo more >> c.py && git checkout -q -- d.py && cat b.py");
    expect(result).toMatchObject({ ok: true, writes: ["a.py", "c.py", "d.py", "moved.py"] });
  });

  test("an unchanged dirty file and a read-only command report nothing", async () => {
    const r = repo({ "a.py": "a\n" });
    writeFileSync(join(r.dir, "a.py"), "changed\n");
    expect(await bash(r.dir, "cat a.py")).toEqual({ ok: true, output: "STDOUT:\nchanged\n\nSTDERR:\n\nEXIT:0" });
  });

  test("outside a git repository nothing is reported", async () => {
    const r = repo({}, { git: false });
    expect(await bash(r.dir, "echo x > new.txt")).toEqual({ ok: true, output: "STDOUT:\n\nSTDERR:\n\nEXIT:0" });
    expect(existsSync(join(r.dir, "new.txt"))).toBe(true);
  });
});
