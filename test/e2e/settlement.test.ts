/**
 * Settlement end to end on a TypeScript fixture checked by the real `tsc` and tested by the real
 * `bun test`, through `dist/dgov run` with command workers: a failing gate sends the worker back
 * once with the findings, and the task merges when the retry fixes it, or fails with them.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type RunRepo, runRepo } from "../fakes/run-repo.ts";
import { TS_EXTRA, TS_FILES, TS_PROJECT } from "../fakes/ts-fixture.ts";

/** Writes `body` as src/math.ts's function body; `retry` on the attempt the verdict sent back. */
const worker = (first: string, retry: string) =>
  `if grep -q "REJECTED by settlement"; then body='${retry}'; else body='${first}'; fi
printf 'export function add(a: number, b: number): number {\\n  return %s;\\n}\\n' "$body" > src/math.ts`;

let current: RunRepo | undefined;
afterEach(() => current?.remove());

function repo(script: string): RunRepo {
  // The test file is claimed for reading: context for the task, and what the tests gate runs.
  const task = { slug: "fix", script, edit: ["src/math.ts"], read: ["tests/math.test.ts"], prompt: "Orient:\nRead src/math.ts.\nEdit:\nMake add() add.\nVerify:\nbun test." };
  current = runRepo([task], { project: TS_PROJECT, files: TS_FILES, extra: TS_EXTRA });
  return current;
}

const retryPrompt = (r: RunRepo) => readFileSync(join(r.repo.dir, ".dgov/out/t%2Fm.fix/attempt-1-retry-in-place.prompt.md"), "utf8");

describe("settlement with real tsc and bun test", () => {
  test("a failing test sends the worker back once with the output; the fixed retry merges", () => {
    const r = repo(worker("a * b", "a + b"));
    const run = r.run(["--json"]);
    expect(run.json<{ status: string }>().status).toBe("complete");
    expect(run.code).toBe(0);
    expect(readFileSync(join(r.repo.dir, "src/math.ts"), "utf8")).toContain("return a + b;");
    expect(r.log()).toEqual(["Task fix", "initial"]);
    const prompt = retryPrompt(r);
    expect(prompt).toContain("settlement rejected at isolated by tests: Test failure from `bun test");
    expect(prompt).toContain("Expected: 5");
    expect(prompt).toContain("Received: 6");
  }, 60_000);

  test("a type error the retry does not fix: the task fails with the findings, kept for status", () => {
    const r = repo(worker("String(a + b)", "String(a + b)"));
    const run = r.run(["--json"]);
    expect(run.code).toBe(1);
    const task = run.json<{ tasks: { state: string; error: string }[] }>().tasks[0]!;
    expect(task.state).toBe("failed");
    expect(task.error).toMatch(/^settlement rejected at isolated by typecheck, tests: /);
    expect(task.error).toContain("src/math.ts:2");
    expect(task.error).toContain("TS2322");
    expect(retryPrompt(r)).toContain("TS2322");
    expect(r.log()).toEqual(["initial"]);
    const status = r.dgov(["status"]);
    expect(status.stdout).toContain("settlement rejected at isolated by typecheck, tests");
  }, 60_000);
});
