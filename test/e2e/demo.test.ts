/** `dgov demo`: the offline end-to-end run a newcomer starts with (no API key, no network). */
import { afterAll, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dgovAsync } from "../fakes/dgov.ts";

const parent = mkdtempSync(join(tmpdir(), "dgov-demo-test-"));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

describe("dgov demo", () => {
  test("runs the demo plan with the llm worker and an embedded model: a test-gate rejection, a retry, three tasks merged and verified, in order", async () => {
    const dir = join(parent, "repo");
    const run = await dgovAsync(["demo", dir, "--json"], { env: { OPENAI_API_KEY: undefined, DGOV_DEMO_API_KEY: undefined } });
    expect(run.code).toBe(0);
    type Task = { id: string; state: string; settlement_retries: number; verified: string[]; unverified: string | null };
    const summary = run.json<{ status: string; tasks: Task[]; usage: { prompt_tokens: number } }>();
    expect(summary.status).toBe("complete");
    expect(summary.tasks.map((t) => [t.id, t.state, t.settlement_retries, t.verified, t.unverified])).toEqual([
      ["main/tasks.farewell", "merged", 0, ["tests"], null],
      ["main/tasks.index", "merged", 0, ["tests"], null],
      ["main/tasks.shout", "merged", 1, ["tests"], null],
    ]);
    // The rejection was the real test gate: `bun test` (the dgov binary as Bun) failing the existing test.
    expect(existsSync(join(dir, ".dgov/plans/archive/demo/_root.toml"))).toBe(true);
    const db = new Database(join(dir, ".dgov/state.db"), { readonly: true });
    const failed = db.query("SELECT data FROM events WHERE event = 'gate_completed' AND task = 'main/tasks.shout' AND json_extract(data, '$.status') = 'fail'").all() as { data: string }[];
    db.close();
    expect(failed.map((r) => JSON.parse(r.data).gate)).toEqual(["tests"]);
    expect(failed[0]!.data).toContain('Expected: \\"Hello, Ada\\"');
    expect(failed[0]!.data).toContain('Received: \\"Hello, Ada.\\"');
    expect(readFileSync(join(dir, "src/greet.ts"), "utf8")).toContain('${loud ? "!" : ""}');
    expect(summary.usage.prompt_tokens).toBeGreaterThan(0);
    expect(readFileSync(join(dir, "src/index.ts"), "utf8")).toContain('export { farewell } from "./farewell.ts";');
    expect(readFileSync(join(dir, "src/greet.ts"), "utf8")).toContain("loud = false");
    const log = Bun.spawnSync(["git", "log", "--format=%s", "main"], { cwd: dir }).stdout.toString().trim().split("\n");
    // The dependent task lands last; the two independent ones in plan order before it; then the complete plan is archived.
    expect(log).toEqual(["Archive plan demo", "Add src/index.ts", "greet(): optional exclamation", "Add farewell()", "initial"]);
  });

  test("refuses a folder that is not empty, and changes nothing in it", async () => {
    const run = await dgovAsync(["demo", parent]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("is not empty");
  });
});
