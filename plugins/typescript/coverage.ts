import type { Declared } from "./declared.ts";

/*
 * coverage_cmd for the test runner detection chose: the whole suite with an lcov report at
 * `{output}` (a folder the runner creates; the coverage gate reads its lcov.info). Only where
 * the coverage support is installed: bun's and jest's are built in, vitest needs its provider
 * package, node's runner and mocha need c8.
 */

// package.json only: a lockfile names coverage providers as optional peers of vitest even when absent.
const has = (declared: Declared, name: string) => declared.inPackage(name);

/** The command, or null when the runner has no coverage installed here. */
export function coverageCommand(runner: string, x: string, declared: Declared): string | null {
  switch (runner) {
    case "bun test":
      return "bun test --coverage --coverage-reporter=lcov --coverage-dir {output}";
    case "jest":
      return `${x}jest --coverage --coverageReporters=lcovonly --coverageDirectory={output}`;
    case "vitest":
      return has(declared, "@vitest/coverage-v8") || has(declared, "@vitest/coverage-istanbul")
        ? `${x}vitest run --coverage.enabled --coverage.reporter=lcovonly --coverage.reportsDirectory={output}`
        : null;
    case "node --test":
      return has(declared, "c8") ? `${x}c8 --reporter=lcovonly --reports-dir={output} node --test` : null;
    case "mocha":
      return has(declared, "c8") ? `${x}c8 --reporter=lcovonly --reports-dir={output} ${x}mocha` : null;
    default:
      return null;
  }
}
