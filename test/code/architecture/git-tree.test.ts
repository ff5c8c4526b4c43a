import { afterEach, expect, test } from "bun:test";
import { commitTexts } from "../../../src/code/architecture/git-tree.ts";
import { type FixtureRepo, makeRepo } from "../../fakes/repo.ts";

let repo: FixtureRepo | undefined;
afterEach(() => repo?.remove());

/** dgov's git as a gate gets it, here a plain `git` process. */
const ctx = {
  async git(args: readonly string[], opts?: { cwd?: string; stdin?: string }) {
    const p = Bun.spawnSync(["git", ...args], { cwd: opts?.cwd, stdin: opts?.stdin ? Buffer.from(opts.stdin) : undefined, stdout: "pipe", stderr: "pipe" });
    return { code: p.exitCode, stdout: p.stdout.toString(), stderr: p.stderr.toString(), timedOut: false, durationMs: 0 };
  },
};

test("a commit's source texts, multi-byte text intact across many files; other files, excluded and oversized ones left out", async () => {
  const files: Record<string, string> = { "go.mod": "module ex.com/m\n", "README.md": "# x\n", "gen/g.ts": "export const g = 1;\n", "big.ts": `// ${"x".repeat(200 * 1024)}\n` };
  for (let i = 0; i < 70; i++) files[`src/f${i}.ts`] = `export const s${i} = "é ✓ 🎉 ${i}";\n`;
  repo = makeRepo(files, { commit: true });
  const sha = repo.git("rev-parse", "HEAD").trim();
  const texts = await commitTexts(ctx, repo.dir, sha, ["gen/"]);
  expect([...texts.keys()].filter((p) => !p.startsWith("src/"))).toEqual(["go.mod"]);
  expect(texts.size).toBe(71);
  for (let i = 0; i < 70; i++) expect(texts.get(`src/f${i}.ts`)).toBe(files[`src/f${i}.ts`]);
});
