/** `dist/dgov init --json` on a fixture repository, and what it wrote. */
import { expect } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { dgov } from "../fakes/dgov.ts";
import { type FixtureRepo, makeRepo } from "../fakes/repo.ts";
import { nodeTools } from "../fakes/toolchains.ts";

export interface InitJson {
  status: string;
  language: string;
  confidence: string;
  tools: string[];
  commands: Record<string, string>;
  reuse_dirs: string[];
  src_dir: string;
  test_dir: string;
  notes: string[];
  files: { path: string; action: string }[];
}

export interface Initialized {
  repo: FixtureRepo;
  out: InitJson;
  /** The `[project]` table dgov resolves from the written project.toml (`dgov config --json`). */
  project(): Record<string, unknown>;
  /** The SOP files written under .dgov/sops/. */
  sops(): string[];
  /** `dgov init-plan demo`, then its `tasks/_example.toml`. */
  example(): string;
}

export function initRepo(files: Record<string, string>, args: string[] = []): Initialized {
  const repo = makeRepo(files);
  const run = dgov(["init", "--json", ...args], { cwd: repo.dir });
  expect(run.stderr).not.toContain("error");
  expect(run.code).toBe(0);
  return {
    repo,
    out: run.json<InitJson>(),
    project() {
      const config = dgov(["config", "--json"], { cwd: repo.dir });
      expect(config.code).toBe(0);
      return config.json<{ config: { project: Record<string, unknown> } }>().config.project;
    },
    sops: () => readdirSync(join(repo.dir, ".dgov/sops")).sort(),
    example() {
      const plan = dgov(["init-plan", "demo"], { cwd: repo.dir });
      expect(plan.code).toBe(0);
      return readFileSync(join(repo.dir, ".dgov/plans/demo/tasks/_example.toml"), "utf8");
    },
  };
}

/** The commands `dgov config` resolves, for the keys init detected (a key init left out is "" or null there). */
export function expectResolved(project: Record<string, unknown>, commands: Record<string, string>): void {
  for (const [key, value] of Object.entries(commands)) expect({ key, value: project[key] }).toEqual({ key, value });
}

/** What init reported and wrote: language, every command (also as `dgov config` resolves it), folders, SOP pack. */
export function expectDetected(made: Initialized, want: { language: string; commands: Record<string, string>; srcDir: string; testDir: string; style: string }): void {
  const { out } = made;
  expect(out.language).toBe(want.language);
  expect(out.commands).toEqual(want.commands);
  expect([out.src_dir, out.test_dir]).toEqual([want.srcDir, want.testDir]);
  const project = made.project();
  expectResolved(project, want.commands);
  expect(project).toMatchObject({ language: want.language, src_dir: want.srcDir, test_dir: want.testDir });
  expect(made.sops()).toEqual(packWith(want.style));
}

export const pkg = (data: object) => JSON.stringify(data);

/** The common SOP pack plus one language's style SOP, as file names. */
export function packWith(style: string): string[] {
  const common = ["architecture", "code-review", "error-handling", "git-commits", "knowledge-base", "large-file-handling", "project-extensions", "refactoring-discipline", "return-values", "state-modeling-review", "testing"];
  return [...common, style].map((n) => `${n}.md`).sort();
}

/** A small TypeScript package: an entry re-exporting its modules, a test importing the package. */
export const SHOP_TS = {
  "src/index.ts": 'export { Cart } from "./cart.ts";\nexport { price } from "./price.ts";\n',
  "src/cart.ts": 'import { price } from "./price.ts";\n\nexport class Cart {\n  items: string[] = [];\n  total(): number {\n    return this.items.reduce((sum, item) => sum + price(item), 0);\n  }\n}\n',
  "src/price.ts": "export function price(item: string): number {\n  return item.length;\n}\n",
  "test/cart.test.ts": 'import { expect, test } from "vitest";\nimport { Cart } from "../src/index.ts";\n\ntest("empty cart", () => {\n  expect(new Cart().total()).toBe(0);\n});\n',
  "README.md": "# shop\n",
};
const CI = "name: ci\non: [push]\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci\n      - name: types\n        run: npx tsc --noEmit -p tsconfig.check.json\n      - run: npm test\n";

/** npm + eslint 9 + prettier + tsc + vitest, with the real lockfile of those tools. */
/** The shared tools' lockfile without the TypeScript 7 preview (tsgo), which this shop does not install. */
function withoutTsgo(lockfile: string): string {
  const lock = JSON.parse(lockfile) as { packages: Record<string, { devDependencies?: Record<string, string> }> };
  for (const key of Object.keys(lock.packages)) if (key.includes("@typescript/native-preview")) delete lock.packages[key];
  delete lock.packages[""]?.devDependencies?.["@typescript/native-preview"];
  return `${JSON.stringify(lock, null, 2)}\n`;
}

export function npmShop(): Record<string, string> {
  const { devDependencies, lockfile } = nodeTools();
  const used = ["eslint", "@eslint/js", "prettier", "typescript", "vitest"];
  return {
    ...SHOP_TS,
    "package.json": pkg({
      name: "shop",
      type: "module",
      scripts: { test: "npm run lint && npm run build && vitest run", lint: "eslint . && prettier --check .", build: "tsc -p tsconfig.build.json" },
      devDependencies: Object.fromEntries(used.map((name) => [name, devDependencies[name]!])),
    }),
    "package-lock.json": withoutTsgo(lockfile),
    "eslint.config.js": 'import js from "@eslint/js";\n\nexport default [js.configs.recommended];\n',
    "tsconfig.json": pkg({ compilerOptions: { strict: true, module: "nodenext", allowImportingTsExtensions: true, noEmit: true }, include: ["src", "test"] }),
    "tsconfig.build.json": pkg({ extends: "./tsconfig.json", include: ["src"] }),
    "tsconfig.check.json": pkg({ extends: "./tsconfig.json", include: ["src"] }),
    ".github/workflows/ci.yml": CI,
  };
}
