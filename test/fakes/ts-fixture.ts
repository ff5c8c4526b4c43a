/**
 * A small TypeScript project for settlement end to end: type-checked by the real `tsc` and
 * tested by the real `bun test` (dgov's own node_modules, linked in by `setup_cmd`).
 */
import { join } from "node:path";

const NODE_MODULES = join(import.meta.dir, "..", "..", "node_modules");

export const TS_FILES = {
  ".gitignore": "node_modules\n",
  "package.json": '{ "name": "fixture", "type": "module" }\n',
  "tsconfig.json": JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: "ESNext", module: "Preserve", moduleResolution: "bundler", types: ["bun"], allowImportingTsExtensions: true, skipLibCheck: true },
    include: ["src", "tests"],
  }),
  "src/math.ts": "export function add(a: number, b: number): number {\n  return a - b;\n}\n",
  "tests/math.test.ts": 'import { expect, test } from "bun:test";\nimport { add } from "../src/math.ts";\n\ntest("adds", () => {\n  expect(add(2, 3)).toBe(5);\n});\n',
};

/** `.dgov/project.toml` [project] keys: tsc as the type check, `bun test` on the claimed tests. */
export const TS_PROJECT = `
src_dir = "src/"
test_dir = "tests/"
source_extensions = [".ts"]
setup_cmd = "ln -s '${NODE_MODULES}' node_modules"
test_cmd = "bun test {test_dir}"
type_check_cmd = "node_modules/.bin/tsc --noEmit -p ."
lint_cmd = ""
lint_fix_cmd = ""
format_cmd = ""
format_check_cmd = ""
`;

/** Extra project.toml tables: dgov's node_modules (the fixture's, linked) stays readable in the sandbox wherever the checkout is, /tmp included. */
export const TS_EXTRA = `[sandbox]\nreadable = ["${NODE_MODULES}"]\n`;
