import { afterEach, describe, expect, test } from "bun:test";
import { runGate } from "dgov/testing";
import { formatGate } from "../../gates/format.ts";
import { type GateRepo, gateRepo, isolatedInput } from "./gate-repo.ts";

// A "format check": every `x=1` (no spaces) is unformatted; prints them and exits 1.
const CHECK_SH = `grep -Hn '[a-z]=[0-9]' "$@" && exit 1\nexit 0\n`;
const project = { format_check_cmd: "sh check.sh {file}" };

let repo: GateRepo;
afterEach(() => repo?.remove());

function base() {
  repo = gateRepo({ "check.sh": CHECK_SH, "src/old.py": "a=1\nb=2\n" });
  return repo;
}

describe("format gate", () => {
  test("checks new files only: an old, unformatted file the task edited passes", async () => {
    const head = base().commit({ "src/old.py": "a=1\nb = 3\n", "src/new.py": "x = 1\n" });
    expect(await runGate(formatGate, await isolatedInput(repo, head, project), { exec: repo.exec })).toEqual({ status: "pass" });
  });

  test("an unformatted new file fails with the checker's output", async () => {
    const head = base().commit({ "src/old.py": "a=1\nb=3\n", "src/bad file.py": "x=1\n" });
    expect(await runGate(formatGate, await isolatedInput(repo, head, project), { exec: repo.exec })).toEqual({
      status: "fail",
      findings: [{ rule: "format", message: "Format failure:\nsrc/bad file.py:1:x=1", hint: "Format the new files (`sh check.sh 'src/bad file.py'` checks them)." }],
    });
  });

  test("long output keeps its head and tail and says what was cut", async () => {
    const head = base().commit({ "src/new.py": "x=1\n" });
    const loud = { format_check_cmd: "echo FIRST; seq 1 5000; echo LAST; exit 1" };
    const outcome = await runGate(formatGate, await isolatedInput(repo, head, loud), { exec: repo.exec });
    if (outcome.status !== "fail") throw new Error(`expected a failure, got ${outcome.status}`);
    const message = outcome.findings[0]!.message;
    expect(message).toStartWith("Format failure:\nFIRST\n");
    expect(message).toEndWith("5000\nLAST");
    expect(message).toMatch(/\[\d+ characters of output cut\]/);
  });

  test("a missing program fails with what to do", async () => {
    const head = base().commit({ "src/new.py": "x = 1\n" });
    const outcome = await runGate(formatGate, await isolatedInput(repo, head, { format_check_cmd: "no-such-formatter-dgov {file}" }), { exec: repo.exec });
    expect(outcome).toMatchObject({ status: "fail", findings: [{ message: expect.stringContaining("format_check_cmd program not found") }] });
  });

  test("skips when the task added no source file, or without a format_check_cmd", async () => {
    const head = base().commit({ "src/old.py": "a=1\nb=9\n", "notes.txt": "x=1\n" });
    expect(await runGate(formatGate, await isolatedInput(repo, head, project), { exec: repo.exec })).toMatchObject({ status: "skip" });
    const head2 = repo.commit({ "src/new.py": "x=1\n" });
    expect(await runGate(formatGate, await isolatedInput(repo, head2, { format_check_cmd: "" }), { exec: repo.exec })).toMatchObject({ status: "skip" });
  });

  test("a base git does not know is the gate's error", async () => {
    const head = base().commit({ "src/new.py": "x=1\n" });
    const input = { ...(await isolatedInput(repo, head, project)), baseSha: "f".repeat(40) };
    expect(await runGate(formatGate, input, { exec: repo.exec })).toMatchObject({ status: "error" });
  });
});
