/**
 * A TypeScript package on npm, checked by eslint 9 (typescript-eslint), prettier, tsc and
 * vitest — the real ones (issue 12). Its entry re-exports the modules; the tests import the
 * entry. One run: a correct change lands next to old findings; a lint error on a changed
 * line, an unformatted edit, a second TS2322 in a file that already has one and a break only
 * the tests through the entry see are each rejected by the right gate. Preflight leaves the
 * tree byte-identical.
 */
import { describeFixture } from "../../fakes/real-repo.ts";
import { tsFixture } from "../../fakes/ts-project.ts";

describeFixture("a TypeScript package on npm: eslint 9, prettier, tsc, vitest", ["node"], () => tsFixture("npm"), { what: "an unused variable on a changed line fails lint", broken: { "src/core/math.ts": "export function add(a: number, b: number): number {\n  const unused = a * 2;\n  return a + b;\n}\n" }, gate: "lint", finding: "no-unused-vars" });
