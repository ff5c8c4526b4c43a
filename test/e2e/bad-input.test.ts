/** Bad input gets a clear error and a non-zero exit, and changes nothing; odd but valid input works. */
import { afterEach, describe, expect, test } from "bun:test";
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dgov } from "../fakes/dgov.ts";
import { type FixtureRepo, makeRepo } from "../fakes/repo.ts";
import { type RunRepo, runRepo } from "../fakes/run-repo.ts";

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup) c();
  cleanup = [];
});
function repo(files: Record<string, string>): FixtureRepo {
  const r = makeRepo(files, { commit: true });
  cleanup.push(() => r.remove());
  return r;
}
function runs(): RunRepo {
  const r = runRepo([{ slug: "a", script: "echo a > a.txt", create: ["a.txt"] }]);
  cleanup.push(() => r.remove());
  return r;
}

const ROOT = '[plan]\nname = "p"\nsections = ["t"]\ndefault_agent = "a"\n';
const PROJECT = '[project]\nlanguage = "unknown"\n\n[agents.a]\ncommand = ["true"]\n';
const task = (files: string) => `[tasks.x]\nsummary = "x"\nprompt = "Orient:\\nx\\nEdit:\\nx\\nVerify:\\nx"\n${files}\n`;

describe("claims", () => {
  test("a read claim on dgov's runtime state compiles, with a warning; a write claim on it does not", () => {
    const ok = repo({ ".dgov/project.toml": PROJECT, ".dgov/plans/p/_root.toml": ROOT, ".dgov/plans/p/t/m.toml": task('files.edit = ["a.txt"]\nfiles.read = [".dgov/runs.log"]') });
    const compiled = dgov(["compile", "p"], { cwd: ok.dir });
    expect(compiled.code).toBe(0);
    expect(compiled.stderr).toContain("files.read lists '.dgov/runs.log', dgov's runtime state");
    const bad = repo({ ".dgov/project.toml": PROJECT, ".dgov/plans/p/_root.toml": ROOT, ".dgov/plans/p/t/m.toml": task('files.edit = [".dgov/runs.log"]') });
    const refused = dgov(["compile", "p"], { cwd: bad.dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("invalid claim '.dgov/runs.log': this is dgov's runtime state; tasks may not write it");
  });

  test("a glob in a claim is refused at compile, naming the claim (it would never match)", () => {
    const r = repo({ ".dgov/project.toml": PROJECT, ".dgov/plans/p/_root.toml": ROOT, ".dgov/plans/p/t/m.toml": task('files.edit = ["src/*.ts"]') });
    const run = dgov(["compile", "p"], { cwd: r.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(".dgov/plans/p/t/m.toml:4: [tasks.x].files.edit[0]: invalid claim 'src/*.ts': globs are not supported in claims");
    expect(existsSync(join(r.dir, ".dgov/plans/p/_compiled.toml"))).toBe(false);
  });

  test("a task id too long for a branch name is refused at compile, not at run time", () => {
    const slug = "s".repeat(300);
    const long = repo({ ".dgov/project.toml": PROJECT, ".dgov/plans/p/_root.toml": ROOT, ".dgov/plans/p/t/m.toml": task('files.edit = ["a.txt"]').replace("[tasks.x]", `[tasks.${slug}]`) });
    const refused = dgov(["compile", "p"], { cwd: long.dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`.dgov/plans/p/t/m.toml:1: [tasks.${slug}]: Task id 't/m.${"s".repeat(36)}…' is 304 characters long; at most 200 fit`);
    expect(existsSync(join(long.dir, ".dgov/plans/p/_compiled.toml"))).toBe(false);
  });
});

describe("config", () => {
  test("base_url must be http(s); inf and nan are not numbers dgov can use", () => {
    const r = repo({ ".dgov/project.toml": '[providers.x]\nbase_url = "ftp://models.example.com/v1"\napi_key_env = "K"\nretry_base_s = inf\nprice_in = nan\n' });
    const run = dgov(["config"], { cwd: r.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("[providers.x].base_url: expected an http:// or https:// URL");
    expect(run.stderr).toContain("[providers.x].retry_base_s: expected a finite number (not inf or nan)");
    expect(run.stderr).toContain("[providers.x].price_in: expected a number, got NaN");
  });
});

describe("dgov run arguments", () => {
  test("--continue with --restart is a usage error; nothing runs", () => {
    const r = runs();
    const run = r.run(["--continue", "--restart"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--continue and --restart cannot be used together");
    expect(existsSync(join(r.repo.dir, ".dgov/state.db"))).toBe(false);
  });

  test("the plan's _compiled.toml names its plan, as the hint says", () => {
    const r = runs();
    expect(r.dgov(["compile", "p"]).code).toBe(0);
    const run = r.dgov(["run", ".dgov/plans/p/_compiled.toml"]);
    expect(run.code).toBe(0);
    expect(r.log()[0]).toBe("Task a");
  });

  test("a plan folder that links outside the project is refused", () => {
    const r = runs();
    const elsewhere = mkdtempSync(join(tmpdir(), "dgov-elsewhere-"));
    cleanup.push(() => rmSync(elsewhere, { recursive: true, force: true }));
    cpSync(join(r.repo.dir, ".dgov/plans/p"), join(elsewhere, "p"), { recursive: true });
    symlinkSync(join(elsewhere, "p"), join(r.repo.dir, ".dgov/plans/linked"));
    const run = r.dgov(["run", "linked"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("is outside the project");
    expect(existsSync(join(r.repo.dir, ".dgov/state.db"))).toBe(false);
  });
});

describe("outside a git repository", () => {
  test("every command says so, exit 2", () => {
    const dir = mkdtempSync(join(tmpdir(), "dgov-nogit-"));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    for (const args of [["status"], ["config"], ["plan", "list"], ["run", "p"], ["compile", "p"], ["clean"], ["watch"], ["plugins", "list"], ["tools", "audit"], ["init"]]) {
      const run = dgov(args, { cwd: dir });
      expect([args.join(" "), run.code]).toEqual([args.join(" "), 2]);
      expect(run.stderr).toContain("is not inside a git repository");
    }
  });
});
