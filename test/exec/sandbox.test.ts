/** The OS sandbox for real: bubblewrap on this machine (CI installs it), every promise tried from inside. */
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exec } from "../../src/exec/exec.ts";
import { defaultHidden } from "../../src/exec/hidden.ts";
import { createSandbox, detectSandbox, type SandboxSpec } from "../../src/exec/sandbox.ts";
import { seatbeltProfile } from "../../src/exec/seatbelt.ts";

const base = mkdtempSync(join(tmpdir(), "dgov-sandbox-test-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: "/nonexistent" };

function tree(name: string): string {
  const dir = join(base, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

const availability = await detectSandbox();
const linux = process.platform === "linux";

function sandboxed(spec: Partial<SandboxSpec>) {
  if (!availability.ok) throw new Error(`no sandbox on this machine: ${availability.reason}`);
  const wrapper = createSandbox(availability, { writable: [], readable: [], hidden: [], network: "off", ...spec });
  return (line: string, cwd = spec.writable?.[0] ?? base) => exec(["bash", "-c", line], { cwd, env, sandbox: wrapper, timeoutMs: 20_000 });
}

describe.if(linux)("bubblewrap sandbox", () => {
  test("is available on this machine", () => {
    expect(availability).toMatchObject({ ok: true, kind: "bwrap" });
  });

  test("a program that is not installed exits 127, as outside the sandbox (not the wrapper's 1)", async () => {
    const work = tree("w-missing");
    const wrapper = createSandbox(availability.ok ? availability : (undefined as never), { writable: [work], readable: [], hidden: [], network: "off" });
    const missing = await exec(["dgov-no-such-program", "x"], { cwd: work, env, sandbox: wrapper, timeoutMs: 20_000 });
    expect(missing).toMatchObject({ code: 127, stderr: "dgov-no-such-program: not found" });
    expect((await exec(["true"], { cwd: work, env, sandbox: wrapper, timeoutMs: 20_000 })).code).toBe(0);
  });

  test("the writable tree can be changed; nothing else can", async () => {
    const work = tree("w1");
    const outside = tree("outside1");
    writeFileSync(join(outside, "keep.txt"), "original\n");
    const run = sandboxed({ writable: [work], readable: [outside] });
    const r = await run(`echo made > made.txt && echo x > ${outside}/keep.txt; echo x > ${outside}/new.txt; touch /usr/dgov-probe; echo rc=$?`);
    expect(readFileSync(join(work, "made.txt"), "utf8")).toBe("made\n");
    expect(readFileSync(join(outside, "keep.txt"), "utf8")).toBe("original\n");
    expect(existsSync(join(outside, "new.txt"))).toBe(false);
    expect(existsSync("/usr/dgov-probe")).toBe(false);
    expect(r.stderr).toContain("Read-only file system");
  });

  test("a .git at the top of a writable tree is read-only, and cannot be removed or replaced", async () => {
    const work = tree("w2");
    mkdirSync(join(work, ".git", "hooks"), { recursive: true });
    writeFileSync(join(work, ".git", "config"), "[core]\n");
    const other = tree("w2b");
    writeFileSync(join(other, ".git"), "gitdir: /somewhere\n");
    const run = sandboxed({ writable: [work, other] });
    await run(`echo evil > .git/hooks/post-checkout; echo '[core] fsmonitor = evil' >> .git/config; rm -rf .git; mv .git g2; echo 'gitdir: /evil' > ${other}/.git; rm -f ${other}/.git`);
    expect(existsSync(join(work, ".git", "hooks", "post-checkout"))).toBe(false);
    expect(readFileSync(join(work, ".git", "config"), "utf8")).toBe("[core]\n");
    expect(readFileSync(join(other, ".git"), "utf8")).toBe("gitdir: /somewhere\n");
  });

  test("/tmp is private and empty; readable folders under it stay visible, read-only", async () => {
    const work = tree("w3");
    const shared = mkdtempSync(join(tmpdir(), "dgov-visible-"));
    writeFileSync(join(shared, "seen.txt"), "seen\n");
    try {
      const run = sandboxed({ writable: [work], readable: [shared] });
      const r = await run(`echo inside > /tmp/inside.txt; ls -A /tmp; cat ${shared}/seen.txt; echo x > ${shared}/seen.txt`);
      expect(r.stdout).toContain("seen\n");
      expect(r.stdout).toContain("inside.txt");
      expect(existsSync(join(tmpdir(), "inside.txt"))).toBe(false);
      expect(readFileSync(join(shared, "seen.txt"), "utf8")).toBe("seen\n");
    } finally {
      rmSync(shared, { recursive: true, force: true });
    }
  });

  test("no other process is visible: not the caller's /proc/<pid>/environ, not its parent's", async () => {
    const run = sandboxed({ writable: [tree("w4")] });
    const r = await run(`cat /proc/${process.pid}/environ; cat /proc/$PPID/environ | tr '\\0' '\\n' | grep -c . ; ls /proc | grep -E '^[0-9]+$' | wc -l`);
    expect(r.stdout).not.toContain("PATH=");
    const count = Number(r.stdout.trim().split("\n").pop());
    expect(count).toBeLessThan(8);
  });

  test("every process dies with the command: setsid and nohup children included", async () => {
    const marker = `dgov-survivor-${crypto.randomUUID()}`;
    const work = tree("w5");
    writeFileSync(join(work, "s.sh"), '#!/bin/bash\nexec -a "$1" sleep 300\n', { mode: 0o755 });
    const run = sandboxed({ writable: [work] });
    const r = await run(`setsid ./s.sh ${marker} >/dev/null 2>&1 </dev/null & nohup ./s.sh ${marker} >/dev/null 2>&1 & (setsid ./s.sh ${marker} &); sleep 0.2; pgrep -fc "^${marker} 300"; echo started`);
    expect(r.stdout).toContain("3\nstarted");
    expect(r.stdout).toContain("started");
    for (let i = 0; i < 50; i++) {
      if (Bun.spawnSync(["pgrep", "-f", `^${marker} 300`]).exitCode === 1) break;
      await Bun.sleep(20);
    }
    expect(Bun.spawnSync(["pgrep", "-f", `^${marker} 300`]).exitCode).toBe(1);
  });

  test("network off: the host's loopback servers are unreachable; on: reachable", async () => {
    const server = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {}, open(s) { s.end("hello\n"); } } });
    try {
      const probe = `exec 3<>/dev/tcp/127.0.0.1/${server.port} && cat <&3; echo rc=$?`;
      const off = await sandboxed({ writable: [tree("w6")] })(probe);
      expect(off.stdout).not.toContain("hello");
      const on = await sandboxed({ writable: [tree("w6")], network: "on" })(probe);
      expect(on.stdout).toContain("hello");
    } finally {
      server.stop(true);
    }
  });

  test("hidden credential stores read as empty", async () => {
    const home = tree("home7");
    mkdirSync(join(home, ".ssh"));
    writeFileSync(join(home, ".ssh", "id_ed25519"), "PRIVATE KEY\n");
    writeFileSync(join(home, ".netrc"), "machine x password hunter2\n");
    const run = sandboxed({ writable: [tree("w7")], readable: [home], hidden: defaultHidden(home, { agentLogins: true }) });
    const r = await run(`ls -A ${home}/.ssh; cat ${home}/.ssh/id_ed25519 ${home}/.netrc; echo end`);
    expect(r.stdout).not.toContain("PRIVATE KEY");
    expect(r.stdout).not.toContain("hunter2");
    expect(r.stdout).toContain("end");
  });

  test("no capabilities, even as root: nothing can be remounted writable", async () => {
    const run = sandboxed({ writable: [tree("w8")] });
    const r = await run("grep CapEff /proc/self/status; mount -o remount,rw / 2>&1; touch /etc/dgov-probe 2>&1; echo done");
    expect(r.stdout).toContain("CapEff:\t0000000000000000");
    expect(existsSync("/etc/dgov-probe")).toBe(false);
  });
});

describe("seatbelt profile (macOS)", () => {
  test("denies writes but to the trees, keeps their .git read-only, hides paths, and cuts the network", () => {
    const profile = seatbeltProfile({ writable: ["/w/t"], readable: [], hidden: ["/h/.ssh"], network: "off" });
    expect(profile).toContain("(deny file-write*)");
    expect(profile).toContain('(allow file-write* (subpath "/w/t")');
    expect(profile).toContain('(deny file-write* (literal "/w/t/.git") (subpath "/w/t/.git"))');
    expect(profile).toContain('(deny file-read* (literal "/h/.ssh") (subpath "/h/.ssh"))');
    expect(profile).toContain("(deny network*)");
    expect(profile).toContain("(allow process-info* (target same-sandbox))");
    expect(seatbeltProfile({ writable: [], readable: [], hidden: [], network: "on" })).not.toContain("network");
  });
});
