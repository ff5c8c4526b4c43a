/** src/plan/archive.ts: the archive commit after a complete run carries the plan's files as they read from their new place. */
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { schemaLine } from "../../src/config/editor-schemas.ts";
import { archiveAfterRun } from "../../src/plan/archive.ts";
import { type FixtureRepo, makeRepo } from "../fakes/repo.ts";

let repo: FixtureRepo | undefined;
afterEach(() => repo?.remove());

describe("archiveAfterRun", () => {
  test("the commit moves the plan and points its #:schema lines at the schema from the archive; the checkout follows", async () => {
    const root = ".dgov/plans/p/_root.toml";
    const section = ".dgov/plans/p/t/m.toml";
    repo = makeRepo({
      ".dgov/schemas/plan.schema.json": "{}\n",
      [root]: `${schemaLine("plan", root)}[plan]\nname = "p"\nsections = ["t"]\n`,
      [section]: `${schemaLine("plan", section)}[tasks.a]\nsummary = "a"\n`,
    }, { commit: true });
    const archived = await archiveAfterRun(repo.dir, join(repo.dir, ".dgov/plans/p"), "main", { name: "dgov-worker", email: "agent@dgov.local" });
    expect(archived).toMatchObject({ to: ".dgov/plans/archive/p", note: null });
    expect(repo.git("show", "HEAD:.dgov/plans/archive/p/_root.toml")).toBe('#:schema ../../../schemas/plan.schema.json\n[plan]\nname = "p"\nsections = ["t"]\n');
    expect(repo.git("show", "HEAD:.dgov/plans/archive/p/t/m.toml")).toBe('#:schema ../../../../schemas/plan.schema.json\n[tasks.a]\nsummary = "a"\n');
    expect(readFileSync(join(repo.dir, ".dgov/plans/archive/p/t/m.toml"), "utf8")).toStartWith("#:schema ../../../../schemas/plan.schema.json\n");
    expect(existsSync(join(repo.dir, ".dgov/plans/p"))).toBe(false);
    expect(repo.git("status", "--porcelain")).toBe("");
  });
});
