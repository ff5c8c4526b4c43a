/** `dgov verify list/run` (spec settlement-git §4.1, §7 test 79) and plugin recipes as gates. */
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { dgov } from "../fakes/dgov.ts";
import { type FixtureRepo, makeRepo } from "../fakes/repo.ts";
import { type RunRepo, runRepo } from "../fakes/run-repo.ts";

let repos: (FixtureRepo | RunRepo)[] = [];
afterEach(() => {
  repos.forEach((r) => r.remove());
  repos = [];
});
function repo(files: Record<string, string>): FixtureRepo {
  const made = makeRepo({ ".dgov/project.toml": "", ...files }, { commit: true });
  repos.push(made);
  return made;
}

const RECIPES = `[verify.ok]
command = "echo fine; echo 'WARNING: deprecated' >&2; echo 'a warning here'"
description = "Always passes"

[verify.bad]
command = "echo broken; exit 1"
log_name = "bad-run.txt"
`;

const PLUGIN = `import { definePlugin, defineVerify } from "dgov/plugin";
export default definePlugin({
  name: "acme",
  api: 1,
  verify: [
    defineVerify({
      name: "shells",
      description: "Shell scripts parse",
      match: ["*.sh"],
      steps: [
        { id: "first", argv: ["sh", "-c", "echo step one"] },
        { id: "syntax", argv: ["sh", "-c", "for f in $(git ls-files --others --cached '*.sh'); do sh -n \\"$f\\" || exit 4; done"] },
        { id: "never", argv: ["sh", "-c", "echo never > never.txt"] },
      ],
    }),
    defineVerify({ name: "slow", match: ["docs/*"], steps: [{ id: "sleep", argv: ["sleep", "20"], timeoutMs: 300 }] }),
  ],
});
`;

describe("dgov verify list", () => {
  test("no recipes: says so; JSON is an empty list", () => {
    const r = repo({});
    const run = dgov(["verify", "list"], { cwd: r.dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("No verification recipes configured.\n");
    expect(dgov(["verify", "list", "--json"], { cwd: r.dir }).json()).toEqual({ recipes: [] });
  });

  test("config and plugin recipes, with their source", () => {
    const r = repo({ ".dgov/project.toml": RECIPES, ".dgov/plugins/acme.ts": PLUGIN });
    const run = dgov(["verify", "list"], { cwd: r.dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toStartWith("Verification recipes:\n  ok — Always passes  (.dgov/project.toml)\n");
    expect(run.stdout).toContain("  shells — Shell scripts parse  (plugin acme; gate verify-shells on *.sh)");
    const json = dgov(["verify", "list", "--json"], { cwd: r.dir }).json<{ recipes: Record<string, unknown>[] }>();
    expect(json.recipes.map((x) => [x.name, x.source])).toEqual([["ok", "config"], ["bad", "config"], ["shells", "plugin"], ["slow", "plugin"]]);
    expect(json.recipes[1]).toEqual({ name: "bad", description: "", command: "echo broken; exit 1", source: "config" });
    expect(json.recipes[2]).toMatchObject({ plugin: "acme", match: ["*.sh"], steps: [{ id: "first" }, { id: "syntax" }, { id: "never" }] });
  });
});

describe("dgov verify run", () => {
  test("a passing recipe: PASS, exit code, warnings counted, the log written", () => {
    const r = repo({ ".dgov/project.toml": RECIPES });
    const run = dgov(["verify", "run", "ok"], { cwd: r.dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("PASS: ok\n  exit_code: 0\n" + run.stdout.match(/  duration: \d+\.\d\ds\n/)![0] + "  warnings: 2\n  log: .dgov/runtime/verify/ok.log\n");
    expect(readFileSync(join(r.dir, ".dgov/runtime/verify/ok.log"), "utf8")).toBe("fine\na warning here\nWARNING: deprecated\n");
  });

  test("a failing recipe: FAIL, exit 1, its log_name; the log is overwritten each run", () => {
    const r = repo({ ".dgov/project.toml": RECIPES });
    r.write(".dgov/runtime/verify/bad-run.txt", "old content\n");
    const run = dgov(["verify", "run", "bad"], { cwd: r.dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("FAIL: bad\n  exit_code: 1\n");
    expect(readFileSync(join(r.dir, ".dgov/runtime/verify/bad-run.txt"), "utf8")).toBe("broken\n");
  });

  test("JSON: status and one result per recipe; no names = all, in order", () => {
    const r = repo({ ".dgov/project.toml": RECIPES });
    const run = dgov(["verify", "run", "--json"], { cwd: r.dir });
    expect(run.code).toBe(1);
    const json = run.json<{ status: string; results: Record<string, unknown>[] }>();
    expect(json.status).toBe("fail");
    expect(json.results.map((x) => x.recipe)).toEqual(["ok", "bad"]);
    expect(json.results[0]).toMatchObject({ exit_code: 0, warning_count: 2, log_path: join(r.dir, ".dgov/runtime/verify/ok.log"), failed_step: null });
    expect(json.results[0]!.summary).toMatch(/^exit=0 in \d+\.\d\ds, 2 warnings$/);
    expect(json.results[1]!.summary).toMatch(/^exit=1 in \d+\.\d\ds, 0 warnings$/);
    expect(dgov(["verify", "run", "ok", "--json"], { cwd: r.dir }).json()).toMatchObject({ status: "pass" });
  });

  test("an unknown recipe: exit 2, nothing run, the known names and a suggestion", () => {
    const r = repo({ ".dgov/project.toml": RECIPES });
    const run = dgov(["verify", "run", "ok", "missing", "bda"], { cwd: r.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown verify recipe 'missing'");
    expect(run.stderr).toContain("unknown verify recipe 'bda'; did you mean 'bad'?");
    expect(run.stderr).toContain("known recipes: ok, bad");
    expect(existsSync(join(r.dir, ".dgov/runtime/verify/ok.log"))).toBe(false);
  });

  test("the environment has no secrets: provider keys and credential-like names are removed", () => {
    const r = repo({
      ".dgov/project.toml": `[providers.p]\nbase_url = "http://127.0.0.1:9/v1"\napi_key_env = "MY_PROVIDER_VAR"\n\n[verify.env]\ncommand = "env"\n`,
    });
    // Values no path or other variable can contain by chance (a temp folder named …-k2cd did).
    const [provider, token] = ["provider-secret-7Qx3v9", "token-secret-Zr81mB"];
    const run = dgov(["verify", "run", "env"], { cwd: r.dir, env: { MY_PROVIDER_VAR: provider, GITHUB_TOKEN: token, KEEP_ME: "visible" } });
    expect(run.code).toBe(0);
    const log = readFileSync(join(r.dir, ".dgov/runtime/verify/env.log"), "utf8");
    expect(log).toContain("KEEP_ME=visible");
    expect(log).not.toContain(provider);
    expect(log).not.toContain(token);
    expect(log).not.toMatch(/^(MY_PROVIDER_VAR|GITHUB_TOKEN)=/m);
  });

  test("a plugin recipe runs its steps in order and stops at the first failure", () => {
    const r = repo({ ".dgov/plugins/acme.ts": PLUGIN, "ok.sh": "echo ok\n" });
    r.write("broken.sh", "if then\n");
    const run = dgov(["verify", "run", "shells"], { cwd: r.dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("FAIL: shells\n  exit_code: 4\n  failed_step: syntax\n");
    const log = readFileSync(join(r.dir, ".dgov/runtime/verify/shells.log"), "utf8");
    expect(log).toStartWith("$ sh -c 'echo step one'\nstep one\n$ sh -c 'for f in");
    expect(log).toContain("broken.sh");
    expect(existsSync(join(r.dir, "never.txt"))).toBe(false);
    r.write("broken.sh", "echo fixed\n");
    expect(dgov(["verify", "run", "shells"], { cwd: r.dir }).code).toBe(0);
    expect(existsSync(join(r.dir, "never.txt"))).toBe(true);
  });

  test("a step over its timeoutMs is stopped: exit_code -1 and the timeout in the log", () => {
    const r = repo({ ".dgov/plugins/acme.ts": PLUGIN });
    const started = Date.now();
    const run = dgov(["verify", "run", "slow", "--json"], { cwd: r.dir });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(run.code).toBe(1);
    expect(run.json<{ results: Record<string, unknown>[] }>().results[0]).toMatchObject({ exit_code: -1, failed_step: "sleep" });
    expect(readFileSync(join(r.dir, ".dgov/runtime/verify/slow.log"), "utf8")).toBe("$ sleep 20\n\n[verify] step 'sleep' timed out after 0.3s\n");
  });
});

describe("plugin recipes as settlement gates", () => {
  test("dgov plugins list shows verify-<name> owned by the plugin; [gates.verify-<name>] sets its level", () => {
    const r = repo({ ".dgov/plugins/acme.ts": PLUGIN, ".dgov/project.toml": '[gates.verify-slow]\nlevel = "warn"\n' });
    const json = dgov(["plugins", "list", "--json"], { cwd: r.dir }).json<{ plugins: { name: string; contributions: Record<string, unknown>[] }[] }>();
    const acme = json.plugins.find((p) => p.name === "acme")!;
    expect(acme.contributions.filter((c) => c.kind === "gate")).toEqual([
      { kind: "gate", name: "verify-shells", description: "Verify recipe: Shell scripts parse", phase: "isolated+candidate", order: "normal", level: "block" },
      { kind: "gate", name: "verify-slow", description: "Runs verify recipe 'slow' on changes matching docs/*", phase: "isolated+candidate", order: "normal", level: "warn" },
    ]);
    expect(dgov(["plugins", "list"], { cwd: r.dir }).stdout).toMatch(/gate +verify-shells +isolated\+candidate\/normal \(block\)/);
  });

  test("a gate of the same name as a derived one is a plugin error", () => {
    const clash = `import { definePlugin, defineGate } from "dgov/plugin";
export default definePlugin({ name: "other", api: 1, gates: [defineGate({ name: "verify-shells", description: "x", phase: "review", check: () => ({ status: "pass" }) })] });
`;
    const r = repo({ ".dgov/plugins/acme.ts": PLUGIN, ".dgov/plugins/other.ts": clash });
    const run = dgov(["plugins", "list"], { cwd: r.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("duplicate gate 'verify-shells': defined by plugin 'other'");
  });

  test("in dgov run: a failing recipe on a matching change rejects the task; one matching nothing lets it land", () => {
    const recipe = (match: string) => `import { definePlugin, defineVerify } from "dgov/plugin";
export default definePlugin({ name: "acme", api: 1, verify: [defineVerify({ name: "no-todo", match: [${JSON.stringify(match)}], steps: [{ id: "grep", argv: ["sh", "-c", "! grep -n TODO a.txt"] }] })] });
`;
    const runWith = (match: string): RunRepo => {
      const r = runRepo([{ slug: "a", script: "printf 'one\\nTODO two\\n' > a.txt", create: ["a.txt"] }], { files: { ".dgov/plugins/acme.ts": recipe(match) } });
      repos.push(r);
      return r;
    };
    const blocked = runWith("*.txt");
    const run = blocked.run(["--json"]);
    expect(run.code).toBe(1);
    const task = run.json<{ tasks: { error: string }[] }>().tasks[0]!;
    expect(task.error).toContain("settlement rejected at isolated by verify-no-todo: Verify recipe 'no-todo' step 'grep' failed (exit 1)");
    expect(task.error).toContain("2:TODO two");
    expect(blocked.log()).toEqual(["initial"]);
    const landed = runWith("docs/*");
    expect(landed.run().code).toBe(0);
    expect(landed.log()).toEqual(["Task a", "initial"]);
  }, { timeout: 30_000 });
});
