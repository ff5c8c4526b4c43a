/**
 * The plan fixture corpus through `dist/dgov compile`: valid trees compile to the expected
 * units, dependencies, claims, commit messages and SOP selection; invalid trees fail with
 * exactly the expected messages, exit 2, and leave the plan directory untouched.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { dgov } from "../fakes/dgov.ts";
import { PLAN_FIXTURES, planRepo } from "../fakes/plan-repo.ts";
import type { FixtureRepo } from "../fakes/repo.ts";

interface CompileJson {
  units: Record<string, unknown>[];
  edges: [string, string][];
  warnings: { unit: string | null; message: string }[];
  source_hash: string;
}

interface Expected {
  meta?: Record<string, unknown>;
  units: Record<string, Record<string, unknown> & { prompt_ends_with?: string }>;
  edges: [string, string][];
  warnings: string[];
}

const fixtures = readdirSync(PLAN_FIXTURES).sort();
const repos: FixtureRepo[] = [];
afterAll(() => repos.forEach((r) => r.remove()));

function listing(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String).sort() : [];
}

describe("plan fixture corpus", () => {
  test("has at least 15 trees, valid and invalid", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(15);
    expect(fixtures.filter((f) => existsSync(join(PLAN_FIXTURES, f, "expected.json"))).length).toBeGreaterThanOrEqual(5);
  });

  for (const name of fixtures.filter((f) => existsSync(join(PLAN_FIXTURES, f, "expected.json")))) {
    test(`${name} compiles to the expected structure`, () => {
      const expected = JSON.parse(readFileSync(join(PLAN_FIXTURES, name, "expected.json"), "utf8")) as Expected;
      const { repo, dir } = planRepo(name);
      repos.push(repo);
      const run = dgov(["compile", dir, "--json"], { cwd: repo.dir });
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      const out = run.json<CompileJson>();
      const units = new Map(out.units.map((u) => [u.id as string, u]));
      expect([...units.keys()].sort()).toEqual(Object.keys(expected.units).sort());
      for (const [id, fields] of Object.entries(expected.units)) {
        const { prompt_ends_with: tail, ...rest } = fields;
        expect(units.get(id)).toMatchObject(rest);
        if (tail) expect(units.get(id)!.prompt as string).toEndWith(tail);
      }
      expect(out.edges).toEqual(expected.edges);
      const warnings = out.warnings.map((w) => (w.unit ? `[${w.unit}] ${w.message}` : w.message));
      expect(warnings.length).toBe(expected.warnings.length);
      expected.warnings.forEach((w, i) => expect(warnings[i]).toStartWith(w));
      const compiled = readFileSync(join(dir, "_compiled.toml"), "utf8");
      expect(compiled).toStartWith(`[plan]\nname = "${name}"\nsource_hash = "${out.source_hash}"\n`);
      for (const [key, value] of Object.entries(expected.meta ?? {})) expect(compiled).toContain(`${key} = ${JSON.stringify(value)}\n`);
    });
  }

  for (const name of fixtures.filter((f) => existsSync(join(PLAN_FIXTURES, f, "expected-errors.txt")))) {
    test(`${name} is rejected with the expected messages`, () => {
      const lines = readFileSync(join(PLAN_FIXTURES, name, "expected-errors.txt"), "utf8").trim().split("\n");
      const { repo, dir } = planRepo(name);
      repos.push(repo);
      const before = listing(dir);
      const run = dgov(["compile", dir], { cwd: repo.dir });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      // The headline is the "error:" line; the details follow it, indented.
      const stderr = run.stderr.split("\n").map((l) => l.trim().replace(/^error: /, ""));
      for (const line of lines) expect(stderr).toContain(line);
      expect(listing(dir)).toEqual(before);
      expect(existsSync(join(dir, "_compiled.toml"))).toBe(false);
    });
  }
});
