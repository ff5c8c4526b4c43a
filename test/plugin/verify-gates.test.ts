/** A plugin recipe as a settlement gate: applies by `match`, runs steps, fails with the output tail. */
import { afterAll, describe, expect, test } from "bun:test";
import { defineVerify } from "../../src/plugin/api.ts";
import { gateInput, runGate } from "../../src/plugin/testing.ts";
import { verifyGate } from "../../src/plugin/verify-gates.ts";
import { exec } from "../../src/exec/exec.ts";
import { makeRepo } from "../fakes/repo.ts";

const repo = makeRepo({ "src/a.sh": "echo a\n" });
afterAll(() => repo.remove());

const real = { exec: (argv: readonly string[], o?: { cwd?: string; timeoutMs?: number }) => exec(argv, { cwd: o?.cwd ?? repo.dir, env: process.env, timeoutMs: o?.timeoutMs }) };
const input = (paths: string[]) => gateInput({ phase: "isolated", dir: repo.dir, changed: paths.map((path) => ({ path, status: "modified" as const })) });
const recipe = (steps: { id: string; argv: string[]; timeoutMs?: number }[]) => defineVerify({ name: "shells", match: ["src/*.sh"], steps });

describe("verify-<name> gates", () => {
  test("named after the recipe, in the isolated and candidate phases", () => {
    const gate = verifyGate(recipe([{ id: "a", argv: ["true"] }]));
    expect(gate.name).toBe("verify-shells");
    expect(gate.phase).toEqual(["isolated", "candidate"]);
  });

  test("pass: every step exits 0, run in the judged tree", async () => {
    expect(await runGate(verifyGate(recipe([{ id: "here", argv: ["test", "-f", "src/a.sh"] }])), input(["src/a.sh"]), real)).toEqual({ status: "pass" });
  });

  test("skip: no changed path (nor rename source) matches", async () => {
    const gate = verifyGate(recipe([{ id: "a", argv: ["false"] }]));
    expect(await runGate(gate, input(["README.md"]), real)).toEqual({ status: "skip", reason: "does not apply to this change" });
    const renamed = gateInput({ phase: "isolated", dir: repo.dir, changed: [{ path: "docs/a.txt", status: "renamed", oldPath: "src/old.sh" }] });
    expect((await runGate(gate, renamed, real)).status).toBe("fail");
  });

  test("fail: the first failing step, its exit code and the tail of its output; later steps do not run", async () => {
    const lines = Array.from({ length: 50 }, (_, i) => `line ${i + 1}`).join("\n");
    const gate = verifyGate(recipe([
      { id: "ok", argv: ["true"] },
      { id: "noisy", argv: ["sh", "-c", `printf '${lines}\\n'; exit 3`] },
      { id: "later", argv: ["touch", "later.txt"] },
    ]));
    const outcome = await runGate(gate, input(["src/a.sh"]), real);
    expect(outcome.status).toBe("fail");
    const finding = (outcome as { findings: { rule: string; message: string }[] }).findings[0]!;
    expect(finding.rule).toBe("verify/shells");
    expect(finding.message).toStartWith("Verify recipe 'shells' step 'noisy' failed (exit 3):\n… (10 earlier lines not shown)\nline 11\n");
    expect(finding.message).toEndWith("line 50");
    expect(await Bun.file(`${repo.dir}/later.txt`).exists()).toBe(false);
  });

  test("fail: a step over its timeoutMs", async () => {
    const outcome = await runGate(verifyGate(recipe([{ id: "slow", argv: ["sleep", "10"], timeoutMs: 200 }])), input(["src/a.sh"]), real);
    expect(outcome).toMatchObject({ status: "fail", findings: [{ message: "Verify recipe 'shells' step 'slow' failed (timed out after 0.2s):" }] });
  });

  test("error: a step whose program does not exist is the gate's own failure", async () => {
    const outcome = await runGate(verifyGate(recipe([{ id: "x", argv: ["dgov-no-such-program-xyz"] }])), input(["src/a.sh"]), real);
    expect(outcome.status).toBe("error");
    expect((outcome as { error: string }).error).toContain("gate 'verify-shells' threw: step 'x': cannot run dgov-no-such-program-xyz");
  });
});
