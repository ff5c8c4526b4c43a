import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { scrubbedEnv } from "../../src/exec/env.ts";
import { exec, spawnStreaming } from "../../src/exec/exec.ts";

const dir = mkdtempSync(join(tmpdir(), "dgov-exec-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { PATH: process.env.PATH };

/** Running, as opposed to gone or a zombie (killed; a container's init may never reap it). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

describe("exec", () => {
  test("captures output and the exit code of an argv command", async () => {
    const r = await exec(["sh", "-c", "echo out; echo err >&2; exit 3"], { cwd: dir, env });
    expect(r).toMatchObject({ code: 3, stdout: "out\n", stderr: "err\n", timedOut: false });
  });

  test("argv is never interpreted by a shell", async () => {
    const r = await exec(["echo", "$HOME; rm -rf /"], { cwd: dir, env });
    expect(r.stdout).toBe("$HOME; rm -rf /\n");
  });

  test("a missing program is exit 127, not an exception", async () => {
    const r = await exec(["definitely-not-a-program-xyz"], { cwd: dir, env });
    expect(r.code).toBe(127);
    expect(r.stderr).toContain("definitely-not-a-program-xyz");
  });

  test("the environment is exactly what the caller passes", async () => {
    process.env.DGOV_TEST_LEAK = "leaked";
    const r = await exec(["sh", "-c", 'echo "[$DGOV_TEST_LEAK][$ONLY]"'], { cwd: dir, env: { ...env, ONLY: "given" } });
    delete process.env.DGOV_TEST_LEAK;
    expect(r.stdout).toBe("[][given]\n");
  });

  test("stdin text is delivered and closed; without it stdin is empty", async () => {
    expect((await exec(["cat"], { cwd: dir, env, stdin: "hello" })).stdout).toBe("hello");
    expect((await exec(["cat"], { cwd: dir, env })).stdout).toBe("");
  });

  test("a child that never reads its stdin is not an error (EPIPE)", async () => {
    for (let i = 0; i < 20; i++) {
      const r = await exec(["sh", "-c", "exit 0"], { cwd: dir, env, stdin: "x".repeat(1 << 20) });
      expect(r.code).toBe(0);
    }
  });

  test("a timeout kills the whole process group, children included", async () => {
    const pidFile = join(dir, "child.pid");
    const r = await exec(["sh", "-c", `sleep 30 & echo $! > ${pidFile}; sleep 30`], { cwd: dir, env, timeoutMs: 300 });
    expect(r.timedOut).toBe(true);
    expect(r.code).toBe(128 + 15);
    const child = Number(readFileSync(pidFile, "utf8"));
    await Bun.sleep(50);
    expect(alive(child)).toBe(false);
  });

  test("a background child holding the pipe neither hangs the call nor survives it", async () => {
    const pidFile = join(dir, "bg.pid");
    const r = await exec(["sh", "-c", `sleep 30 & echo $! > ${pidFile}; echo done`], { cwd: dir, env });
    expect(r.stdout).toBe("done\n");
    await Bun.sleep(50);
    expect(alive(Number(readFileSync(pidFile, "utf8")))).toBe(false);
  });

  test("an abort signal stops the process group", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const r = await exec(["sleep", "30"], { cwd: dir, env, signal: controller.signal });
    expect(r.code).toBe(128 + 15);
  });
});

/** A shell line whose child leaves the process group (writing its pid) before the line ends. */
const survivor = (pidFile: string) => `setsid sh -c 'echo $$ > ${pidFile}; exec sleep 30' & while [ ! -s ${pidFile} ]; do sleep 0.01; done; echo done`;

describe("output of a process that left the group", () => {
  test("a setsid child holding the pipes does not hang exec; its output is cut and said so", async () => {
    const pidFile = join(dir, "setsid-exec.pid");
    const r = await exec(["sh", "-c", survivor(pidFile)], { cwd: dir, env });
    expect(r.code).toBe(0);
    expect(r.stdout).toStartWith("done\n");
    expect(r.stdout).toContain("[output cut: a process that left the command's process group kept it open]");
    process.kill(Number(readFileSync(pidFile, "utf8")), "SIGKILL");
  });

  test("a streaming process: every line it wrote before exiting is read, however slowly it is consumed", async () => {
    const proc = spawnStreaming(["sh", "-c", "i=0; while [ $i -lt 3000 ]; do echo line-$i; i=$((i+1)); done"], { cwd: dir, env });
    const lines: string[] = [];
    await proc.exited;
    for await (const { line } of proc.lines) {
      lines.push(line);
      // Slower than the drain's idle limit in total: the limit only applies to a silent pipe.
      if (lines.length % 500 === 0) await Bun.sleep(200);
    }
    expect(lines.length).toBe(3000);
    expect(lines.at(-1)).toBe("line-2999");
  });

  test("a streaming process whose setsid child keeps stdout open still ends its lines", async () => {
    const pidFile = join(dir, "setsid-stream.pid");
    const proc = spawnStreaming(["sh", "-c", `echo first; ${survivor(pidFile)}`], { cwd: dir, env });
    const lines: string[] = [];
    for await (const { line } of proc.lines) lines.push(line);
    expect(await proc.exited).toBe(0);
    expect(lines).toEqual(["first", "done"]);
    process.kill(Number(readFileSync(pidFile, "utf8")), "SIGKILL");
  });
});

describe("scrubbedEnv", () => {
  test("drops credentials by name pattern and by explicit name", () => {
    const out = scrubbedEnv(
      { PATH: "/bin", HOME: "/h", OPENAI_API_KEY: "k", GITHUB_TOKEN: "t", AWS_SECRET_ACCESS_KEY: "s", MY_LLM: "x", LANG: "C" },
      ["MY_LLM"],
    );
    expect(out).toEqual({ PATH: "/bin", HOME: "/h", LANG: "C" });
  });
});
