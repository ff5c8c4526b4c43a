/**
 * The npm package: `npm pack` of this tree, installed into a fresh prefix, gives a `dgov` that
 * answers --version and runs the demo (with the Bun of its optional `bun` dependency, not the
 * one on PATH); `bunx` and `npx` from the tarball run it too.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dir, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "dgov-package-test-"));
const prefix = join(dir, "prefix");
let tarball = "";

function run(argv: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const proc = Bun.spawnSync(argv, { cwd: opts.cwd ?? dir, env: { ...process.env, NO_COLOR: "1", ...opts.env }, stdout: "pipe", stderr: "pipe" });
  return { code: proc.exitCode, stdout: proc.stdout.toString(), stderr: proc.stderr.toString() };
}

function ok(result: ReturnType<typeof run>): string {
  if (result.code !== 0) throw new Error(`exit ${result.code}\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

beforeAll(() => {
  ok(run(["npm", "pack", "--pack-destination", dir, "--silent"], { cwd: root }));
  tarball = join(dir, readdirSync(dir).find((name) => name.endsWith(".tgz"))!);
  ok(run(["npm", "install", "--global", "--prefix", prefix, tarball, "--no-audit", "--no-fund", "--loglevel=error"]));
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the npm package", () => {
  test("installed into a fresh prefix: `dgov --version` and the demo, run by the packaged Bun", () => {
    const dgov = join(prefix, "bin", "dgov");
    const version = ok(run([dgov, "--version"]));
    expect(version.trim()).toBe((require(join(root, "package.json")) as { version: string }).version);
    const demoDir = join(dir, "demo");
    const demo = run([dgov, "demo", demoDir]);
    expect(demo.code).toBe(0);
    expect(demo.stdout).toMatch(/Run \S+ of plan 'demo': complete/);
    expect(demo.stdout.match(/^\s+main\/tasks\.\w+\s+merged/gm)?.length).toBe(3);
    // The demo's test gate runs `bun test` with the Bun this dgov runs on: the package's own.
    expect(readFileSync(join(demoDir, ".dgov", "project.toml"), "utf8")).toContain(join(prefix, "lib", "node_modules", "dgov", "node_modules", "bun", "bin", "bun.exe"));
  }, 120_000);

  test("a SIGTERM sent to the launcher alone reaches dgov: a long-running command (dgov ui) stops with it", async () => {
    const proc = Bun.spawn([join(prefix, "bin", "dgov"), "ui", "--port", "0", "--json"], { cwd: join(dir, "demo"), stdout: "pipe", stderr: "pipe" });
    const reader = (proc.stdout as ReadableStream<Uint8Array>).getReader();
    let text = "";
    while (!text.includes("}")) text += new TextDecoder().decode((await reader.read()).value);
    const { url } = JSON.parse(text) as { url: string };
    if (!url) throw new Error(`dgov ui printed ${text}`);
    const base = url.split("?")[0]!;
    expect((await fetch(`${base}api/overview`)).status).toBe(200);
    // The page and its script come from the bundle's folder, whatever the working directory.
    const html = await (await fetch(base)).text();
    const script = /src="(?:\.\.\/)*([^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const js = await fetch(`${base}${script}`);
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toContain("javascript");
    expect(await js.text()).toContain("EventSource");
    proc.kill("SIGTERM");
    expect(await proc.exited).toBe(0);
    expect(await fetch(`${url.split("?")[0]}api/overview`).then(() => "answered", () => "gone")).toBe("gone");
  }, 60_000);

  test("bunx from the tarball runs it in-process under Bun, demo included", () => {
    const env = { BUN_INSTALL_CACHE_DIR: join(dir, "bun-cache"), TMPDIR: dir };
    expect(ok(run(["bunx", "--package", tarball, "dgov", "--version"], { env })).trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const demo = run(["bunx", "--package", tarball, "dgov", "demo", join(dir, "bunx-demo")], { env });
    expect(demo.code).toBe(0);
    expect(demo.stdout).toMatch(/Run \S+ of plan 'demo': complete/);
  }, 120_000);

  test("npx from the tarball", () => {
    const out = ok(run(["npx", "--yes", "--package", tarball, "dgov", "--version"], { env: { npm_config_loglevel: "error" } }));
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  }, 120_000);

  test("a launcher without its bundle says what to do, exit 1", () => {
    const copy = join(dir, "unbuilt", "bin");
    mkdirSync(copy, { recursive: true });
    copyFileSync(join(root, "bin", "dgov.js"), join(copy, "dgov.js"));
    const result = run(["node", join(copy, "dgov.js"), "--version"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("was not built");
    expect(result.stderr).toContain("npm pack");
  });
});

describe("the release script", () => {
  test("builds a binary per asked target, the npm tarball and SHA256SUMS that verify", () => {
    const out = join(dir, "release");
    const built = ok(run(["bun", join(root, "scripts", "release.ts"), "--out", out, "--targets", "linux-x64,darwin-arm64"], { cwd: root }));
    const version = (require(join(root, "package.json")) as { version: string }).version;
    const names = [`dgov-${version}-darwin-arm64`, `dgov-${version}-linux-x64`, `dgov-${version}.tgz`];
    expect(readdirSync(out).sort()).toEqual(["SHA256SUMS", ...names]);
    expect(built).toContain("SHA256SUMS (3 files)");
    expect(ok(run(["sha256sum", "--check", "SHA256SUMS"], { cwd: out })).trim().split("\n")).toEqual(names.map((name) => `${name}: OK`));
    if (process.platform === "linux" && process.arch === "x64") expect(ok(run([join(out, names[1]!), "--version"])).trim()).toBe(version);
    // A Mach-O 64-bit executable for arm64.
    expect([...readFileSync(join(out, names[0]!)).subarray(0, 8)]).toEqual([0xcf, 0xfa, 0xed, 0xfe, 0x0c, 0x00, 0x00, 0x01]);
  }, 180_000);

  test("an unknown target is refused before anything is built", () => {
    const out = join(dir, "release-bad");
    const result = run(["bun", join(root, "scripts", "release.ts"), "--out", out, "--targets", "linux-x64,windows-x64"], { cwd: root });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown target windows-x64; the targets are linux-x64, linux-arm64, darwin-x64, darwin-arm64");
    expect(() => readdirSync(out)).toThrow();
  });
});
