import { afterEach, describe, expect, test } from "bun:test";
import { appendFileSync, existsSync, readFileSync, renameSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { dgov } from "../fakes/dgov.ts";
import { planRepo, TEST_PROJECT_TOML } from "../fakes/plan-repo.ts";
import { type FixtureRepo, makeRepo } from "../fakes/repo.ts";

let repos: FixtureRepo[] = [];
afterEach(() => {
  repos.forEach((r) => r.remove());
  repos = [];
});
function fixture(name: string) {
  const made = planRepo(name);
  repos.push(made.repo);
  return made;
}

describe("dgov compile output", () => {
  test("is byte-identical on recompile, after touching mtimes, and in another repository", () => {
    const first = fixture("multi-section");
    expect(dgov(["compile", first.dir], { cwd: first.repo.dir }).code).toBe(0);
    const bytes = readFileSync(join(first.dir, "_compiled.toml"), "utf8");
    utimesSync(join(first.dir, "core", "api.toml"), new Date(), new Date(Date.now() + 60_000));
    expect(dgov(["compile", first.dir], { cwd: first.repo.dir }).code).toBe(0);
    expect(readFileSync(join(first.dir, "_compiled.toml"), "utf8")).toBe(bytes);
    const second = fixture("multi-section");
    expect(second.dir).not.toBe(first.dir);
    expect(dgov(["compile", ".dgov/plans/multi-section"], { cwd: second.repo.dir }).code).toBe(0);
    expect(readFileSync(join(second.dir, "_compiled.toml"), "utf8")).toBe(bytes);
    expect(bytes).not.toContain(first.repo.dir);
  });

  test("a failed compile keeps the previous good _compiled.toml byte for byte", () => {
    const { repo, dir } = fixture("basic");
    expect(dgov(["compile", dir], { cwd: repo.dir }).code).toBe(0);
    const good = readFileSync(join(dir, "_compiled.toml"), "utf8");
    appendFileSync(join(dir, "tasks", "main.toml"), '\n[tasks.broken]\nprompt = "x"\ndepends_on = ["nope"]\n');
    const run = dgov(["compile", dir], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unknown bare ref 'nope'");
    expect(readFileSync(join(dir, "_compiled.toml"), "utf8")).toBe(good);
  });

  test("--dry-run writes nothing and needs no provider", () => {
    const { repo, dir } = fixture("basic");
    writeFileSync(join(repo.dir, ".dgov/project.toml"), "");
    const run = dgov(["compile", dir, "--dry-run"], { cwd: repo.dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toStartWith("Checked 2 units, 1 edges → (dry run: nothing written)");
    expect(existsSync(join(dir, "_compiled.toml"))).toBe(false);
    expect(dgov(["compile", dir], { cwd: repo.dir }).stderr).toContain("No provider for task 'tasks/main.add-helper'");
  });

  test("text summary, --graph, and the plan found by name", () => {
    const { repo } = fixture("diamond");
    const run = dgov(["compile", "diamond", "--graph"], { cwd: repo.dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      "Compiled 4 units, 4 edges → .dgov/plans/diamond/_compiled.toml\n\n" +
        "  [0] g/flow.a\n  [1] g/flow.b  ← g/flow.a\n  [1] g/flow.c  ← g/flow.a\n  [2] g/flow.d  ← g/flow.b, g/flow.c\n",
    );
    expect(run.stderr).toContain("[g/flow.a] zero SOP match");
  });
});

describe("dgov validate", () => {
  test("a tree: checked, nothing written", () => {
    const { repo, dir } = fixture("diamond");
    const run = dgov(["validate", dir], { cwd: repo.dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("Valid: plan 'diamond': 4 units, 4 edges, 1 root(s)\n");
    expect(existsSync(join(dir, "_compiled.toml"))).toBe(false);
  });

  test("a compiled file, ours or a hand-written flat plan", () => {
    const { repo, dir } = fixture("basic");
    dgov(["compile", dir], { cwd: repo.dir });
    expect(dgov(["validate", join(dir, "_compiled.toml"), "--json"], { cwd: repo.dir }).json()).toMatchObject({ status: "valid", source: "compiled", plan: "basic" });
    const flat = join(repo.dir, "flat.toml");
    writeFileSync(flat, '[plan]\nname = "flat"\n\n[tasks.a]\nsummary = "a"\nprompt = "Orient:\\nEdit:\\nVerify:"\nfiles = ["x.py"]\n\n[tasks.b]\nsummary = "b"\nprompt = "do"\ndepends_on = ["a", "c"]\nfiles = ["x.py"]\n');
    const run = dgov(["validate", "flat.toml"], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("flat.toml: [tasks.b].depends_on: Unknown ref 'c' in depends_on of 'b'");
  });

  test("a cycle in a flat plan is reported, not looped on", () => {
    const repo = makeRepo({ ".dgov/project.toml": TEST_PROJECT_TOML, "p.toml": '[plan]\nname = "c"\n[tasks.a]\nprompt = "x"\ndepends_on = ["b"]\n[tasks.b]\nprompt = "y"\ndepends_on = ["a"]\n' });
    repos.push(repo);
    const run = dgov(["validate", "p.toml"], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("[tasks.a].depends_on: dependency cycle: a → b → a");
  });
});

describe("dgov init-plan", () => {
  test("scaffolds a plan whose example documents every key and compiles once renamed", () => {
    const repo = makeRepo({ ".dgov/project.toml": TEST_PROJECT_TOML });
    repos.push(repo);
    const run = dgov(["init-plan", "demo", "--sections", "core,docs", "--json"], { cwd: repo.dir });
    expect(run.code).toBe(0);
    const out = run.json<{ created: string[] }>();
    expect(out.created.map((f) => f.slice(repo.dir.length + 1))).toEqual([".dgov/plans/demo/_root.toml", ".dgov/plans/demo/core/_example.toml", ".dgov/plans/demo/docs/_example.toml"]);
    const example = readFileSync(join(repo.dir, ".dgov/plans/demo/core/_example.toml"), "utf8");
    for (const key of ["summary", "prompt", "prompt_file", "commit_message", "files.edit", "files.read", "files.create", "files.delete", "files.touch", "depends_on", "agent", "provider", "role", "timeout_s", "iteration_budget", "test_cmd", "sop_mapping", "self_review", "max_fork_depth"]) {
      expect(example).toContain(`${key} =`);
    }
    expect(dgov(["compile", "demo"], { cwd: repo.dir }).stderr).toContain("plan tree has no units. Declared sections contain only ignored TOML files");
    renameSync(join(repo.dir, ".dgov/plans/demo/core/_example.toml"), join(repo.dir, ".dgov/plans/demo/core/example.toml"));
    const compiled = dgov(["compile", "demo"], { cwd: repo.dir });
    expect(compiled.code).toBe(0);
    expect(compiled.stdout).toStartWith("Compiled 1 units, 0 edges");
  });

  test("refuses an existing plan without --force, and invalid names", () => {
    const repo = makeRepo({});
    repos.push(repo);
    expect(dgov(["init-plan", "p"], { cwd: repo.dir }).code).toBe(0);
    const again = dgov(["init-plan", "p"], { cwd: repo.dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("plan 'p' already exists at .dgov/plans/p");
    expect(dgov(["init-plan", "p", "--force"], { cwd: repo.dir }).code).toBe(0);
    expect(dgov(["init-plan", "../escape"], { cwd: repo.dir }).stderr).toContain("invalid plan name '../escape'");
    expect(dgov(["init-plan", "q", "--sections", "a,b/c"], { cwd: repo.dir }).stderr).toContain("invalid section name 'b/c'");
  });
});

function deploy(repo: FixtureRepo, plan: string, unit: string, sha = "abcdef1234567890") {
  appendFileSync(join(repo.dir, ".dgov/plans/deployed.jsonl"), `${JSON.stringify({ plan, unit, sha, ts: "2026-11-24T00:51:27Z" })}\n`);
}

describe("dgov plan status and plan list", () => {
  test("pending vs deployed from the deploy log, with what blocks each unit", () => {
    const { repo, dir } = fixture("diamond");
    dgov(["compile", dir], { cwd: repo.dir });
    deploy(repo, "diamond", "g/flow.a");
    deploy(repo, "other-plan", "g/flow.b");
    const out = dgov(["plan", "status", "diamond", "--json"], { cwd: repo.dir }).json<Record<string, unknown>>();
    expect(out).toMatchObject({ plan: "diamond", status: "partially deployed", units: 4, deployed: 1, pending: 3, stale: false });
    expect(out.unit_statuses).toEqual([
      { unit: "g/flow.a", status: "deployed", sha: "abcdef1234567890", ts: "2026-11-24T00:51:27Z", blocked_by: [] },
      { unit: "g/flow.b", status: "pending", sha: null, ts: null, blocked_by: [] },
      { unit: "g/flow.c", status: "pending", sha: null, ts: null, blocked_by: [] },
      { unit: "g/flow.d", status: "pending", sha: null, ts: null, blocked_by: ["g/flow.b", "g/flow.c"] },
    ]);
    const text = dgov(["plan", "status", "diamond", "-v"], { cwd: repo.dir }).stdout;
    expect(text).toContain("Plan: diamond  (1/4 deployed, 3 pending)");
    expect(text).toContain("  ✓ g/flow.a  (deployed 2026-11-24T00:51:27Z, sha abcdef1)");
    expect(text).toContain("  ○ g/flow.d  (pending, blocked by: g/flow.b, g/flow.c)");
  });

  test("a source edit after compiling makes the plan stale", () => {
    const { repo, dir } = fixture("basic");
    dgov(["compile", dir], { cwd: repo.dir });
    appendFileSync(join(dir, "tasks/main.toml"), "# a comment changes the sources\n");
    const out = dgov(["plan", "status", dir, "--json"], { cwd: repo.dir }).json<Record<string, unknown>>();
    expect(out).toMatchObject({ status: "stale", stale: true, compiled: true });
    expect(dgov(["plan", "status", dir], { cwd: repo.dir }).stdout).toContain("stale — rerun 'dgov compile .dgov/plans/basic'");
  });

  test("plan list shows every state", () => {
    const { repo } = fixture("basic");
    const cp = (name: string) => {
      const made = planRepo(name);
      repos.push(made.repo);
      Bun.spawnSync(["cp", "-r", made.dir, join(repo.dir, ".dgov/plans", name)]);
    };
    ["diamond", "dgov-py-style", "multi-section", "every-key", "cycle"].forEach(cp);
    for (const name of ["diamond", "dgov-py-style", "multi-section", "every-key"]) dgov(["compile", name], { cwd: repo.dir });
    appendFileSync(join(repo.dir, ".dgov/plans/every-key/work/all.toml"), "# edited\n");
    for (const unit of ["g/flow.a", "g/flow.b", "g/flow.c", "g/flow.d"]) deploy(repo, "diamond", unit);
    deploy(repo, "dgov-py-style", "tasks/main.chaina");
    expect(dgov(["archive-plan", "dgov-py-style"], { cwd: repo.dir }).code).toBe(0);
    const list = dgov(["plan", "list", "--all", "--json"], { cwd: repo.dir }).json<{ name: string; status: string; total: number; deployed: number }[]>();
    expect(list.map((p) => [p.name, p.status, p.deployed, p.total])).toEqual([
      ["basic", "not compiled", 0, 2],
      ["cycle", "invalid", 0, 0],
      ["diamond", "deployed", 4, 4],
      ["every-key", "stale", 0, 2],
      ["multi-section", "compiled", 0, 4],
      ["dgov-py-style", "archived", 1, 3],
    ]);
    const text = dgov(["plan", "list"], { cwd: repo.dir }).stdout;
    expect(text).toStartWith("Plans (5):\n");
    expect(text).toMatch(/✓ diamond\s+deployed\s+\(4\/4\)/);
    expect(text).not.toContain("dgov-py-style");
  });
});

describe("dgov archive-plan", () => {
  test("moves the plan; refuses when the destination exists, never nesting", () => {
    const { repo } = fixture("basic");
    expect(dgov(["archive-plan", "basic"], { cwd: repo.dir }).stdout).toBe("Archived plan 'basic' → .dgov/plans/archive/basic\n");
    expect(existsSync(join(repo.dir, ".dgov/plans/archive/basic/_root.toml"))).toBe(true);
    dgov(["init-plan", "basic"], { cwd: repo.dir });
    const again = dgov(["archive-plan", "basic"], { cwd: repo.dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("archive destination already exists: .dgov/plans/archive/basic");
    expect(existsSync(join(repo.dir, ".dgov/plans/archive/basic/basic"))).toBe(false);
    expect(existsSync(join(repo.dir, ".dgov/plans/basic/_root.toml"))).toBe(true);
  });

  test("an archived plan's files still point editors at the plan schema; a #:schema line of the user's own is kept", () => {
    const { repo } = fixture("basic");
    expect(dgov(["init-plan", "fresh"], { cwd: repo.dir }).code).toBe(0);
    const section = join(repo.dir, ".dgov/plans/fresh/tasks/_example.toml");
    writeFileSync(section, readFileSync(section, "utf8").replace(/^#:schema .*\n/, "#:schema https://example.com/mine.json\n"));
    expect(dgov(["archive-plan", "fresh"], { cwd: repo.dir }).code).toBe(0);
    const archived = join(repo.dir, ".dgov/plans/archive/fresh");
    const root = readFileSync(join(archived, "_root.toml"), "utf8").split("\n")[0]!;
    expect(root).toBe("#:schema ../../../schemas/plan.schema.json");
    expect(existsSync(join(archived, root.slice("#:schema ".length)))).toBe(true);
    expect(readFileSync(join(archived, "tasks/_example.toml"), "utf8").split("\n")[0]).toBe("#:schema https://example.com/mine.json");
  });

  test("refuses an archive folder that git ignores, and unknown plans", () => {
    const { repo } = fixture("basic");
    writeFileSync(join(repo.dir, ".gitignore"), ".dgov/plans/archive/\n");
    const run = dgov(["archive-plan", "basic"], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Refusing to archive durable plan source into ignored .dgov/plans/archive");
    expect(existsSync(join(repo.dir, ".dgov/plans/basic/_root.toml"))).toBe(true);
    expect(dgov(["archive-plan", "nope"], { cwd: repo.dir }).stderr).toContain("no plan 'nope' at .dgov/plans/nope");
  });
});
