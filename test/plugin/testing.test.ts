import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { defineGate, defineTool } from "../../src/plugin/api.ts";
import { gateWillCheck } from "../../src/plugin/invoke.ts";
import { fakeExec, gateInput, runGate, runTool, testContext } from "../../src/plugin/testing.ts";

const gate = (check: () => unknown) =>
  defineGate({ name: "g", description: "d", phase: "review", check: check as never });

describe("dgov/testing", () => {
  test("fakeExec answers from rules in order and records calls", async () => {
    const exec = fakeExec([
      { match: ["git", "status"], result: { stdout: "clean" } },
      { match: /^npm/, result: (argv) => ({ code: 4, stdout: argv.join("+") }) },
      { match: (argv) => argv[0] === "x", result: {} },
    ]);
    expect(await exec(["git", "status"])).toMatchObject({ code: 0, stdout: "clean" });
    expect(await exec(["npm", "test"], { cwd: "/w" })).toMatchObject({ code: 4, stdout: "npm+test" });
    expect((await exec(["x"])).code).toBe(0);
    expect(await exec(["rg"])).toMatchObject({ code: 127, stderr: "fakeExec: no rule matches: rg" });
    expect(exec.calls.map((c) => c.argv.join(" "))).toEqual(["git status", "npm test", "x", "rg"]);
    expect(exec.calls[1]!.options).toEqual({ cwd: "/w" });
  });

  test("testContext has a fixed clock and captures logs", () => {
    const ctx = testContext({ now: 42, options: { a: 1 } });
    ctx.log.warn("careful");
    expect(ctx.now()).toBe(42);
    expect(ctx.options).toEqual({ a: 1 });
    expect(ctx.logs).toEqual([{ level: "warn", message: "careful" }]);
  });

  test("gateInput fills defaults and merges claims", () => {
    const input = gateInput({ task: { claims: { edit: ["a.ts"] } as never } });
    expect(input.task?.claims).toEqual({ create: [], edit: ["a.ts"], delete: [], touch: [], read: [] });
    expect(input.config.project.max_parallel).toBe(4);
  });

  test("a gate that throws is an error, never a pass", async () => {
    const result = await runGate(gate(() => { throw new Error("boom"); }));
    expect(result).toEqual({ status: "error", error: "gate 'g' threw: boom" });
  });

  test("a gate result of the wrong shape is an error", async () => {
    expect((await runGate(gate(() => ({ status: "ok" })))).status).toBe("error");
    expect((await runGate(gate(() => ({ status: "fail", findings: [] })))).status).toBe("error");
    const badLine = await runGate(gate(() => ({ status: "fail", findings: [{ rule: "r", message: "m", line: 0 }] })));
    expect(badLine).toMatchObject({ status: "error", error: expect.stringContaining("findings") });
  });

  test("appliesTo false skips the gate", async () => {
    const g = defineGate({ name: "g", description: "d", phase: "review", appliesTo: () => false, check: () => ({ status: "pass" }) });
    expect((await runGate(g)).status).toBe("skip");
  });

  test("skip: a reason skips the gate before check runs; null runs it; gateWillCheck agrees", async () => {
    let checked = 0;
    const g = defineGate({
      name: "g", description: "d", phase: "isolated",
      skip: (input) => (input.changed.length ? null : "nothing changed"),
      check: () => (checked++, { status: "pass" }),
    });
    expect(await runGate(g)).toEqual({ status: "skip", reason: "nothing changed" });
    expect(checked).toBe(0);
    expect(gateWillCheck(g, gateInput())).toBe(false);
    const changed = gateInput({ changed: [{ path: "a.ts", status: "modified" }] });
    expect(await runGate(g, changed)).toEqual({ status: "pass" });
    expect(gateWillCheck(g, changed)).toBe(true);
    const throwing = defineGate({ name: "t", description: "d", phase: "isolated", skip: () => { throw new Error("bad"); }, check: () => ({ status: "pass" }) });
    expect(gateWillCheck(throwing, gateInput())).toBe(true);
    expect(await runGate(throwing)).toEqual({ status: "error", error: "gate 't' threw: bad" });
  });

  test("a tool's arguments are validated, its exceptions caught, its result checked", async () => {
    const tool = defineTool({
      name: "t",
      description: "d",
      args: v.object({ n: v.number() }),
      roles: ["worker"],
      effect: "read",
      run: ({ n }) => {
        if (n < 0) throw new Error("negative");
        if (n === 0) return { ok: true, output: 5 } as never;
        return { ok: true, output: String(n * 2) };
      },
    });
    expect(await runTool(tool, { n: "x" })).toEqual({ ok: false, error: "invalid arguments for t: n: expected number, got \"x\"" });
    expect(await runTool(tool, { n: -1 })).toEqual({ ok: false, error: "t failed: negative" });
    expect((await runTool(tool, { n: 0 })).ok).toBe(false);
    expect(await runTool(tool, { n: 2 })).toEqual({ ok: true, output: "4" });
  });
});
