/** The runner's repo maps: one per base commit, from git's listing, the same map a worker would walk. */
import { afterEach, describe, expect, test } from "bun:test";
import { rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { resolveConfig } from "../../src/config/resolve.ts";
import { createWorktree } from "../../src/git/worktree.ts";
import { createRepoMaps } from "../../src/runner/repo-maps.ts";
import { repoMap } from "../../src/worker/repo-map.ts";
import { type FixtureRepo, makeRepo } from "../fakes/repo.ts";

const config = resolveConfig({});
const identity = { name: "dgov-worker", email: "agent@dgov.local" };
let repo: FixtureRepo;
afterEach(() => {
  rmSync(join(dirname(repo.dir), `.dgov-worktrees-${basename(repo.dir)}`), { recursive: true, force: true });
  repo.remove();
});

/** A package as projects lay one out: an entry re-exporting modules, tests, a Python tool, dot folders, ignored output. */
function project(): FixtureRepo {
  return makeRepo({
    "package.json": '{ "name": "pkg", "type": "module" }\n',
    ".gitignore": "dist/\n",
    ".github/workflows/ci.yml": "on: push\n",
    "src/index.ts": 'export * from "./math.ts";\nexport * from "./text.ts";\n',
    "src/math.ts": "export function add(a: number, b: number): number {\n  return a + b;\n}\nexport const LIMIT = 10;\nconst hidden = 1;\n",
    "src/text.ts": "export interface Shout {\n  text: string;\n}\nexport function shout(s: string): string {\n  return s.toUpperCase();\n}\n",
    "tests/math.test.ts": 'import { add } from "../src/index.ts";\ntest("add", () => add(1, 2));\n',
    "scripts/gen.py": "class Gen:\n    def run(self):\n        pass\n\ndef main():\n    pass\n",
  }, { commit: true });
}

describe("createRepoMaps", () => {
  test("a fresh worktree's map is the one the worker would walk; build output there is not the project", async () => {
    repo = project();
    const base = repo.git("rev-parse", "HEAD").trim();
    const wt = await createWorktree(repo.dir, "t/a", base, identity);
    const walked = await repoMap(wt.path, config, { maxLines: 0 });
    // A setup step's output, ignored by git: the walk would list it, the base commit does not hold it.
    writeFileSync(join(wt.path, "dist.js"), "export function built() {}\n");
    const maps = createRepoMaps(repo.dir, { ...config, project: { ...config.project, worker_tree_max_lines: 0 } });
    const map = await maps.at(base, wt.path);
    expect(map).toBe(walked);
    expect(map).toContain("src/math.ts\n  function add\n  const LIMIT");
    expect(map).not.toContain("dist.js");
    expect(map).not.toContain(".github");
  });

  test("a sparse worktree's map is the one the worker would walk there: the files of its cone", async () => {
    repo = project();
    const base = repo.git("rev-parse", "HEAD").trim();
    const cone = ["tests"];
    const wt = await createWorktree(repo.dir, "t/s", base, identity, cone);
    const maps = createRepoMaps(repo.dir, { ...config, project: { ...config.project, worker_tree_max_lines: 0 } });
    const map = await maps.at(base, wt.path, cone);
    expect(map).toBe(await repoMap(wt.path, config, { maxLines: 0 }));
    expect(map).toContain("tests/math.test.ts");
    expect(map).not.toContain("src/math.ts");
    // The full map of the same base is another map.
    const full = await createWorktree(repo.dir, "t/f", base, identity);
    expect(await maps.at(base, full.path)).toContain("src/math.ts\n  function add");
  });

  test("one map per base; a file that is not its blob in the tree gives no symbols, and is read again at the next base", async () => {
    repo = project();
    const base = repo.git("rev-parse", "HEAD").trim();
    const wt = await createWorktree(repo.dir, "t/a", base, identity);
    const maps = createRepoMaps(repo.dir, config);
    // A setup step rewrote a tracked file: what it holds is not the base's src/text.ts.
    writeFileSync(join(wt.path, "src/text.ts"), "export function rewritten() {}\n");
    const first = await maps.at(base, wt.path);
    expect(first).toContain("src/text.ts\ntests/");
    expect(first).not.toContain("rewritten");
    expect(await maps.at(base, "/nonexistent")).toBe(first);
    // The next base (one landing on) is read from a tree that holds it.
    repo.write("src/more.ts", "export function more() {}\n");
    repo.git("add", "src/more.ts");
    repo.git("commit", "-qm", "more");
    const next = repo.git("rev-parse", "HEAD").trim();
    const wt2 = await createWorktree(repo.dir, "t/b", next, identity);
    const second = await maps.at(next, wt2.path);
    expect(second).toContain("src/more.ts\n  function more");
    expect(second).toContain("src/text.ts\n  interface Shout\n  function shout");
  });
});
