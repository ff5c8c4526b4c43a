import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as v from "valibot";
import { resolveConfig } from "../../src/config/resolve.ts";
import { defineTool } from "../../src/plugin/api.ts";
import { createToolEnv, toolEnv } from "../../src/plugin/tool-env.ts";
import { defaultConfig, runTool } from "../../src/plugin/testing.ts";

const ALLOWED = ["HOME", "LANG", "LOGNAME", "NO_COLOR", "PATH", "PYTHONDONTWRITEBYTECODE", "PYTHONPATH", "TERM", "TMPDIR", "USER"];
const PLANTED = { OPENAI_API_KEY: "sk-planted", MY_SECRET_TOKEN: "tok-planted", FOO: "foo-planted", AWS_SECRET_ACCESS_KEY: "aws-planted" };

let bins: string;
beforeAll(() => {
  bins = mkdtempSync(join(tmpdir(), "dgov-bins-"));
  for (const [dir, name] of [["tools", "mytool"], ["uvbin", "uv"]] as const) {
    mkdirSync(join(bins, dir));
    writeFileSync(join(bins, dir, name), "#!/bin/sh\nexit 0\n");
    chmodSync(join(bins, dir, name), 0o755);
  }
});
afterAll(() => rmSync(bins, { recursive: true, force: true }));

const config = (project: Record<string, unknown>) => resolveConfig({ project } as never);

describe("toolEnv", () => {
  test("only allowlisted variables; planted secrets never appear", () => {
    const env = toolEnv("/work/tree", defaultConfig(), "/tmp/home-x", { ...PLANTED, PATH: "/usr/bin:/bin", USER: "ann", LANG: "de_DE.UTF-8" });
    expect(Object.keys(env).sort()).toEqual(ALLOWED);
    for (const value of Object.values(PLANTED)) expect(Object.values(env).join("\n")).not.toContain(value);
    expect(env).toMatchObject({ HOME: "/tmp/home-x", TMPDIR: "/tmp/home-x", USER: "ann", LOGNAME: "ann", LANG: "de_DE.UTF-8", TERM: "dumb", NO_COLOR: "1" });
  });

  test("defaults when the base environment is empty", () => {
    const env = toolEnv("/work/tree", defaultConfig(), "/h", {});
    expect(env.PATH).toBe("/usr/local/bin:/usr/bin:/bin");
    expect(env).toMatchObject({ USER: "dgov", LOGNAME: "dgov", LANG: "C.UTF-8" });
  });

  test("PATH: folders of the configured programs first, then the caller's, then the system's, without repeats", () => {
    const tools = join(bins, "tools");
    const uv = join(bins, "uvbin");
    const base = { PATH: `/usr/bin:${tools}:${uv}:/bin:/usr/bin` };
    const env = toolEnv("/w", config({ test_cmd: "mytool {test_dir}", lint_cmd: "uv run ruff check {file}" }), "/h", base);
    expect(env.PATH!.split(":")).toEqual([tools, uv, "/usr/bin", "/bin", "/usr/local/bin"]);
  });

  test("PYTHONPATH is the worktree's src_dir, or the worktree", () => {
    expect(toolEnv("/w", config({ src_dir: "lib/" }), "/h", {}).PYTHONPATH).toBe("/w/lib");
    expect(toolEnv("/w", config({ src_dir: "" }), "/h", {}).PYTHONPATH).toBe("/w");
  });

  test("toolchains living in the real HOME keep their homes; the caller's own settings win; missing ones are left out", () => {
    const home = join(bins, "realhome");
    mkdirSync(join(home, ".rustup"), { recursive: true });
    mkdirSync(join(home, "go"), { recursive: true });
    const env = toolEnv("/w", defaultConfig(), "/h", { HOME: home, CARGO_HOME: join(bins, "tools") });
    expect(env).toMatchObject({ HOME: "/h", RUSTUP_HOME: join(home, ".rustup"), GOPATH: join(home, "go"), CARGO_HOME: join(bins, "tools") });
    expect(env.PYENV_ROOT).toBeUndefined();
  });
});

describe("createToolEnv", () => {
  test("a fresh HOME under the temp folder, removed by dispose", () => {
    const one = createToolEnv("/w", defaultConfig(), {});
    const two = createToolEnv("/w", defaultConfig(), {});
    try {
      expect(one.home).not.toBe(two.home);
      expect(one.home.startsWith(tmpdir())).toBe(true);
      expect(existsSync(one.home)).toBe(true);
      expect(one.env.HOME).toBe(one.home);
    } finally {
      one.dispose();
      two.dispose();
    }
    expect(existsSync(one.home)).toBe(false);
  });
});

describe("tool commands run in the sandbox", () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const key of Object.keys(PLANTED)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  const envTool = defineTool({
    name: "show_env",
    description: "d",
    args: v.strictObject({ shell: v.boolean() }),
    roles: ["worker"],
    effect: "exec",
    run: async ({ shell }, ctx) => {
      const result = shell ? await ctx.shell("env; pwd") : await ctx.exec(["env"]);
      return { ok: true, output: result.stdout };
    },
  });

  test("exec and shell see no secret of the governor's environment, and a temporary HOME", async () => {
    Object.assign(process.env, PLANTED);
    const worktree = mkdtempSync(join(tmpdir(), "dgov-sbx-"));
    try {
      for (const shell of [false, true]) {
        const result = await runTool(envTool, { shell }, { worktree, real: true });
        if (!result.ok) throw new Error(result.error);
        const vars = Object.fromEntries(result.output.trim().split("\n").filter((l) => l.includes("=")).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
        for (const key of Object.keys(PLANTED)) expect([shell, key, vars[key]]).toEqual([shell, key, undefined]);
        expect(vars.HOME).not.toBe(saved.HOME);
        expect(vars.HOME!.startsWith(join(tmpdir(), "dgov-sandbox-"))).toBe(true);
        expect(existsSync(vars.HOME!)).toBe(false); // removed after the call
        if (shell) expect(result.output.trim().split("\n").at(-1)).toBe(worktree);
      }
    } finally {
      rmSync(worktree, { recursive: true, force: true });
    }
  });
});
