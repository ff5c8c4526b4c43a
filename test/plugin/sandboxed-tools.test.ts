/** Worker tools in this machine's sandbox, through the test kit (`runTool({ real, sandboxed })`), on a real linked worktree. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { runTool } from "dgov/testing";
import { revertFileTool } from "../../plugins/worker-tools/revert-file.ts";
import { runBashTool } from "../../plugins/worker-tools/run-bash.ts";
import { createWorktree } from "../../src/git/worktree.ts";
import { type FixtureRepo, makeRepo } from "../fakes/repo.ts";

let repo: FixtureRepo;
let worktree: string;
beforeAll(async () => {
  repo = makeRepo({ "a.txt": "a\n" }, { commit: true });
  worktree = (await createWorktree(repo.dir, "t/m.a", repo.git("rev-parse", "HEAD").trim(), { name: "x", email: "x@x" })).path;
});
afterAll(() => {
  repo.remove();
  Bun.spawnSync(["rm", "-rf", join(dirname(repo.dir), `.dgov-worktrees-${basename(repo.dir)}`)]);
});

const inSandbox = { real: true, sandboxed: true } as const;

describe.if(process.platform === "linux")("tools in the sandbox", () => {
  test("run_bash writes its worktree, and nothing else: not the repository's .git, not the user's checkout", async () => {
    const line = 'echo made > made.txt; C="$(git rev-parse --path-format=absolute --git-common-dir)"; echo x > "$C/hooks/pre-commit"; git config core.fsmonitor evil; echo pwned >> "$(dirname "$C")/a.txt"; git add made.txt; echo rc=$?';
    const result = await runTool(runBashTool, { cmd: `sh <<'X'\n${line}\nX` }, { worktree, ...inSandbox });
    if (!result.ok) throw new Error(result.error);
    expect(result).toMatchObject({ ok: true, writes: ["made.txt"] });
    expect(readFileSync(join(worktree, "made.txt"), "utf8")).toBe("made\n");
    expect(existsSync(join(repo.dir, ".git", "hooks", "pre-commit"))).toBe(false);
    expect(readFileSync(join(repo.dir, ".git", "config"), "utf8")).not.toContain("fsmonitor");
    expect(readFileSync(join(repo.dir, "a.txt"), "utf8")).toBe("a\n");
    expect(result.ok && result.output).toContain("Read-only file system");
  });

  test("revert_file restores a file although the worktree's index is read-only", async () => {
    writeFileSync(join(worktree, "a.txt"), "changed\n");
    expect(await runTool(revertFileTool, { path: "a.txt" }, { worktree, ...inSandbox })).toMatchObject({ ok: true, writes: ["a.txt"] });
    expect(readFileSync(join(worktree, "a.txt"), "utf8")).toBe("a\n");
  });
});
