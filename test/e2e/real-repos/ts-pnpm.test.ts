/**
 * The TypeScript package of ts-npm.test.ts on pnpm: its tools run as `pnpm exec <tool>`, its
 * installed packages reused from the root (issue 12). The same verdicts, from the same gates.
 */
import { afterAll, afterEach, beforeAll, describe, test } from "bun:test";
import { type ModelServer, startModelServer } from "../../fakes/model-server.ts";
import { expectInitWrites, expectScenarios, type Outcome, runFixture } from "../../fakes/real-repo.ts";
import { haveToolchains } from "../../fakes/toolchains.ts";
import { tsFixture } from "../../fakes/ts-project.ts";

let server: ModelServer;
let outcome: Outcome | undefined;
beforeAll(async () => {
  server = await startModelServer();
});
afterAll(() => server.close());
afterEach(() => outcome?.r.remove());

describe.if(haveToolchains("node", "pnpm"))("a TypeScript package on pnpm: eslint 9, prettier, tsc, vitest through pnpm exec", () => {
  test("dgov init writes the settings this fixture runs with, key by key", () => expectInitWrites(tsFixture("pnpm")));

  test("each change gets the verdict it deserves, from the right gate", async () => {
    const fixture = tsFixture("pnpm");
    outcome = await runFixture(server, fixture);
    expectScenarios(fixture, outcome);
  }, 240_000);
});
