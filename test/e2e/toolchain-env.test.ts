/**
 * The worker's tools run the project's toolchain (issue 12): inside run_bash, in the sandbox
 * and out of it, cargo, go and pnpm work and find the user's toolchain homes (read-only), and
 * `[sandbox] pass_env` passes a named variable through; secrets still never pass.
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { byTask, llmHarness, TEST_KEY } from "../fakes/llm-repo.ts";
import { call, done, write } from "../fakes/model-server.ts";
import { haveToolchains } from "../fakes/toolchains.ts";

const h = llmHarness();
const toolOutputs = () => h.server.requests.flatMap((q) => q.body.messages.filter((m) => m.role === "tool").map((m) => String(m.content)));

const PROBE = [
  "cargo --version",
  "rustc --version",
  'echo "GOMODCACHE=$(go env GOMODCACHE)"',
  'echo "GOPATH=$(go env GOPATH)"',
  "pnpm --version",
  'echo "EXTRA=${DGOV_TEST_EXTRA:-unset}"',
  'echo "SECRET=${DGOV_TEST_TOKEN:-unset}"',
].join(" && ");

describe.if(haveToolchains("rust", "go", "pnpm"))("toolchains inside run_bash", () => {
  for (const mode of ["sandbox", "off"] as const) {
    test(`${mode}: cargo, go and pnpm work; go finds the user's module cache; pass_env passes, secrets do not`, async () => {
      const r = h.setup({ conversations: [byTask("probe", [call("run_bash", { cmd: PROBE }), write("x.txt", "x\n"), done()])] }, [{ slug: "probe", create: ["x.txt"] }], {
        extra: `[sandbox]\npass_env = ["DGOV_TEST_EXTRA"]\n${mode === "off" ? 'mode = "off"\n' : ""}`,
      });
      // The user's Go home: made here, so the test does not depend on what this machine's HOME holds.
      const gopath = mkdtempSync(join(tmpdir(), "dgov-gopath-"));
      mkdirSync(join(gopath, "pkg", "mod"), { recursive: true });
      const run = await r.run(["--json"], { DGOV_TEST_EXTRA: "passed-through", DGOV_TEST_TOKEN: "tok-123", GOPATH: gopath, GOMODCACHE: undefined });
      rmSync(gopath, { recursive: true, force: true });
      expect(run.stderr).not.toContain("error:");
      const out = toolOutputs().find((o) => o.includes("GOMODCACHE="))!;
      expect(out).toEndWith("EXIT:0");
      expect(out).toMatch(/cargo \d+\.\d+/);
      expect(out).toMatch(/rustc \d+\.\d+/);
      expect(out).toContain(`GOMODCACHE=${join(gopath, "pkg", "mod")}`);
      expect(out).toContain(`GOPATH=${gopath}`);
      expect(out).toMatch(/\n10\.\d+\.\d+\n/);
      expect(out).toContain("EXTRA=passed-through");
      expect(out).toContain("SECRET=unset");
      for (const o of toolOutputs()) expect(o).not.toContain(TEST_KEY);
    }, 60_000);
  }
});

test("pass_env naming a credential is a config error, and nothing runs", async () => {
  const r = h.setup({ conversations: [] }, [{ slug: "probe", create: ["x.txt"] }], { extra: '[sandbox]\npass_env = ["PATH_EXTRA", "GITHUB_TOKEN"]' });
  const run = await r.run();
  expect(run.code).toBe(2);
  expect(run.stderr).toContain("[sandbox].pass_env[1]: 'GITHUB_TOKEN' looks like a credential, and dgov never passes those to the worker's tools");
  expect(r.worktrees()).toEqual([]);
});
