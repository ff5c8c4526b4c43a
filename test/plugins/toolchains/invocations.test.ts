import { describe, expect, test } from "bun:test";
import { lineInvocations, scriptInvocations } from "../../../plugins/typescript/invocations.ts";

const tools = (name: string, scripts: Record<string, string>) => scriptInvocations(name, scripts).map((i) => [i.tool, ...i.args].join(" "));

describe("which tools a package.json script runs", () => {
  const cases: [string, string, Record<string, string>, string[]][] = [
    ["a bundling test script: its lint and build scripts, then the runner", "test", { test: "npm run lint && npm run build && vitest run", lint: "eslint .", build: "tsc -p tsconfig.build.json" }, ["eslint .", "tsc -p tsconfig.build.json", "vitest run"]],
    ["runner prefixes are looked through", "test", { test: "cross-env NODE_ENV=test npx --no jest --ci" }, ["jest --ci"]],
    ["pnpm exec and node_modules/.bin", "test", { test: "pnpm exec vitest run; ./node_modules/.bin/tsc --noEmit" }, ["vitest run", "tsc --noEmit"]],
    ["pnpm, yarn and bun name scripts directly", "test", { test: "pnpm lint && yarn types && bun run unit", lint: "oxlint", types: "tsgo --noEmit", unit: "bun test" }, ["oxlint", "tsgo --noEmit", "bun test"]],
    ["npm test and pre/post scripts", "ci", { ci: "npm test", pretest: "xo", test: "ava", posttest: "c8 report" }, ["xo", "ava", "c8 report"]],
    ["npm-run-all patterns", "test", { test: "run-s lint:* unit", "lint:js": "eslint .", "lint:fmt": "prettier --check .", unit: "mocha" }, ["eslint .", "prettier --check .", "mocha"]],
    ["concurrently with npm: references and quoted commands", "check", { check: 'concurrently "npm:lint" "tsc --noEmit"', lint: "biome check ." }, ["biome check .", "tsc --noEmit"]],
    ["node's and bun's own runners", "test", { test: "node --test test/", "test:bun": "bun test --coverage" }, ["node --test --test test/"]],
    ["a script calling itself stops", "test", { test: "npm test" }, []],
  ];
  for (const [what, start, scripts, expected] of cases) {
    test(what, () => expect(tools(start, scripts)).toEqual(expected));
  }

  test("a CI line follows the scripts it runs", () => {
    const scripts = { lint: "eslint ." };
    expect(lineInvocations("npm ci && npm run lint -- --max-warnings 0", scripts).map((i) => i.tool)).toEqual(["npm", "eslint"]);
  });
});
