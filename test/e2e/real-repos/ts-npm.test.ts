/**
 * A TypeScript package on npm, checked by eslint 9 (typescript-eslint), prettier, tsc and
 * vitest — the real ones (issue 12). Its entry re-exports the modules; the tests import the
 * entry. One run: a correct change lands next to old findings; a lint error on a changed
 * line, an unformatted edit, a second TS2322 in a file that already has one and a break only
 * the tests through the entry see are each rejected by the right gate. Preflight leaves the
 * tree byte-identical.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { startModelServer, type ModelServer } from "../../fakes/model-server.ts";
import { expectInitWrites, expectPreflight, expectScenarios, fixtureRepo, runFixture, type Outcome } from "../../fakes/real-repo.ts";
import { haveToolchains } from "../../fakes/toolchains.ts";
import { tsFixture } from "../../fakes/ts-project.ts";

let server: ModelServer;
let outcome: Outcome | undefined;
beforeAll(async () => {
  server = await startModelServer();
});
afterAll(() => server.close());
afterEach(() => outcome?.r.remove());

describe.if(haveToolchains("node"))("a TypeScript package on npm: eslint 9, prettier, tsc, vitest", () => {
  test("dgov init writes the settings this fixture runs with, key by key", () => expectInitWrites(tsFixture("npm")));

  test("each change gets the verdict it deserves, from the right gate", async () => {
    const fixture = tsFixture("npm");
    outcome = await runFixture(server, fixture);
    expectScenarios(fixture, outcome);
    expect(outcome.r.log()).toContain("Task good");
  }, 240_000);

  test("preflight: an unused variable on a changed line fails lint; the tree stays byte-identical", async () => {
    const r = fixtureRepo(server, tsFixture("npm"));
    outcome = { r, code: 0, stderr: "", tasks: new Map() };
    await expectPreflight(r, { "src/core/math.ts": "export function add(a: number, b: number): number {\n  const unused = a * 2;\n  return a + b;\n}\n" }, "lint", "no-unused-vars");
  }, 120_000);
});
