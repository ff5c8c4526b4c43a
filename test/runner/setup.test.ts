/** Fresh trees reuse the root's installed node_modules when their install files are the root's. */
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, lstatSync, mkdirSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { resolveConfig } from "../../src/config/resolve.ts";
import type { Confinement } from "../../src/exec/confine.ts";
import { createCheckout } from "../../src/git/worktree.ts";
import { prepareTree, reuseInstalls } from "../../src/runner/setup.ts";
import { type FixtureRepo, makeRepo } from "../fakes/repo.ts";

const identity = { name: "dgov-worker", email: "agent@dgov.local" };
const OFF: Confinement = { sandbox: null, network: "off", hide: [], readable: [], cache: "", proxies: {} };
let repo: FixtureRepo;
afterEach(() => {
  rmSync(join(dirname(repo.dir), `.dgov-worktrees-${basename(repo.dir)}`), { recursive: true, force: true });
  repo.remove();
});

/** A package with one installed dependency (`left`, with a bin) and a tool cache in node_modules. */
function fixture(gitignore = "node_modules/\n"): FixtureRepo {
  repo = makeRepo({
    ".gitignore": gitignore,
    "package.json": JSON.stringify({ name: "app", dependencies: { left: "1.0.0" } }),
    "package-lock.json": JSON.stringify({ name: "app", lockfileVersion: 3, packages: { "node_modules/left": { version: "1.0.0" } } }),
    "index.js": "module.exports = require('left');\n",
  }, { commit: true });
  repo.write("node_modules/left/package.json", JSON.stringify({ name: "left", version: "1.0.0", main: "index.js" }));
  repo.write("node_modules/left/index.js", "module.exports = 'left';\n");
  mkdirSync(join(repo.dir, "node_modules/.bin"), { recursive: true });
  Bun.spawnSync(["ln", "-s", "../left/index.js", join(repo.dir, "node_modules/.bin/left")]);
  repo.write("node_modules/.vite/results.json", "{}");
  return repo;
}

const config = (reuse: string[]) => resolveConfig({ project: { setup_cmd: "touch setup-ran", reuse_dirs: reuse } });
async function checkout(r: FixtureRepo, label: string): Promise<string> {
  return createCheckout(r.dir, "t", label, r.git("rev-parse", "HEAD").trim(), identity);
}
const prepare = (dir: string, r: FixtureRepo, reuse: string[]) => prepareTree(dir, r.dir, config(reuse), { PATH: process.env.PATH! }, OFF, new AbortController().signal);

describe("prepareTree", () => {
  test("same install files: the root's packages are linked in, setup_cmd does not run, git sees nothing", async () => {
    const r = fixture();
    const dir = await checkout(r, "candidate");
    expect(await prepare(dir, r, ["node_modules"])).toBeNull();
    expect(existsSync(join(dir, "setup-ran"))).toBe(false);
    expect(lstatSync(join(dir, "node_modules")).isDirectory()).toBe(true);
    expect(readlinkSync(join(dir, "node_modules/left"))).toBe(join(r.dir, "node_modules/left"));
    // The tree's caches are its own.
    expect(existsSync(join(dir, "node_modules/.vite"))).toBe(false);
    const node = Bun.spawnSync(["node", "-e", "console.log(require('./index.js'))"], { cwd: dir });
    expect(node.stdout.toString()).toBe("left\n");
    expect(Bun.spawnSync(["git", "status", "--porcelain", "--untracked-files=all"], { cwd: dir }).stdout.toString()).toBe("");
  });

  test("a lockfile that differs: setup_cmd runs instead", async () => {
    const r = fixture();
    const dir = await checkout(r, "candidate");
    writeFileSync(join(dir, "package-lock.json"), "{}");
    const ran = await prepare(dir, r, ["node_modules"]);
    expect(ran?.code).toBe(0);
    expect(existsSync(join(dir, "setup-ran"))).toBe(true);
    expect(existsSync(join(dir, "node_modules"))).toBe(false);
  });

  test("the root's own uncommitted manifest edit counts: no reuse", async () => {
    const r = fixture();
    const dir = await checkout(r, "base");
    r.write("package.json", JSON.stringify({ name: "app", dependencies: { left: "2.0.0" } }));
    expect((await prepare(dir, r, ["node_modules"]))?.code).toBe(0);
    expect(existsSync(join(dir, "setup-ran"))).toBe(true);
  });

  test("a folder git does not ignore is never linked; without reuse_dirs setup_cmd runs as before", async () => {
    const r = fixture("");
    const dir = await checkout(r, "candidate");
    expect(await reuseInstalls(dir, r.dir, config(["node_modules"]))).toBe("git does not ignore node_modules there");
    expect(existsSync(join(dir, "node_modules"))).toBe(false);
    expect((await prepare(dir, r, ["node_modules"]))?.code).toBe(0);
    expect(existsSync(join(dir, "node_modules"))).toBe(false);
    expect(existsSync(join(dir, "setup-ran"))).toBe(true);
    const other = await checkout(r, "base");
    expect((await prepare(other, r, []))?.code).toBe(0);
    expect(existsSync(join(other, "setup-ran"))).toBe(true);
  });
});
