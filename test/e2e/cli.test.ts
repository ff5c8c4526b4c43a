/** The binary's command surface: help is true, errors are usage errors, globals work anywhere. */
import { afterAll, describe, expect, test } from "bun:test";
import pkg from "../../package.json" with { type: "json" };
import { COMMANDS } from "../../src/cli/commands.ts";
import { dgov } from "../fakes/dgov.ts";
import { makeRepo } from "../fakes/repo.ts";

const repo = makeRepo({ "a.py": "" });
afterAll(() => repo.remove());

/** Every public runnable command path in the table, e.g. `plugins list`. */
const paths = Object.entries(COMMANDS)
  .filter(([, e]) => !e.hidden)
  .flatMap(([name, e]) => (e.sub ? Object.keys(e.sub).map((s) => `${name} ${s}`) : [name]));

describe("dgov CLI surface", () => {
  test("--version prints the package version", () => {
    const run = dgov(["--version"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${pkg.version}\n`);
    expect(dgov(["--version", "--json"]).json()).toEqual({ version: pkg.version });
  });

  test("--help lists exactly the commands that exist", () => {
    const run = dgov(["--help"]);
    expect(run.code).toBe(0);
    const listed = run.stdout
      .split("Commands:\n")[1]!
      .split("\n\n")[0]!
      .split("\n")
      .map((l) => l.trim().split(/\s{2,}/)[0]);
    expect(listed).toEqual(paths);
    expect(run.stdout).toContain("-C, --cwd <dir>");
    expect(run.stderr).toBe("");
  });

  test("bare dgov is dgov status", () => {
    const bare = dgov([], { cwd: repo.dir });
    expect(bare.code).toBe(0);
    expect(bare.stdout).toBe(dgov(["status"], { cwd: repo.dir }).stdout);
    expect(bare.stdout).toStartWith("status: idle\n");
  });

  for (const path of paths) {
    test(`dgov ${path} --help is generated from its definition`, () => {
      const run = dgov([...path.split(" "), "--help"]);
      expect(run.code).toBe(0);
      expect(run.stdout).toStartWith(`Usage: dgov ${path}`);
      expect(run.stdout).toContain("Global options:");
    });
  }

  test("help of init lists its real options", () => {
    const out = dgov(["init", "-h"]).stdout;
    expect(out).toContain("--force");
    expect(out).toContain("--project-type <type>");
    expect(out).toContain("auto, unknown, python, typescript, javascript, go, rust, swift");
  });

  test("a group without a subcommand runs its default", () => {
    const run = dgov(["plugins", "--json"], { cwd: repo.dir });
    expect(run.code).toBe(0);
    expect(run.json<{ plugins: unknown[] }>().plugins.length).toBeGreaterThan(0);
  });

  test("unknown command: usage error with a suggestion", () => {
    const run = dgov(["conifg"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown command 'conifg'; did you mean 'config'?");
    expect(dgov(["plugins", "lsit"]).stderr).toContain("unknown command 'plugins lsit'; did you mean 'plugins list'?");
  });

  test("unknown option: usage error with a suggestion, nothing done", () => {
    const run = dgov(["init", "--forse"], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--forse' for 'dgov init'; did you mean '--force'?");
    expect(dgov(["config"], { cwd: repo.dir }).stdout).toContain("does not exist");
  });

  test("an enum option rejects values outside its list", () => {
    const run = dgov(["init", "--project-type", "cobol"], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--project-type");
  });

  test("extra arguments are a usage error", () => {
    const run = dgov(["config", "extra"], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("too many arguments for 'dgov config'");
  });

  test("--json works before and after the command; -C picks the project", () => {
    const before = dgov(["--json", "-C", repo.dir, "config"]);
    const after = dgov(["config", "--cwd", repo.dir, "--json"]);
    expect(before.code).toBe(0);
    expect(before.stdout).toBe(after.stdout);
    expect(before.json<{ root: string }>().root).toBe(repo.dir);
    expect(dgov(["config", `--root=${repo.dir}`, "--json"]).stdout).toBe(before.stdout);
  });

  test("-C to a missing directory is a usage error", () => {
    const run = dgov(["-C", "/nonexistent/dir", "config"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("is not a directory");
  });

  test("logs go to stderr, data to stdout", () => {
    const run = dgov(["config", "-C", repo.dir]);
    expect(run.stdout).toContain("[project]");
    expect(run.stderr).toBe("");
  });
});

describe("log format", () => {
  test("DGOV_LOG_FORMAT=json: every log line on stderr is one JSON object (level, tag, message, time); stdout is untouched", () => {
    const repo = makeRepo({ ".dgov/project.toml": "[project]\nmax_parallel = 0\n" }, { commit: true });
    try {
      const run = dgov(["config"], { cwd: repo.dir, env: { DGOV_LOG_FORMAT: "json" } });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      const lines = run.stderr.trim().split("\n").map((l) => JSON.parse(l) as { ts: string; level: string; level_n: number; message: string });
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ level: "error", level_n: 0 });
      expect(lines[0]!.message).toContain(".dgov/project.toml:2: [project].max_parallel: expected an integer >= 1");
      expect(Number.isNaN(Date.parse(lines[0]!.ts))).toBe(false);
      // Without it, the same error is the usual prefixed lines.
      expect(dgov(["config"], { cwd: repo.dir }).stderr).toStartWith("error: .dgov/project.toml has 1 problem");
    } finally {
      repo.remove();
    }
  });
});
