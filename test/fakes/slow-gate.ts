/**
 * A test gate that holds until the test releases it, then fails with assertion lines: for
 * tests that watch a run while a gate runs. The release file lives in a folder of its own,
 * made readable to the sandbox the gate runs in.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LlmRepoOptions } from "./llm-repo.ts";

export interface SlowGate {
  /** Options for `llmRepo`/`harness.setup`: the gate script, `test_cmd`, the sandbox readable. */
  repo: LlmRepoOptions;
  /** Lets the gate finish (it fails, printing `Expected: 1` / `Received: 10`). */
  release(): void;
  remove(): void;
}

export function slowGate(): SlowGate {
  const dir = mkdtempSync(join(tmpdir(), "dgov-test-gate-"));
  const script = [
    `while [ ! -f ${dir}/release ]; do sleep 0.05; done`,
    "echo 'expect(received).toBe(expected)'",
    "echo 'Expected: 1'",
    "echo 'Received: 10'",
    "exit 1",
  ].join("\n");
  return {
    repo: { files: { "gate.sh": `${script}\n` }, project: 'test_cmd = "sh gate.sh"', plan: "max_retries = 0", extra: `[sandbox]\nreadable = [${JSON.stringify(dir)}]` },
    release: () => writeFileSync(join(dir, "release"), ""),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
